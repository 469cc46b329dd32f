// The compiled time zone database (core/time/compiled_zones.h, built by tools/tzcompile)
// against its reference, date's text mode over the same tzdata (tools/tzcompile/
// text_database.h): every zone and link, every period through 2500, random instants and
// wall times up to 9999, and the names.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <random>
#include <sstream>
#include <string>

#include "core/time/calendar.h"
#include "core/time/php_legacy_zones.h"
#include "core/time/tz_database.h"
#include "core/time/yearly_rule.h"
#include "core/time/zone_table.h"
#include "time_printing.h"
#include "tools/tzcompile/text_database.h"
#include "tools/tzcompile/zone_periods.h"

using namespace core::time;
using tzcompile::zone_period;

namespace {

constexpr std::int64_t year_2500 = 16725225600;  // 2500-01-01T00:00:00Z
constexpr std::int64_t max_offset = 16 * 3600;

const date::tzdb& reference() { return tzcompile::text_database(); }

// How zone_table.cpp folded instants into date's range before the compiled tables:
// whole 400-year cycles back into [2100, 2500).
std::int64_t folded_for_date(std::int64_t t) {
  const std::int64_t h = zone_table::horizon, c = zone_table::cycle;
  return t < h + c ? t : t - (t - h) / c * c;
}

std::string describe(const zone_offset& o) {
  std::ostringstream s;
  s << o.seconds << (o.dst ? " dst " : " std ") << o.abbreviation << " from " << o.begin;
  return s.str();
}
std::string describe(const zone_period& p) {
  std::ostringstream s;
  s << p.offset << (p.dst ? " dst " : " std ") << p.abbreviation << " from " << p.begin;
  return s.str();
}
bool same(const zone_offset& o, const zone_period& p) {
  return o.seconds == p.offset && o.dst == p.dst && o.abbreviation == p.abbreviation;
}
bool same(const zone_offset& o, const date::sys_info& i) {
  return o.seconds == i.offset.count() && o.dst == (i.save.count() != 0) && o.abbreviation == i.abbrev;
}

// The first difference between a local lookup and date's, or "".
std::string local_mismatch(const zone_table& t, const date::time_zone& z, std::int64_t local) {
  const std::int64_t shift = local - max_offset >= zone_table::horizon
                                 ? (local - max_offset) - folded_for_date(local - max_offset)
                                 : 0;
  const date::local_info li = z.get_info(date::local_seconds{std::chrono::seconds{local - shift}});
  const local_lookup ll = t.lookup_local(local);
  const bool ok = static_cast<int>(ll.kind) == static_cast<int>(li.result) && same(ll.first, li.first) &&
                  (ll.kind == local_kind::unique || same(ll.second, li.second));
  if (ok) return "";
  std::ostringstream s;
  s << z.name() << " local " << local << ": kind " << ll.kind << " vs " << li.result << ", first "
    << describe(ll.first) << " vs " << li.first.offset.count() << " " << li.first.abbrev;
  return s.str();
}

}  // namespace

TEST_CASE("compiled tz: yearly rule days", "[time][tzc]") {
  const auto on = [](yearly_rule r, int y) { return civil_from_days(r.day_in(y)); };
  const auto is = [](civil_date d, int y, int m, int day) { return d.year == y && d.month == m && d.day == day; };
  CHECK(is(on({3, 5, 0, day_form::fixed, 0, 0}, 2024), 2024, 3, 5));
  CHECK(is(on({3, 0, 0, day_form::last_weekday, 0, 0}, 2024), 2024, 3, 31));     // lastSun Mar
  CHECK(is(on({10, 0, 0, day_form::last_weekday, 0, 0}, 2024), 2024, 10, 27));   // lastSun Oct
  CHECK(is(on({3, 8, 0, day_form::on_or_after, 0, 0}, 2024), 2024, 3, 10));      // Sun>=8 Mar
  CHECK(is(on({11, 1, 0, day_form::on_or_after, 0, 0}, 2024), 2024, 11, 3));     // Sun>=1 Nov
  CHECK(is(on({4, 1, 5, day_form::on_or_before, 0, 0}, 2022), 2022, 4, 1));      // Fri<=1 Apr
  CHECK(is(on({4, 1, 5, day_form::on_or_before, 0, 0}, 2023), 2023, 3, 31));
  // days past the month's end roll into the next month, as zic does
  CHECK(is(on({2, 29, 0, day_form::on_or_after, 0, 0}, 2023), 2023, 3, 5));
  const yearly_rule us_spring{3, 8, 0, day_form::on_or_after, 7 * 3600, 1};  // 2:00 EST = 07:00Z
  CHECK(us_spring.instant_in(2024) == days_from_civil(2024, 3, 10) * 86400 + 7 * 3600);
}

