#include "core/schedule/retry_after.h"

#include <date/date.h>

#include <array>
#include <cmath>
#include <limits>

namespace core::schedule {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

constexpr std::array<std::string_view, 7> short_days{"Mon", "Tue", "Wed", "Thu", "Fri",
                                                      "Sat", "Sun"};
constexpr std::array<std::string_view, 7> long_days{
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A left-to-right reader over the header value; every take_* fails without consuming.
class cursor {
 public:
  explicit cursor(std::string_view s) : s_(s) {}
  bool done() const { return s_.empty(); }

  bool take(std::string_view literal) {
    if (s_.substr(0, literal.size()) != literal) return false;
    s_.remove_prefix(literal.size());
    return true;
  }
  // Exactly `n` digits (asctime's day may be " 6": pass allow_space_pad).
  bool take_digits(std::size_t n, int& out, bool allow_space_pad = false) {
    if (s_.size() < n) return false;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = s_[i];
      if (c == ' ' && allow_space_pad && i + 1 < n && v == 0) continue;
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    out = v;
    s_.remove_prefix(n);
    return true;
  }
  template <std::size_t N>
  bool take_name(const std::array<std::string_view, N>& names, int& index) {
    for (std::size_t i = 0; i < N; ++i) {
      if (take(names[i])) {
        index = static_cast<int>(i);
        return true;
      }
    }
    return false;
  }
  bool take_time(int& h, int& m, int& s) {
    return take_digits(2, h) && take(":") && take_digits(2, m) && take(":") && take_digits(2, s);
  }

 private:
  std::string_view s_;
};

double to_epoch_ms(int y, int mon, int d, int h, int mi, int s) {
  using namespace date;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mon)},
                           day{static_cast<unsigned>(d)}};
  // 60 seconds: a leap second, which an epoch-based clock folds into the next second.
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return not_a_number;
  const auto days = sys_days{ymd}.time_since_epoch().count();
  return (static_cast<double>(days) * 86400.0 + h * 3600.0 + mi * 60.0 + s) * 1000.0;
}

int year_of(double epoch_ms) {
  using namespace date;
  const auto days = static_cast<long>(std::floor(epoch_ms / 86400000.0));
  return static_cast<int>(year_month_day{sys_days{date::days{days}}}.year());
}

}  // namespace

double parse_http_date(std::string_view value, double now_epoch_ms) {
  cursor c(trim(value));
  int wday = 0, d = 0, mon = 0, y = 0, h = 0, mi = 0, s = 0;
  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
  {
    cursor t = c;
    if (t.take_name(short_days, wday) && t.take(", ") && t.take_digits(2, d) && t.take(" ") &&
        t.take_name(months, mon) && t.take(" ") && t.take_digits(4, y) && t.take(" ") &&
        t.take_time(h, mi, s) && t.take(" GMT") && t.done()) {
      return to_epoch_ms(y, mon + 1, d, h, mi, s);
    }
  }
  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
  {
    cursor t = c;
    if (t.take_name(long_days, wday) && t.take(", ") && t.take_digits(2, d) && t.take("-") &&
        t.take_name(months, mon) && t.take("-") && t.take_digits(2, y) && t.take(" ") &&
        t.take_time(h, mi, s) && t.take(" GMT") && t.done()) {
      const int this_year = std::isfinite(now_epoch_ms) ? year_of(now_epoch_ms) : 1970;
      int full = this_year - this_year % 100 + y;
      if (full > this_year + 50) full -= 100;
      return to_epoch_ms(full, mon + 1, d, h, mi, s);
    }
  }
  // asctime: Sun Nov  6 08:49:37 1994
  {
    cursor t = c;
    if (t.take_name(short_days, wday) && t.take(" ") && t.take_name(months, mon) &&
        t.take(" ") && t.take_digits(2, d, true) && t.take(" ") && t.take_time(h, mi, s) &&
        t.take(" ") && t.take_digits(4, y) && t.done()) {
      return to_epoch_ms(y, mon + 1, d, h, mi, s);
    }
  }
  return not_a_number;
}

double retry_after_ms(std::string_view value, double now_epoch_ms) {
  const std::string_view v = trim(value);
  if (v.empty()) return not_a_number;
  bool all_digits = true;
  for (const char ch : v) all_digits = all_digits && ch >= '0' && ch <= '9';
  if (all_digits) {
    double seconds = 0;
    for (const char ch : v) seconds = seconds * 10 + (ch - '0');  // huge -> inf, capped by caller
    return seconds * 1000.0;
  }
  const double at = parse_http_date(v, now_epoch_ms);
  if (std::isnan(at) || std::isnan(now_epoch_ms)) return not_a_number;
  return at > now_epoch_ms ? at - now_epoch_ms : 0.0;
}

}  // namespace core::schedule
