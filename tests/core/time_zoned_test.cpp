// Conversions with known vectors: DST gaps and folds in both hemispheres, 30/45-minute
// offsets, historical changes, leap years, 1900/2100, negative epochs, rules after 2037.
#include <catch2/catch.hpp>
#include <string>

#include "core/time/calendar.h"
#include "core/time/tz_database.h"
#include "core/time/zoned_time.h"
#include "time_fixtures.h"

using namespace core::time;
using time_fixtures::table;
using time_fixtures::utc_us;

namespace {

std::int64_t local_us(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return wall_to_local({y, mo, d, h, mi, s, 0});
}

// the offset in seconds at a UTC wall time
std::int32_t offset(const char* zone, int y, int mo, int d, int h = 12) {
  return table(zone).offset_at(utc_us(y, mo, d, h) / us_per_second).seconds;
}
}  // namespace

TEST_CASE("zoned: offsets with 30 and 45 minutes", "[time][zoned]") {
  CHECK(offset("Asia/Kolkata", 2024, 1, 1) == 5 * 3600 + 1800);
  CHECK(offset("Asia/Kathmandu", 2024, 1, 1) == 5 * 3600 + 2700);
  CHECK(offset("Australia/Eucla", 2024, 1, 1) == 8 * 3600 + 2700);
  CHECK(offset("Pacific/Chatham", 2024, 1, 1) == 13 * 3600 + 2700);  // summer (south)
  CHECK(offset("Pacific/Chatham", 2024, 7, 1) == 12 * 3600 + 2700);
  CHECK(offset("America/St_Johns", 2024, 1, 1) == -(3 * 3600 + 1800));
  CHECK(offset("Australia/Lord_Howe", 2024, 1, 1) == 11 * 3600);  // 30-minute DST
  CHECK(offset("Australia/Lord_Howe", 2024, 7, 1) == 10 * 3600 + 1800);
}

TEST_CASE("zoned: historical changes", "[time][zoned]") {
  CHECK(offset("America/Caracas", 2010, 1, 1) == -(4 * 3600 + 1800));
  CHECK(offset("America/Caracas", 2017, 1, 1) == -4 * 3600);
  CHECK(offset("Europe/Moscow", 2012, 1, 1) == 4 * 3600);  // permanent "summer" 2011-2014
  CHECK(offset("Europe/Moscow", 2015, 1, 1) == 3 * 3600);
  CHECK(offset("Pacific/Apia", 2011, 12, 29) == -10 * 3600);  // before skipping Dec 30
  CHECK(offset("Pacific/Apia", 2012, 1, 2) == 14 * 3600);
  CHECK(offset("Europe/Amsterdam", 1900, 1, 1) == 1172);  // Amsterdam Mean Time +00:19:32
  CHECK(offset("America/New_York", 1850, 1, 1) == -17762);  // LMT -4:56:02
  // negative epochs and the 1900s
  CHECK(offset("Europe/London", 1969, 6, 1) == 3600);  // British Standard Time 1968-1971
  CHECK(offset("Europe/London", 1970, 12, 31) == 3600);
  CHECK(offset("Europe/London", 1972, 1, 1) == 0);
}

TEST_CASE("zoned: rules keep applying after 2037 and up to 9999", "[time][zoned]") {
  CHECK(offset("America/New_York", 2040, 7, 1) == -4 * 3600);
  CHECK(offset("America/New_York", 2040, 1, 1) == -5 * 3600);
  CHECK(offset("Europe/Berlin", 2099, 7, 1) == 2 * 3600);
  CHECK(offset("Europe/Berlin", 2150, 7, 1) == 2 * 3600);  // beyond the precomputed horizon
  CHECK(offset("Australia/Sydney", 2150, 1, 1) == 11 * 3600);
  CHECK(offset("Australia/Sydney", 9999, 12, 31, 23) == 11 * 3600);
  const auto z = to_zoned(table("America/New_York"), utc_us(2100, 7, 4, 16));
  CHECK(z.offset.abbreviation == "EDT");
  CHECK(z.wall.hour == 12);
}

