#pragma once
// Proleptic Gregorian calendar arithmetic on plain integers, built on date's
// days_from_civil / civil_from_days algorithms (date::sys_days <-> date::year_month_day).
// Instants are microseconds since 1970-01-01T00:00:00Z (std::int64_t); wall-clock times
// are the same count on the zone's clock ("local microseconds").
#include <date/date.h>

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

inline CivilDate civil_from_days(std::int64_t days) {
  const date::year_month_day ymd{date::sys_days{date::days{static_cast<int>(days)}}};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

constexpr bool is_leap_year(std::int64_t y) {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

constexpr int days_in_month(std::int64_t year, int month) {
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

// 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday)
constexpr int weekday_from_days(std::int64_t days) {
  return static_cast<int>(floor_mod(days + 4, 7));
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
