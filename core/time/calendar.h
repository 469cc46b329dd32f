#pragma once
// Proleptic Gregorian calendar arithmetic on plain integers, built on date's
// days_from_civil / civil_from_days algorithms (date::sys_days <-> date::year_month_day).
// Instants are microseconds since 1970-01-01T00:00:00Z (std::int64_t); wall-clock times
// are the same count on the zone's clock ("local microseconds").
#include <date/date.h>

#include <cmath>
#include <cstdint>

#include "core/common/divide.h"

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

struct civil_date {
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
// application to calendar algorithms", 2022): unsigned 32-bit values, multiplications and
// shifts only (divide_by: in wasm a division is a real divide instruction), and the day of
// the year as the day of the century minus the days of its whole years (1461 per 4).
// tests/core/time_calendar_test.cpp checks it against date::year_month_day for every day
// from -9999 to 9999.
inline civil_date civil_from_days(std::int64_t days) {
  constexpr std::uint32_t shift = 82;  // 400-year cycles added to keep everything unsigned
  constexpr std::uint32_t k = 719468 + 146097 * shift;
  // supported days lie within +-3.7 million of the epoch: n1 stays below 2^27
  const std::uint32_t n = static_cast<std::uint32_t>(static_cast<std::int32_t>(days)) + k;
  const std::uint32_t n1 = 4 * n + 3;
  const std::uint32_t century = static_cast<std::uint32_t>(divide_by<146097, (1u << 27)>::of(n1));
  const std::uint32_t day_of_century = (n1 - century * 146097) >> 2;  // March-based years
  const std::uint64_t p2 = std::uint64_t{2939745} * (4 * day_of_century + 3);
  const std::uint32_t year_of_century = static_cast<std::uint32_t>(p2 >> 32);
  const std::uint32_t day_of_year = day_of_century - ((1461 * year_of_century) >> 2);
  const std::uint32_t n3 = 2141 * day_of_year + 197913;
  const std::uint32_t month = n3 >> 16;  // March = 3 ... February = 14
  const std::uint32_t day = static_cast<std::uint32_t>(divide_by<2141, 65535>::of(n3 & 65535)) + 1;
  const bool jan_feb = day_of_year >= 306;
  return {static_cast<int>(100 * century + year_of_century) - static_cast<int>(400 * shift) +
              (jan_feb ? 1 : 0),
          static_cast<int>(jan_feb ? month - 12 : month), static_cast<int>(day)};
}

// The same two conversions for any year a 64-bit day count holds (|year| below ~2.5e16;
// Howard Hinnant's algorithms in 64 bits): for dates PHP reads beyond the supported years
// before later fields bring them back (`U` of 12 digits, then `Y`).
struct wide_civil_date {
  std::int64_t year;
  int month;
  int day;
};

constexpr wide_civil_date wide_civil_from_days(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

constexpr std::int64_t wide_days_from_civil(std::int64_t year, int month, int day) {
  const std::int64_t y = year - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

constexpr bool is_leap_year(std::int64_t y) {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

constexpr int days_in_month(std::int64_t year, int month) {
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

// 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). Days are moved by a multiple of
// 7 to make them non-negative, then divided by multiplication (see divide_by).
constexpr int weekday_from_days(std::int64_t days) {
  constexpr std::int64_t bias = 7 * 4000000 + 4;  // > 10 000 years of days, = 4 (mod 7)
  const std::int64_t u = days + bias;
  if (u < 0 || u >= (std::int64_t{1} << 26)) {  // outside the supported years
    const int r = static_cast<int>((days + 4) % 7);
    return r < 0 ? r + 7 : r;
  }
  const auto v = static_cast<std::uint32_t>(u);
  return static_cast<int>(v - 7 * divide_by<7, (1u << 26) - 1>::of(v));
}

// floor(seconds / 86400) without a division (64-bit integer division is a hardware divide
// in wasm, and so is a double one): a multiplication by the reciprocal, then one step of
// correction for its rounding. Exact for any |seconds| < 2^50.
inline std::int64_t days_of_seconds(std::int64_t seconds) {
  std::int64_t d = static_cast<std::int64_t>(std::floor(static_cast<double>(seconds) * (1.0 / 86400.0)));
  if (d * seconds_per_day > seconds) --d;
  else if ((d + 1) * seconds_per_day <= seconds) ++d;
  return d;
}

struct time_of_day {
  int hour;    // 0-23
  int minute;  // 0-59
  int second;  // 0-59
};

// Seconds since midnight (0-86399) -> hour, minute, second, without divide instructions.
inline time_of_day to_time_of_day(int seconds_of_day) {
  const auto s = static_cast<std::uint32_t>(seconds_of_day);
  const auto hour = static_cast<std::uint32_t>(divide_by<3600, 86399>::of(s));
  const std::uint32_t rest = s - hour * 3600;
  const auto minute = static_cast<std::uint32_t>(divide_by<60, 3599>::of(rest));
  return {static_cast<int>(hour), static_cast<int>(minute), static_cast<int>(rest - minute * 60)};
}

// 0-based day of the year
inline int day_of_year(const civil_date& d) {
  return static_cast<int>(days_from_civil(d.year, d.month, d.day) - days_from_civil(d.year, 1, 1));
}

struct iso_week {
  int year;  // ISO-8601 week-numbering year
  int week;  // 1-53
};

// ISO-8601 week: weeks start on Monday; week 1 holds the year's first Thursday.
inline iso_week iso_week_of(std::int64_t days) {
  const int wd = weekday_from_days(days);
  const std::int64_t thursday = days - (wd == 0 ? 6 : wd - 1) + 3;  // Thursday of this week
  const int year = civil_from_days(thursday).year;
  const std::int64_t jan1 = days_from_civil(year, 1, 1);
  return {year, static_cast<int>((thursday - jan1) / 7 + 1)};
}

}  // namespace time
}  // namespace core
