#pragma once
// Proleptic Gregorian calendar arithmetic on plain integers, built on date's
// days_from_civil / civil_from_days algorithms (date::sys_days <-> date::year_month_day).
// Instants are microseconds since 1970-01-01T00:00:00Z (std::int64_t); wall-clock times
// are the same count on the zone's clock ("local microseconds").
#include <date/date.h>

#include <cmath>
#include <cstdint>

namespace core {
namespace time {

// The years this library converts: PHP's 4-digit range and a margin either side.
constexpr int min_year = -9999;
constexpr int max_year = 9999;
// -9999-01-01T00:00:00 and 10000-01-01T00:00:00 in seconds since the epoch.
constexpr std::int64_t min_seconds = -377705116800;
constexpr std::int64_t end_seconds = 253402300800;

constexpr std::int64_t us_per_second = 1000000;
constexpr std::int64_t seconds_per_day = 86400;

// floor division and modulo (C++ `/` and `%` truncate toward zero)
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
constexpr std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

struct CivilDate {
  int year;
  int month;  // 1-12
  int day;    // 1-31
};

inline std::int64_t days_from_civil(int year, int month, int day) {
  return date::sys_days{date::year{year} / date::month{static_cast<unsigned>(month)} /
                        date::day{static_cast<unsigned>(day)}}
      .time_since_epoch()
      .count();
}

// Days since 1970-01-01 -> year/month/day, for the supported years. Neri and Schneider's
// Euclidean-affine form of the computation ("Euclidean affine functions and their
// application to calendar algorithms", 2022): unsigned 32-bit arithmetic and
// multiplications only, which matters in wasm (a signed division there is a real divide).
// tests/core/time_calendar_test.cpp checks it against date::year_month_day for every day
// from -9999 to 9999.
inline CivilDate civil_from_days(std::int64_t days) {
  constexpr std::uint32_t shift = 82;  // 400-year cycles added to keep everything unsigned
  constexpr std::uint32_t k = 719468 + 146097 * shift;
  const std::uint32_t n = static_cast<std::uint32_t>(static_cast<std::int32_t>(days)) + k;
  const std::uint32_t n1 = 4 * n + 3;
  const std::uint32_t century = n1 / 146097;
  const std::uint32_t n2 = (n1 % 146097) | 3;
  const std::uint64_t p2 = std::uint64_t{2939745} * n2;
  const std::uint32_t year_of_century = static_cast<std::uint32_t>(p2 >> 32);
  const std::uint32_t day_of_year = static_cast<std::uint32_t>(p2) / 2939745 / 4;
  const std::uint32_t n3 = 2141 * day_of_year + 197913;
  const std::uint32_t month = n3 >> 16;  // March = 3 ... February = 14
  const std::uint32_t day = (n3 & 65535) / 2141 + 1;
  const bool jan_feb = day_of_year >= 306;
  return {static_cast<int>(100 * century + year_of_century) - static_cast<int>(400 * shift) +
              (jan_feb ? 1 : 0),
          static_cast<int>(jan_feb ? month - 12 : month), static_cast<int>(day)};
}

constexpr bool is_leap_year(std::int64_t y) {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

constexpr int days_in_month(std::int64_t year, int month) {
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

// 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). 32-bit arithmetic: wasm has
// no cheap 64-bit division by a constant.
constexpr int weekday_from_days(std::int64_t days) {
  const int r = (static_cast<int>(days) + 4) % 7;
  return r < 0 ? r + 7 : r;
}

// floor(seconds / 86400) without a 64-bit division (a hardware divide in wasm): exact for
// any |seconds| < 2^50, far beyond the supported years.
inline std::int64_t days_of_seconds(std::int64_t seconds) {
  return static_cast<std::int64_t>(std::floor(static_cast<double>(seconds) / 86400.0));
}

// 0-based day of the year
inline int day_of_year(const CivilDate& d) {
  return static_cast<int>(days_from_civil(d.year, d.month, d.day) - days_from_civil(d.year, 1, 1));
}

struct IsoWeek {
  int year;  // ISO-8601 week-numbering year
  int week;  // 1-53
};

// ISO-8601 week: weeks start on Monday; week 1 holds the year's first Thursday.
inline IsoWeek iso_week(std::int64_t days) {
  const int wd = weekday_from_days(days);
  const std::int64_t thursday = days - (wd == 0 ? 6 : wd - 1) + 3;  // Thursday of this week
  const int year = civil_from_days(thursday).year;
  const std::int64_t jan1 = days_from_civil(year, 1, 1);
  return {year, static_cast<int>((thursday - jan1) / 7 + 1)};
}

}  // namespace time
}  // namespace core
