#include "core/common/decimal_to_double.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace core {
namespace {

// A double's significant digits never need more than 767 decimal digits to be told apart
// from a halfway point; past this many, only whether a nonzero digit follows matters.
constexpr int max_digits = 800;
// Decimal exponents beyond these are infinite or zero whatever the digits: the largest
// double is below 1e309 and the halfway point above zero (2^-1075) above 1e-325.
constexpr long max_leading_exponent = 309;
constexpr long min_leading_exponent = -325;

constexpr double exact_powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                          1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                          1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
constexpr std::uint64_t two_to_53 = std::uint64_t(1) << 53;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// An unsigned integer of any size: 32-bit limbs, least significant first, no zero limb on
// top (zero has no limbs).
class big_integer {
 public:
  big_integer() = default;
  explicit big_integer(std::uint64_t v) {
    for (; v != 0; v >>= 32) limbs_.push_back(static_cast<std::uint32_t>(v));
  }

  void multiply_add(std::uint32_t factor, std::uint32_t addend) {
    std::uint64_t carry = addend;
    for (auto& limb : limbs_) {
      const std::uint64_t t = std::uint64_t(limb) * factor + carry;
      limb = static_cast<std::uint32_t>(t);
      carry = t >> 32;
    }
    if (carry != 0) limbs_.push_back(static_cast<std::uint32_t>(carry));
  }

  void multiply_by_power_of_5(long n) {
    static constexpr std::uint32_t small[] = {1, 5, 25, 125, 625, 3125, 15625, 78125, 390625,
                                              1953125, 9765625, 48828125, 244140625};
    for (; n >= 13; n -= 13) multiply_add(1220703125u, 0);  // 5^13
    if (n > 0) multiply_add(small[n], 0);
  }

  big_integer times(std::uint64_t factor) const {
    big_integer out;
    out.limbs_.assign(limbs_.size() + 2, 0);
    for (int half = 0; half < 2; ++half) {
      const std::uint64_t f = half == 0 ? (factor & 0xffffffffu) : (factor >> 32);
      if (f == 0) continue;
      std::uint64_t carry = 0;
      std::size_t at = half;
      for (std::uint32_t limb : limbs_) {
        const std::uint64_t t = std::uint64_t(limb) * f + out.limbs_[at] + carry;
        out.limbs_[at++] = static_cast<std::uint32_t>(t);
        carry = t >> 32;
      }
      for (; carry != 0; ++at) {
        const std::uint64_t t = std::uint64_t(out.limbs_[at]) + carry;
        out.limbs_[at] = static_cast<std::uint32_t>(t);
        carry = t >> 32;
      }
    }
    out.trim();
    return out;
  }

  void shift_left(long bits) {
    if (limbs_.empty() || bits <= 0) return;
    const int part = static_cast<int>(bits % 32);
    if (part != 0) {
      std::uint32_t carry = 0;
      for (auto& limb : limbs_) {
        const std::uint32_t next = limb >> (32 - part);
        limb = (limb << part) | carry;
        carry = next;
      }
      if (carry != 0) limbs_.push_back(carry);
    }
    limbs_.insert(limbs_.begin(), static_cast<std::size_t>(bits / 32), 0u);
  }

  friend int compare(const big_integer& a, const big_integer& b) {
    if (a.limbs_.size() != b.limbs_.size()) return a.limbs_.size() < b.limbs_.size() ? -1 : 1;
    for (std::size_t i = a.limbs_.size(); i-- > 0;) {
      if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
    }
    return 0;
  }

