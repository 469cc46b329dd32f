// The zone compiler (tools/tzcompile/compile_zone.h) on made-up zones: what it infers, and
// that it refuses, naming the zone, what yearly rules cannot describe.
#include <catch2/catch.hpp>

#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "tools/tzcompile/compile_zone.h"

using tzcompile::zone_period;
using core::time::yearly_rule;
using core::time::day_form;

namespace {

constexpr std::int64_t beginning = std::numeric_limits<std::int64_t>::min();

std::int64_t last_sunday(int year, unsigned month) {
  const date::sys_days d{date::year{year} / date::month{month} / date::Sunday[date::last]};
  return std::int64_t{d.time_since_epoch().count()} * 86400;
}

// Local mean time, a change in 1990, then EU-style summer time from 1996 to 2501:
// last Sunday of March and of October at 01:00 UTC.
std::vector<zone_period> eu_like(int first_rule_year = 1996) {
  std::vector<zone_period> p{{beginning, 3208, false, "LMT"}, {631152000 /* 1990 */, 3600, false, "CET"}};
  for (int y = first_rule_year; y <= 2501; ++y) {
    p.push_back({last_sunday(y, 3) + 3600, 7200, true, "CEST"});
    p.push_back({last_sunday(y, 10) + 3600, 3600, false, "CET"});
  }
  return p;
}

std::string failure(const std::string& name, const std::vector<zone_period>& p) {
  try {
    tzcompile::compile_periods(name, p);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("tzcompile: infers last-Sunday rules and where they take over", "[time][tzc]") {
  const auto z = tzcompile::compile_periods("Test/EU", eu_like());
  REQUIRE(z.rules.size() == 2);
  CHECK(z.rules[0].form == day_form::last_weekday);
  CHECK(int(z.rules[0].month) == 3);
  CHECK(int(z.rules[0].weekday) == 0);
  CHECK(z.rules[0].seconds == 3600);
  CHECK(z.rules[1].form == day_form::last_weekday);
  CHECK(int(z.rules[1].month) == 10);
  CHECK(z.rules_from == 1996);
  // LMT, CET, CEST: the explicit part is the 1990 change only
  CHECK(z.types.size() == 3);
  REQUIRE(z.transitions.size() == 1);
  CHECK(z.transitions[0].instant == 631152000);
  CHECK(z.types[z.rules[0].type].abbreviation == "CEST");
}

TEST_CASE("tzcompile: a zone without changes after 2100 has no rules", "[time][tzc]") {
  std::vector<zone_period> p{{beginning, -17762, false, "LMT"}, {-2524521600, -18000, false, "EST"}};
  const auto z = tzcompile::compile_periods("Test/Fixed", p);
  CHECK(z.rules.empty());
  REQUIRE(z.transitions.size() == 1);
  CHECK(z.types.size() == 2);
}

TEST_CASE("tzcompile: a rule firing the UTC day before (UTC+14, midnight local)", "[time][tzc]") {
  // +14 all year but +13 from 1 June: Jan 1 00:00 local is Dec 31 10:00 UTC
  std::vector<zone_period> p{{beginning, 50400, false, "+14"}};
  for (int y = 2000; y <= 2501; ++y) {
    const std::int64_t jun1 = std::int64_t{date::sys_days{date::year{y} / 6 / 1}.time_since_epoch().count()} * 86400;
    const std::int64_t jan1 = std::int64_t{date::sys_days{date::year{y + 1} / 1 / 1}.time_since_epoch().count()} * 86400;
    p.push_back({jun1 - 50400, 46800, false, "+13"});
    p.push_back({jan1 - 46800, 50400, false, "+14"});
  }
  const auto z = tzcompile::compile_periods("Test/Kiritimati", p);
  REQUIRE(z.rules.size() == 2);
  CHECK(z.rules_from <= 2001);
  // whatever form it chose, it reproduces every transition of 2150
  for (const auto& r : z.rules) {
    bool found = false;
    for (const auto& per : p) found = found || per.begin == r.instant_in(2150);
    CHECK(found);
  }
}

TEST_CASE("tzcompile: fails the build, naming the zone, when rules cannot describe it", "[time][tzc]") {
  SECTION("a year that breaks the pattern: no rule form holds in every year") {
    auto p = eu_like();
    for (auto& per : p)
      if (per.begin == last_sunday(2300, 10) + 3600) per.begin -= 7 * 86400;
    const std::string e = failure("Test/Broken", p);
    CHECK(e.find("zone Test/Broken") != std::string::npos);
    CHECK(e.find("no yearly rule") != std::string::npos);
  }
  SECTION("an extra change in one year: the rules disagree with date there") {
    auto p = eu_like();
    const std::int64_t jul = last_sunday(2300, 7);
    std::vector<zone_period> q;
    for (const auto& per : p) {
      if (per.begin > jul && q.back().begin < jul) {
        q.push_back({jul, 3600, false, "CET"});
        q.push_back({jul + 86400, 7200, true, "CEST"});
      }
      q.push_back(per);
    }
    const std::string e = failure("Test/Extra", q);
    CHECK(e.find("zone Test/Extra") != std::string::npos);
    CHECK(e.find("disagree with date at 2300-07") != std::string::npos);
  }
  SECTION("rules that start after 2100") {
    const std::string e = failure("Test/Late", eu_like(2150));
    CHECK(e.find("zone Test/Late") != std::string::npos);
  }
}