TEST_CASE("compiled tz: every period of every zone equals date's through 2500", "[time][tzc][slow]") {
  std::size_t zones = 0, periods = 0;
  for (const date::time_zone& z : reference().zones) {
    const zone_table* t = find_zone(z.name());
    REQUIRE(t);
    CHECK(t->name() == z.name());
    const std::vector<zone_period> ps = tzcompile::zone_periods(z, year_2500);
    std::string mismatch;
    std::size_t before_horizon = 0;
    for (std::size_t i = 0; i < ps.size() && mismatch.empty(); ++i) {
      if (ps[i].begin < zone_table::horizon) ++before_horizon;
      // the period itself, from its first second
      const std::int64_t at = i == 0 ? min_seconds : ps[i].begin;
      const zone_offset o = t->offset_at(at);
      if (!same(o, ps[i]) || o.begin != ps[i].begin)
        mismatch = "period " + describe(ps[i]) + " read as " + describe(o);
      const zone_offset light = compiled_offset_at(*find_zone_id(z.name()), at);
      if (!same(light, ps[i]) || light.begin != ps[i].begin)
        mismatch = "period " + describe(ps[i]) + " read without a table as " + describe(light);
      // and no other period between it and the next one
      if (i + 1 < ps.size() && mismatch.empty()) {
        const zone_offset last = t->offset_at(ps[i + 1].begin - 1);
        if (!same(last, ps[i]) || last.begin != ps[i].begin)
          mismatch = "second before " + describe(ps[i + 1]) + " read as " + describe(last);
      }
      ++periods;
    }
    INFO(z.name());
    CHECK(mismatch == "");
    CHECK(t->periods() == before_horizon);
    ++zones;
  }
  CHECK(zones == zone_count());
  CHECK(periods > 140000);
}

TEST_CASE("compiled tz: offsets at random instants up to 9999 equal date's", "[time][tzc][slow]") {
  std::mt19937_64 rng(20251128);
  std::uniform_int_distribution<std::int64_t> any(min_seconds, end_seconds - 1);
  std::uniform_int_distribution<std::int64_t> near(-2208988800 /* 1900 */, 20000000000 /* 2603 */);
  std::size_t checked = 0;
  for (const date::time_zone& z : reference().zones) {
    const zone_table& t = *find_zone(z.name());
    const std::size_t id = *find_zone_id(z.name());
    std::string mismatch;
    for (int k = 0; k < 600 && mismatch.empty(); ++k) {
      const std::int64_t s = k % 2 ? any(rng) : near(rng);
      const zone_offset o = t.offset_at(s);
      const date::sys_info i = z.get_info(date::sys_seconds{std::chrono::seconds{folded_for_date(s)}});
      if (!same(o, i))
        mismatch = "at " + std::to_string(s) + ": " + describe(o) + " vs " +
                   std::to_string(i.offset.count()) + " " + i.abbrev;
      // the picker's lookup without a table gives the same answer, begin included
      const zone_offset light = compiled_offset_at(id, s);
      if (!same(light, i) || light.begin != o.begin)
        mismatch = "without a table at " + std::to_string(s) + ": " + describe(light) + " vs " + describe(o);
      ++checked;
    }
    INFO(z.name());
    CHECK(mismatch == "");
  }
  CHECK(checked == 600 * zone_count());
}

TEST_CASE("compiled tz: wall times around every transition through 2500 resolve as date's", "[time][tzc][slow]") {
  std::size_t checked = 0, gaps = 0, folds = 0;
  for (const date::time_zone& z : reference().zones) {
    const zone_table& t = *find_zone(z.name());
    const std::vector<zone_period> ps = tzcompile::zone_periods(z, year_2500);
    std::string mismatch;
    for (std::size_t i = 1; i < ps.size() && mismatch.empty(); ++i) {
      for (std::int64_t wall : {ps[i].begin + ps[i - 1].offset, ps[i].begin + ps[i].offset}) {
        for (std::int64_t d = -1; d <= 1 && mismatch.empty(); ++d) {
          mismatch = local_mismatch(t, z, wall + d);
          const auto kind = t.lookup_local(wall + d).kind;
          gaps += kind == local_kind::skipped;
          folds += kind == local_kind::repeated;
          ++checked;
        }
      }
    }
    CHECK(mismatch == "");
  }
  CHECK(checked > 800000);
  CHECK(gaps > 10000);
  CHECK(folds > 10000);
}

