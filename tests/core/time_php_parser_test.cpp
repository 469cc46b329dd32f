// createFromFormat behaviour that the PHP vectors cannot pin down (they avoid "now"):
// filling from now, disambiguation choices, abbreviations read in the given zone.
#include <catch2/catch.hpp>

#include "core/time/calendar.h"
#include "core/time/php_parser.h"
#include "core/time/tz_database.h"
#include "time_fixtures.h"

using namespace core::time;
using time_fixtures::table;
using time_fixtures::utc_us;

namespace {
php_parse_result parse(const char* text, const char* format, const char* zone, std::int64_t now,
                     disambiguation_policy d = disambiguation_policy::compatible) {
  php_parse_options o;
  o.zone = &table(zone);
  o.now_us = now;
  o.disambiguation = d;
  return parse_php_date(text, format, o);
}
}  // namespace

TEST_CASE("php parse: missing fields come from now in the zone", "[time][php][parse]") {
  const auto now = utc_us(2024, 7, 1, 22, 11, 12, 345678);  // July 2, 00:11:12 in Berlin
  SECTION("date only: the time of now, microseconds zero") {
    auto r = parse("05/03/2024", "d/m/Y", "Europe/Berlin", now);
    REQUIRE(r.ok());
    CHECK(*r.epoch_us == utc_us(2024, 3, 4, 23, 11, 12));  // 00:11:12 CET
  }
  SECTION("time only: the date of now in the zone") {
    auto r = parse("10:30", "H:i", "Europe/Berlin", now);
    REQUIRE(r.ok());
    CHECK(*r.epoch_us == utc_us(2024, 7, 2, 8, 30));  // seconds zeroed: a time field was read
  }
  SECTION("nothing read: everything from now, microseconds included") {
    auto r = parse("x", "\\x", "Europe/Berlin", now);
    REQUIRE(r.ok());
    CHECK(*r.epoch_us == now);
  }
  SECTION("! and | reset to the epoch instead") {
    CHECK(*parse("2024", "!Y", "UTC", now).epoch_us == utc_us(2024, 1, 1));
    CHECK(*parse("2024", "Y|", "UTC", now).epoch_us == utc_us(2024, 1, 1));
    CHECK(*parse("15", "!d", "Europe/Berlin", now).epoch_us == utc_us(1970, 1, 14, 23));
  }
  SECTION("the text's zone decides which clock now is read on") {
    auto r = parse("+14:00", "P", "UTC", now);
    REQUIRE(r.ok());
    CHECK(*r.epoch_us == now);
    CHECK(r.offset_seconds == 14 * 3600);
  }
}

TEST_CASE("php parse: weekday names move forward, like PHP", "[time][php][parse]") {
  CHECK(*parse("Tue 2024-03-05", "!D Y-m-d", "UTC", 0).epoch_us == utc_us(2024, 3, 5));
  CHECK(*parse("Mon 2024-03-05", "!D Y-m-d", "UTC", 0).epoch_us == utc_us(2024, 3, 11));
  CHECK(*parse("sundays 2024-03-05", "!l Y-m-d", "UTC", 0).epoch_us == utc_us(2024, 3, 10));
  CHECK(parse("Funday 2024-03-05", "!l Y-m-d", "UTC", 0).errors.front().code == "no_textual_day");
}

TEST_CASE("php parse: abbreviations read in the given zone first", "[time][php][parse]") {
  // IST is India's in Asia/Kolkata, Ireland's in Europe/Dublin, Israel's elsewhere (PHP's)
  CHECK(parse("2024-07-01 12:00 IST", "Y-m-d H:i T", "Asia/Kolkata", 0).offset_seconds == 19800);
  CHECK(parse("2024-07-01 12:00 IST", "Y-m-d H:i T", "Europe/Dublin", 0).offset_seconds == 3600);
  CHECK(parse("2024-07-01 12:00 IST", "Y-m-d H:i T", "UTC", 0).offset_seconds == 7200);
  // a fixed offset, whatever the date: EST in July is still -05:00
  CHECK(parse("2024-07-01 12:00 EST", "Y-m-d H:i T", "America/New_York", 0).offset_seconds == -18000);
  CHECK(parse("2024-07-01 12:00 BRT", "Y-m-d H:i T", "UTC", 0).errors.front().code == "unknown_time_zone");
  // abbreviations a zone used only historically still resolve there
  CHECK(parse("1950-07-01 12:00 BDST", "Y-m-d H:i T", "Europe/London", 0).offset_seconds == 7200);
}

TEST_CASE("php parse: disambiguation in gaps and folds", "[time][php][parse]") {
  const char* fold = "2024-11-03 01:30:00";
  const char* f = "Y-m-d H:i:s";
  CHECK(*parse(fold, f, "America/New_York", 0).epoch_us == utc_us(2024, 11, 3, 5, 30));
  CHECK(*parse(fold, f, "America/New_York", 0, disambiguation_policy::later).epoch_us == utc_us(2024, 11, 3, 6, 30));
  CHECK(*parse(fold, f, "America/New_York", 0, disambiguation_policy::php).epoch_us == utc_us(2024, 11, 3, 5, 30));
  auto rejected = parse(fold, f, "America/New_York", 0, disambiguation_policy::reject);
  REQUIRE_FALSE(rejected.ok());
  CHECK(rejected.errors.front().code == "repeated_time");
  auto gap = parse("2024-03-10 02:30:00", f, "America/New_York", 0, disambiguation_policy::reject);
  CHECK(gap.errors.front().code == "skipped_time");
  // with an offset in the text there is nothing to disambiguate
  CHECK(parse("2024-11-03 01:30:00 -05:00", "Y-m-d H:i:s P", "America/New_York", 0, disambiguation_policy::reject).ok());
}

TEST_CASE("php parse: range and robustness", "[time][php][parse]") {
  // PHP: "Number out of range" beyond 64 bits
  CHECK(parse("99999999999999999999", "U", "UTC", 0).errors.front().code == "number_out_of_range");
  CHECK(parse("253402300800", "U", "UTC", 0).errors.front().code == "out_of_range");
  CHECK(parse("-377705116801", "U", "UTC", 0).errors.front().code == "out_of_range");
  CHECK(*parse("-377705116800", "U", "UTC", 0).epoch_us == -377705116800LL * us_per_second);
  CHECK(parse("", "", "UTC", 0).ok());
  php_parse_options none;
  CHECK(parse_php_date("2024", "Y", none).errors.front().code == "no_zone");
  // every prefix of a valid text fails cleanly or succeeds; nothing reads past the end
  const std::string text = "Tue, 05 Mar 2024 14:07:09.123456 +05:30 (Europe/Berlin)";
  for (std::size_t n = 0; n <= text.size(); ++n)
    parse(text.substr(0, n).c_str(), "D, d M Y H:i:s.u P (e", "UTC", 0);
  // reading a zone also eats the ")" after it, so "(e)" wants one more ")" (PHP 8.2 too)
  auto r = parse(text.c_str(), "D, d M Y H:i:s.u P (e", "UTC", 0);
  REQUIRE(r.ok());
  CHECK(*r.epoch_us == utc_us(2024, 3, 5, 13, 7, 9, 123456));  // e wins over P, as in PHP
  auto closed = parse(text.c_str(), "D, d M Y H:i:s.u P (e)", "UTC", 0);
  CHECK(closed.errors.front().code == "data_missing");
  CHECK(closed.errors.front().position == 55);
}
