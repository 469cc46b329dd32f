#include <catch2/catch.hpp>

#include "core/time/calendar.h"

using namespace core::time;

TEST_CASE("calendar: civil_from_days agrees with date for every day of -9999..9999", "[time][calendar]") {
  const std::int64_t first = days_from_civil(min_year, 1, 1);
  const std::int64_t last = days_from_civil(max_year, 12, 31);
  std::int64_t mismatches = 0;
  for (std::int64_t d = first; d <= last; ++d) {
    const date::year_month_day ymd{date::sys_days{date::days{static_cast<int>(d)}}};
    const civil_date c = civil_from_days(d);
    mismatches += c.year != static_cast<int>(ymd.year()) ||
                  c.month != static_cast<int>(static_cast<unsigned>(ymd.month())) ||
                  c.day != static_cast<int>(static_cast<unsigned>(ymd.day()));
  }
  CHECK(mismatches == 0);
  CHECK(last - first + 1 == 7304484);  // 19999 years of 365.2425 days
}

TEST_CASE("calendar: day arithmetic helpers", "[time][calendar]") {
  for (std::int64_t s : {0LL, -1LL, 86399LL, 86400LL, -86400LL, -86401LL, 253402300799LL, -377705116800LL}) {
    INFO(s);
    CHECK(days_of_seconds(s) == floor_div(s, 86400));
  }
  for (std::int64_t d = -800; d < 800; ++d) CHECK(weekday_from_days(d) == floor_mod(d + 4, 7));
}

TEST_CASE("calendar: weekday and time of day without divisions, over the whole range", "[time][calendar]") {
  std::int64_t mismatches = 0;
  // every supported day, and beyond it where weekday_from_days takes its slow path
  for (std::int64_t d = days_from_civil(min_year, 1, 1) - 20000000; d <= days_from_civil(max_year, 12, 31) + 20000000; ++d)
    mismatches += weekday_from_days(d) != floor_mod(d + 4, 7);
  CHECK(mismatches == 0);
  for (int s = 0; s < 86400; ++s) {
    const time_of_day t = to_time_of_day(s);
    mismatches += t.hour != s / 3600 || t.minute != s / 60 % 60 || t.second != s % 60;
  }
  CHECK(mismatches == 0);
}

TEST_CASE("calendar: wide conversions agree with the supported ones and reach far years", "[time][calendar]") {
  using namespace core::time;
  for (std::int64_t days = days_from_civil(-9999, 1, 1); days <= days_from_civil(9999, 12, 31); days += 997) {
    const civil_date c = civil_from_days(days);
    const wide_civil_date w = wide_civil_from_days(days);
    REQUIRE(w.year == c.year);
    REQUIRE(w.month == c.month);
    REQUIRE(w.day == c.day);
    REQUIRE(wide_days_from_civil(w.year, w.month, w.day) == days);
  }
  // 2^62 seconds is about year 146 billion; the round trip holds
  const std::int64_t far = (std::int64_t{1} << 62) / seconds_per_day;
  const wide_civil_date w = wide_civil_from_days(far);
  CHECK(w.year > 146000000000);
  CHECK(wide_days_from_civil(w.year, w.month, w.day) == far);
  CHECK(wide_days_from_civil(-1000000000000, 3, 1) < 0);
}
