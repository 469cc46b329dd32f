#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "core/common/decimal_to_double.h"

using core::read_decimal;

namespace {

std::uint64_t bits_of(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

// The value and the length glibc's strtod (correctly rounded) gives the same text.
void same_as_strtod(const std::string& text) {
  char* end = nullptr;
  const double expected = std::strtod(text.c_str(), &end);
  const auto got = read_decimal(text);
  INFO(text);
  CHECK(got.bytes == static_cast<std::size_t>(end - text.c_str()));
  CHECK(bits_of(got.value) == bits_of(expected));
}

std::string digits(std::mt19937_64& rng, int count) {
  std::string s;
  for (int i = 0; i < count; ++i) s += static_cast<char>('0' + rng() % 10);
  return s;
}

}  // namespace

TEST_CASE("read_decimal: simple numbers and the grammar's edges") {
  for (const char* t : {"0", "-0", "1", "-1", "0.1", "1.5", "-2e3", "1E+2", "1e-2", ".5", "3.", "+7",
                        "123456789012345678901234567890", "0.30000000000000004", "9007199254740993",
                        "1.7976931348623157e308", "1.7976931348623159e308", "1e309", "-1e309",
                        "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
                        "2.2250738585072011e-308", "2.2250738585072014e-308", "1e-400", "-1e-400",
                        "0e999999999999", "1e999999999999", "1e-999999999999", "00000.000001",
                        "1e", "1e+", "1.e5", "5.e", "12abc", "1.5.5", "1e5x"}) {
    same_as_strtod(t);
  }
  CHECK(read_decimal("").bytes == 0);
  CHECK(read_decimal("-").bytes == 0);
  CHECK(read_decimal(".").bytes == 0);
  CHECK(read_decimal("e5").bytes == 0);
  CHECK(std::signbit(read_decimal("-0.0").value));
  // no hexadecimal, infinity or NaN, which strtod reads and JSON does not have
  CHECK(read_decimal("0x10").bytes == 1);
  CHECK(read_decimal("0x10").value == 0.0);
  CHECK(read_decimal("nan").bytes == 0);
  CHECK(read_decimal("inf").bytes == 0);
}

TEST_CASE("read_decimal: random digits and exponents across the whole range match strtod") {
  std::mt19937_64 rng(20261207);
  for (int round = 0; round < 200000; ++round) {
    const int count = round % 10 == 0 ? 1 + static_cast<int>(rng() % 60) : 1 + static_cast<int>(rng() % 20);
    std::string text = digits(rng, count);
    if (rng() % 2) text.insert(rng() % (text.size() + 1), ".");
    if (text == ".") text = "0.";
    const int exponent = static_cast<int>(rng() % 700) - 350;
    text += "e" + std::to_string(exponent);
    if (rng() % 2) text = "-" + text;
    same_as_strtod(text);
  }
}

TEST_CASE("read_decimal: halfway points and their neighbours round to even") {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 20000; ++round) {
    // an integer exactly halfway between two doubles: an odd 54-bit significand, scaled
    const std::uint64_t significand = (std::uint64_t(1) << 53) | (rng() & ((std::uint64_t(1) << 53) - 1)) | 1;
    const int shift = static_cast<int>(rng() % 11);
    const long double halfway = std::ldexp(static_cast<long double>(significand), shift);
    char text[80];
    std::snprintf(text, sizeof text, "%.0Lf", halfway);
    same_as_strtod(text);
    // the same with a digit after it: just above the halfway point
    same_as_strtod(std::string(text) + ".0000000000000000000000000001");
  }
  for (int round = 0; round < 20000; ++round) {
    // halfway points anywhere, written with 40 significant digits: a hair off halfway
    const double x = std::ldexp(static_cast<double>(rng() >> 11), static_cast<int>(rng() % 2000) - 1100);
    if (!(x > 0) || !std::isfinite(x)) continue;
    const double next = std::nextafter(x, std::numeric_limits<double>::infinity());
    const long double mid = (static_cast<long double>(x) + static_cast<long double>(next)) / 2;
    char text[80];
    std::snprintf(text, sizeof text, "%.40Le", mid);
    same_as_strtod(text);
  }
}

TEST_CASE("read_decimal: long texts, subnormals and the edge of overflow") {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 300; ++round) {
    const int count = 700 + static_cast<int>(rng() % 400);  // past the 800 digits kept
    std::string text = "1" + digits(rng, count);
    text.insert(1 + rng() % 5, ".");
    text += "e" + std::to_string(static_cast<int>(rng() % 640) - 330);
    same_as_strtod(text);
  }
  // 2^-1075 written out exactly: halfway between 0 and the smallest subnormal
  std::string exact_half = "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324";
  same_as_strtod(exact_half);
  same_as_strtod(exact_half + "1");
  same_as_strtod("1" + std::string(900, '0') + "e-1200");
  same_as_strtod("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999999999999999999999999999999");
  same_as_strtod("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792");
}