 private:
  void trim() {
    while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
  }
  std::vector<std::uint32_t> limbs_;
};

// The significant digits of a decimal number (no leading zero) and the power of ten of the
// last one: value = digits × 10^exponent.
struct decimal {
  char digits[max_digits + 1];
  int count = 0;
  long exponent = 0;
};

std::uint64_t bits_of(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

double from_bits(std::uint64_t b) {
  double x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}

// A finite double >= 0 as significand × 2^power.
struct binary_parts {
  std::uint64_t significand;
  long power;
};

binary_parts parts_of(double x) {
  const std::uint64_t b = bits_of(x);
  const std::uint64_t fraction = b & (two_to_53 / 2 - 1);
  const long biased = static_cast<long>(b >> 52);
  if (biased == 0) return {fraction, -1074};
  return {fraction | two_to_53 / 2, biased - 1075};
}

// Compares digits × 10^exponent, exactly, with halfway points (2m+1) × 2^(k-1).
class halfway_comparison {
 public:
  explicit halfway_comparison(const decimal& d) : exponent_(d.exponent) {
    for (int i = 0; i < d.count;) {  // nine digits at a time
      std::uint32_t chunk = 0;
      std::uint32_t scale = 1;
      for (int n = 0; n < 9 && i < d.count; ++n, ++i) {
        chunk = chunk * 10 + static_cast<std::uint32_t>(d.digits[i] - '0');
        scale *= 10;
      }
      digits_.multiply_add(scale, chunk);
    }
    if (exponent_ >= 0) {
      scaled_ = digits_;
      scaled_.multiply_by_power_of_5(exponent_);
    } else {
      five_power_ = big_integer(1);
      five_power_.multiply_by_power_of_5(-exponent_);
    }
  }

  // <0, 0, >0 as the decimal value is below, at or above the halfway point between x and
  // the next double up.
  int against_halfway_above(double x) const {
    const binary_parts p = parts_of(x);
    long left_twos = 0;
    long right_twos = p.power - 1;
    big_integer right;
    if (exponent_ >= 0) {
      left_twos += exponent_;
      right = big_integer(2 * p.significand + 1);
    } else {
      right = five_power_.times(2 * p.significand + 1);
      right_twos += -exponent_;
    }
    const long common = left_twos < right_twos ? left_twos : right_twos;
    left_twos -= common;
    right_twos -= common;
    right.shift_left(right_twos);
    if (left_twos == 0) return compare(exponent_ >= 0 ? scaled_ : digits_, right);
    big_integer left = exponent_ >= 0 ? scaled_ : digits_;
    left.shift_left(left_twos);
    return compare(left, right);
  }

 private:
  long exponent_;
  big_integer digits_;      // the digits as an integer
  big_integer five_power_;  // 5^-exponent, when exponent < 0
  big_integer scaled_;      // digits × 5^exponent, when exponent >= 0
};

// The nearest double to d (positive, nonzero), ties to even.
double nearest_double(const decimal& d) {
  // one exact operation when the digits and the power of ten are exact doubles
  if (d.count <= 19) {
    std::uint64_t w = 0;
    for (int i = 0; i < d.count; ++i) w = w * 10 + static_cast<std::uint64_t>(d.digits[i] - '0');
    if (w <= two_to_53) {
      if (d.exponent == 0) return static_cast<double>(w);
      if (d.exponent > 0 && d.exponent <= 22) return static_cast<double>(w) * exact_powers_of_ten[d.exponent];
      if (d.exponent < 0 && d.exponent >= -22) return static_cast<double>(w) / exact_powers_of_ten[-d.exponent];
      if (d.exponent > 22 && d.exponent <= 22 + 15) {
        const std::uint64_t shift = static_cast<std::uint64_t>(exact_powers_of_ten[d.exponent - 22]);
        if (w <= two_to_53 / shift) return static_cast<double>(w * shift) * 1e22;
      }
    }
  }

  // A guess within some units in the last place, from the first 19 digits...
  std::uint64_t w = 0;
  const int used = d.count < 19 ? d.count : 19;
  for (int i = 0; i < used; ++i) w = w * 10 + static_cast<std::uint64_t>(d.digits[i] - '0');
  long scale = d.exponent + (d.count - used);
  double x = static_cast<double>(w);
  for (; scale > 22 && x <= std::numeric_limits<double>::max(); scale -= 22) x *= 1e22;
  for (; scale < -22 && x > 0; scale += 22) x /= 1e22;
  if (scale > 0 && scale <= 22) x *= exact_powers_of_ten[scale];
  if (scale < 0 && scale >= -22) x /= exact_powers_of_ten[-scale];
  constexpr double largest = std::numeric_limits<double>::max();
  if (!(x <= largest)) x = largest;

  // ...then moved one place at a time until the value lies between its halfway points.
  const halfway_comparison value(d);
  for (;;) {
    const int above = value.against_halfway_above(x);
    const bool odd = (parts_of(x).significand & 1) != 0;
    if (above > 0 || (above == 0 && odd)) {
      if (x == largest) return std::numeric_limits<double>::infinity();
      x = from_bits(bits_of(x) + 1);
      continue;
    }
    if (x > 0) {
      const double below = from_bits(bits_of(x) - 1);
      const int at_lower = value.against_halfway_above(below);
      if (at_lower < 0 || (at_lower == 0 && odd)) {
        x = below;
        continue;
      }
    }
    return x;
  }
}

}  // namespace

decimal_reading read_decimal(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  bool negative = false;
  if (i < n && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';

  decimal d;
  bool any_digit = false;
  bool nonzero_dropped = false;
  auto take = [&](char c, bool fraction) {
    any_digit = true;
    if (d.count == 0 && c == '0') {  // a leading zero
      if (fraction) --d.exponent;
      return;
    }
    if (d.count < max_digits) {
      d.digits[d.count++] = c;
      if (fraction) --d.exponent;
    } else {
      nonzero_dropped |= c != '0';
      if (!fraction) ++d.exponent;
    }
  };
  for (; i < n && is_digit(text[i]); ++i) take(text[i], false);
  if (i < n && text[i] == '.') {
    for (++i; i < n && is_digit(text[i]); ++i) take(text[i], true);
  }
  if (!any_digit) return {0.0, 0};

  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t j = i + 1;
    bool negative_exponent = false;
    if (j < n && (text[j] == '+' || text[j] == '-')) negative_exponent = text[j++] == '-';
    if (j < n && is_digit(text[j])) {  // else the 'e' is not part of the number
      long e = 0;
      for (; j < n && is_digit(text[j]); ++j) {
        if (e < 100000000) e = e * 10 + (text[j] - '0');
      }
      d.exponent += negative_exponent ? -e : e;
      i = j;
    }
  }

  const double sign = negative ? -1.0 : 1.0;
  if (d.count == 0) return {sign * 0.0, i};
  if (nonzero_dropped) {
    // digits past max_digits only tell that the value lies above the kept ones
    d.digits[d.count++] = '1';
    --d.exponent;
  } else {
    while (d.digits[d.count - 1] == '0') --d.count, ++d.exponent;
  }
  const long leading = d.exponent + d.count - 1;
  if (leading > max_leading_exponent) return {sign * std::numeric_limits<double>::infinity(), i};
  if (leading < min_leading_exponent) return {sign * 0.0, i};
  return {sign * nearest_double(d), i};
}

}  // namespace core