TEST_CASE("compiled tz: random wall times up to 9999 resolve as date's", "[time][tzc][slow]") {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> any(min_seconds + 86400, end_seconds - 86400);
  std::uniform_int_distribution<std::int64_t> near(-2208988800, 20000000000);
  std::size_t checked = 0;
  for (const date::time_zone& z : reference().zones) {
    const zone_table& t = *find_zone(z.name());
    std::string mismatch;
    for (int k = 0; k < 400 && mismatch.empty(); ++k) {
      mismatch = local_mismatch(t, z, k % 2 ? any(rng) : near(rng));
      ++checked;
    }
    CHECK(mismatch == "");
  }
  CHECK(checked == 400 * zone_count());
}

TEST_CASE("compiled tz: names, links and the version", "[time][tzc]") {
  const date::tzdb& db = reference();
  CHECK(tz_database_version() == db.version);
  CHECK(zone_count() == db.zones.size());
  CHECK(zone_links().size() == db.links.size());
  auto lower = [](std::string s) {
    for (auto& c : s) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
  };
  auto upper = [](std::string s) {
    for (auto& c : s) if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
  };
  std::size_t checked = 0;
  auto check_name = [&](const std::string& name, const std::string& zone, bool link) {
    INFO(name << " -> " << zone);
    const auto id = find_zone_id(name);
    REQUIRE(id);
    CHECK(zone_name(*id) == zone);
    CHECK(find_zone(name)->name() == zone);
    // the canonical name is the Zone's, except that UTC is called UTC and PHP's legacy names
    // (CET, GMT+0, ...: fixed offsets in PHP) are themselves
    const php_legacy_zone* legacy = find_php_legacy_zone(name);
    const std::string canonical = legacy ? std::string(legacy->name) : zone == "Etc/UTC" ? "UTC" : zone;
    CHECK(canonical_zone_name(name) == canonical);
    CHECK(is_zone_link(name) == link);
    // case-folded forms find the same zone (no two names of tzdata differ only by case);
    // GMT+0 and GMT-0 are legacy in capitals only
    const bool case_sensitive_legacy = legacy && name.find('+') + name.find('-') != 2 * std::string::npos;
    if (!case_sensitive_legacy) {
      CHECK(canonical_zone_name(lower(name)) == canonical);
      CHECK(canonical_zone_name(upper(name)) == canonical);
    }
    CHECK(is_zone_link(upper(name)) == link);
    ++checked;
  };
  for (const auto& z : db.zones) check_name(z.name(), z.name(), false);
  for (const auto& l : db.links) check_name(l.name(), db.locate_zone(l.target())->name(), true);
  CHECK(checked == db.zones.size() + db.links.size());

  for (std::size_t i = 0; i + 1 < zone_count(); ++i) CHECK(zone_name(i) < zone_name(i + 1));
  CHECK(zone_name(zone_count()).empty());
  // the links sorted by name, each with its zone
  const std::vector<zone_link> links = zone_links();
  for (std::size_t i = 0; i + 1 < links.size(); ++i) CHECK(links[i].name < links[i + 1].name);
  for (const zone_link& l : links) CHECK(db.locate_zone(std::string(l.name))->name() == l.zone);
  for (const std::string& unknown : {std::string(), std::string("Nowhere"), std::string("Europe/Berlin "),
                                    std::string(" Europe/Berlin"), std::string("Europe/Berli"),
                                    std::string("Europe/Berlinn"), std::string(1000, 'A'),
                                    std::string("Europe/Berlin\0x", 15), std::string("europe\\berlin")}) {
    INFO(unknown);
    CHECK_FALSE(find_zone_id(unknown));
    CHECK(find_zone(unknown) == nullptr);
    CHECK_FALSE(canonical_zone_name(unknown));
    CHECK_FALSE(is_zone_link(unknown));
  }
}
