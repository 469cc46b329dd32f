#include <catch2/catch.hpp>

#include "core/time/calendar.h"
#include "core/time/filter_window.h"
#include "core/time/tz_database.h"
#include "core/time/zoned_time.h"
#include "time_fixtures.h"

using namespace core::time;
using time_fixtures::table;
using time_fixtures::utc_us;

namespace {
std::int64_t at(const char* zone, int y, int mo, int d, int h, int mi = 0) {
  return *resolve_local(table(zone), wall_to_local({y, mo, d, h, mi, 0, 0}), disambiguation_policy::compatible).epoch_us;
}
std::int64_t from(const char* zone, std::int64_t now, std::int64_t amount, window_unit unit) {
  auto w = last_window(table(zone), now, amount, unit);
  REQUIRE(w);
  CHECK(w->to_us == now);
  return w->from_us;
}
}  // namespace

TEST_CASE("filter window: exact durations for seconds to hours", "[time][window]") {
  const auto now = at("Europe/Berlin", 2024, 3, 31, 3, 30);  // just after the spring gap
  CHECK(from("Europe/Berlin", now, 2, window_unit::hour) == now - 2 * 3600 * us_per_second);
  CHECK(from("Europe/Berlin", now, 90, window_unit::minute) == now - 5400 * us_per_second);
  CHECK(from("Europe/Berlin", now, 0, window_unit::second) == now);
}

TEST_CASE("filter window: calendar days keep the wall time across DST", "[time][window]") {
  const auto now = at("Europe/Berlin", 2024, 3, 31, 12);
  // a day back is 23 real hours here: the wall clock lost one
  CHECK(from("Europe/Berlin", now, 1, window_unit::day) == at("Europe/Berlin", 2024, 3, 30, 12));
  CHECK(now - from("Europe/Berlin", now, 1, window_unit::day) == 23 * 3600 * us_per_second);
  CHECK(from("Europe/Berlin", now, 2, window_unit::week) == at("Europe/Berlin", 2024, 3, 17, 12));
  // a wall time that lands in a gap moves forward (compatible)
  const auto after_gap = at("Europe/Berlin", 2024, 4, 1, 2, 30);
  CHECK(from("Europe/Berlin", after_gap, 1, window_unit::day) == at("Europe/Berlin", 2024, 3, 31, 3, 30));
}

TEST_CASE("filter window: months and years clamp the day", "[time][window]") {
  CHECK(from("America/New_York", at("America/New_York", 2024, 3, 31, 9), 1, window_unit::month) ==
        at("America/New_York", 2024, 2, 29, 9));
  CHECK(from("America/New_York", at("America/New_York", 2023, 3, 31, 9), 1, window_unit::month) ==
        at("America/New_York", 2023, 2, 28, 9));
  CHECK(from("America/New_York", at("America/New_York", 2024, 2, 29, 9), 1, window_unit::year) ==
        at("America/New_York", 2023, 2, 28, 9));
  CHECK(from("America/New_York", at("America/New_York", 2024, 1, 15, 9), 13, window_unit::month) ==
        at("America/New_York", 2022, 12, 15, 9));
  // Samoa skipped December 30, 2011. A day back from noon on the 31st is noon on the 30th,
  // which never happened: read forward by the gap (compatible), it is the same instant as
  // noon on the 31st, so the window is empty (Temporal's subtract gives the same).
  const auto apia = at("Pacific/Apia", 2011, 12, 31, 12);
  CHECK(from("Pacific/Apia", apia, 1, window_unit::day) == apia);
  // two days back is noon on the 29th: 24 real hours earlier
  CHECK(from("Pacific/Apia", apia, 2, window_unit::day) == apia - 24 * 3600 * us_per_second);
}

TEST_CASE("filter window: units and limits", "[time][window]") {
  CHECK(parse_window_unit("days") == window_unit::day);
  CHECK(parse_window_unit("month") == window_unit::month);
  CHECK_FALSE(parse_window_unit("fortnight"));
  // short forms, as a window "2h" writes them; "m" is ambiguous, and only long names take a plural "s"
  CHECK(parse_window_unit("s") == window_unit::second);
  CHECK(parse_window_unit("min") == window_unit::minute);
  CHECK(parse_window_unit("h") == window_unit::hour);
  CHECK(parse_window_unit("d") == window_unit::day);
  CHECK(parse_window_unit("w") == window_unit::week);
  CHECK(parse_window_unit("mo") == window_unit::month);
  CHECK(parse_window_unit("y") == window_unit::year);
  CHECK_FALSE(parse_window_unit("m"));
  CHECK_FALSE(parse_window_unit("hs"));
  CHECK_FALSE(parse_window_unit(""));
  const auto& utc = table("Etc/UTC");
  CHECK_FALSE(last_window(utc, 0, -1, window_unit::day));
  CHECK_FALSE(last_window(utc, 0, 20000, window_unit::year));
  CHECK(last_window(utc, 0, 11969, window_unit::year));
}