TEST_CASE("zoned: calendar at 1900, 2000, 2100 and negative epochs", "[time][zoned]") {
  CHECK_FALSE(is_leap_year(1900));
  CHECK(is_leap_year(2000));
  CHECK_FALSE(is_leap_year(2100));
  CHECK(is_leap_year(-4));
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(2100, 2) == 28);
  const auto& utc = table("Etc/UTC");
  auto w = to_zoned(utc, -1).wall;  // one microsecond before the epoch
  CHECK(w.year == 1969);
  CHECK(w.month == 12);
  CHECK(w.day == 31);
  CHECK(w.second == 59);
  CHECK(w.microsecond == 999999);
  w = to_zoned(utc, utc_us(1900, 3, 1)).wall;
  CHECK(w.day == 1);
  CHECK(w.month == 3);
  CHECK(to_zoned(utc, utc_us(1900, 1, 1)).epoch_us == -2208988800LL * us_per_second);
  CHECK(to_zoned(utc, utc_us(2100, 2, 28) + 86400 * us_per_second).wall.month == 3);
  CHECK(weekday_from_days(days_from_civil(1900, 1, 1)) == 1);  // a Monday
  CHECK(iso_week_of(days_from_civil(2021, 1, 3)).week == 53);
  CHECK(iso_week_of(days_from_civil(2021, 1, 3)).year == 2020);
  CHECK(iso_week_of(days_from_civil(2024, 12, 30)).year == 2025);
}

TEST_CASE("zoned: gaps and folds with Temporal's disambiguation", "[time][zoned]") {
  struct example {
    const char* zone;
    int y, mo, d, h, mi;
    local_kind kind;
    std::int64_t earlier_utc_s;  // for `earlier`
    std::int64_t later_utc_s;    // for `later`; compatible = fold ? earlier : later
  };
  auto u = [](int y, int mo, int d, int h, int mi) { return utc_us(y, mo, d, h, mi) / us_per_second; };
  const example cases[] = {
      // north, west of UTC: New York springs forward 02:00 -> 03:00, falls back 02:00 -> 01:00
      {"America/New_York", 2024, 3, 10, 2, 30, local_kind::skipped, u(2024, 3, 10, 6, 30), u(2024, 3, 10, 7, 30)},
      {"America/New_York", 2024, 11, 3, 1, 30, local_kind::repeated, u(2024, 11, 3, 5, 30), u(2024, 11, 3, 6, 30)},
      // north, east of UTC
      {"Europe/Berlin", 2024, 3, 31, 2, 30, local_kind::skipped, u(2024, 3, 31, 0, 30), u(2024, 3, 31, 1, 30)},
      {"Europe/Berlin", 2024, 10, 27, 2, 30, local_kind::repeated, u(2024, 10, 27, 0, 30), u(2024, 10, 27, 1, 30)},
      // south, east: Sydney falls back in April, springs forward in October
      {"Australia/Sydney", 2024, 4, 7, 2, 30, local_kind::repeated, u(2024, 4, 6, 15, 30), u(2024, 4, 6, 16, 30)},
      {"Australia/Sydney", 2024, 10, 6, 2, 30, local_kind::skipped, u(2024, 10, 5, 15, 30), u(2024, 10, 5, 16, 30)},
      // south, west: Santiago springs forward at 24:00 on September 7, 2024
      {"America/Santiago", 2024, 9, 8, 0, 30, local_kind::skipped, u(2024, 9, 8, 3, 30), u(2024, 9, 8, 4, 30)},
      {"America/Santiago", 2024, 4, 6, 23, 30, local_kind::repeated, u(2024, 4, 7, 2, 30), u(2024, 4, 7, 3, 30)},
      // 30-minute DST: Lord Howe falls back 02:00 -> 01:30
      {"Australia/Lord_Howe", 2024, 4, 7, 1, 45, local_kind::repeated, u(2024, 4, 6, 14, 45), u(2024, 4, 6, 15, 15)},
      {"Australia/Lord_Howe", 2024, 10, 6, 2, 15, local_kind::skipped, u(2024, 10, 5, 15, 15), u(2024, 10, 5, 15, 45)},
      // 2-hour DST: Troll +00 -> +02 at 01:00 UTC
      {"Antarctica/Troll", 2024, 3, 31, 2, 0, local_kind::skipped, u(2024, 3, 31, 0, 0), u(2024, 3, 31, 2, 0)},
      // a skipped day: Samoa went from December 29 to December 31, 2011
      {"Pacific/Apia", 2011, 12, 30, 12, 0, local_kind::skipped, u(2011, 12, 29, 22, 0), u(2011, 12, 30, 22, 0)},
  };
  for (const auto& c : cases) {
    INFO(c.zone << " " << c.y << "-" << c.mo << "-" << c.d << " " << c.h << ":" << c.mi);
    const auto& z = table(c.zone);
    const std::int64_t local = local_us(c.y, c.mo, c.d, c.h, c.mi);
    const auto earlier = resolve_local(z, local, disambiguation_policy::earlier);
    const auto later = resolve_local(z, local, disambiguation_policy::later);
    const auto compatible = resolve_local(z, local, disambiguation_policy::compatible);
    const auto reject = resolve_local(z, local, disambiguation_policy::reject);
    CHECK(earlier.kind == c.kind);
    CHECK(*earlier.epoch_us == c.earlier_utc_s * us_per_second);
    CHECK(*later.epoch_us == c.later_utc_s * us_per_second);
    CHECK(*compatible.epoch_us ==
          (c.kind == local_kind::repeated ? c.earlier_utc_s : c.later_utc_s) * us_per_second);
    CHECK_FALSE(reject.epoch_us);
  }
  // an ordinary time is unique
  const auto r = resolve_local(table("Europe/Berlin"), local_us(2024, 7, 1, 12, 0), disambiguation_policy::reject);
  CHECK(r.kind == local_kind::unique);
  CHECK(*r.epoch_us == utc_us(2024, 7, 1, 10, 0));
}

TEST_CASE("zoned: wall fields carry over like mktime", "[time][zoned]") {
  CHECK(local_to_wall(wall_to_local({2024, 2, 30, 0, 0, 0, 0})).day == 1);
  CHECK(local_to_wall(wall_to_local({2024, 13, 1, 0, 0, 0, 0})).year == 2025);
  CHECK(local_to_wall(wall_to_local({2024, 0, 1, 0, 0, 0, 0})).month == 12);
  CHECK(local_to_wall(wall_to_local({2024, 1, 1, 24, 0, 0, 0})).day == 2);
  CHECK(invalid_wall_field({2023, 2, 29, 0, 0, 0, 0}) == std::string("day"));
  CHECK(invalid_wall_field({2024, 2, 29, 23, 59, 59, 999999}) == nullptr);
  CHECK(invalid_wall_field({10000, 1, 1, 0, 0, 0, 0}) == std::string("year"));
  CHECK(parse_disambiguation("later") == disambiguation_policy::later);
  CHECK_FALSE(parse_disambiguation("latest"));
}

TEST_CASE("time values print readably in a failing test", "[time][printing]") {
  using Catch::StringMaker;
  CHECK(StringMaker<wall_time>::convert({2024, 3, 31, 2, 30, 5, 7}) == "2024-03-31T02:30:05.000007");
  CHECK(StringMaker<zone_offset>::convert({7200, true, "CEST", 0}) == "+02:00:00 CEST dst from 0");
  CHECK(StringMaker<zone_offset>::convert({-16200, false, "-0430", -5}) ==
        "-04:30:00 -0430 from -5");
  CHECK(StringMaker<local_kind>::convert(local_kind::skipped) == "skipped");
  CHECK(StringMaker<disambiguation_policy>::convert(disambiguation_policy::php) == "php");
  CHECK(StringMaker<civil_date>::convert({-44, 3, 15}) == "-044-03-15");
  const wall_time a{2024, 3, 31, 2, 30, 0, 0};
  wall_time b = a;
  CHECK(a == b);
  b.microsecond = 1;
  CHECK(a != b);
}
