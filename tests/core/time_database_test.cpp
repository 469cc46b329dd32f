#include <catch2/catch.hpp>
#include <algorithm>
#include <fstream>
#include <string>

#include "core/time/calendar.h"
#include "core/time/php_legacy_zones.h"
#include "core/time/tz_database.h"
#include "core/time/zone_list.h"
#include "core/time/zone_table.h"

using core::time::canonical_zone_name;
using core::time::find_zone;

TEST_CASE("tz database: version is the machine's tzdata", "[time][tzdb]") {
  std::ifstream zi("/usr/share/zoneinfo/tzdata.zi");
  std::string first;
  std::getline(zi, first);
  REQUIRE(first.rfind("# version ", 0) == 0);
  CHECK(core::time::tz_database_version() == first.substr(10));
}

TEST_CASE("tz database: every zone and link of tzdata.zi is present", "[time][tzdb]") {
  std::ifstream zi("/usr/share/zoneinfo/tzdata.zi");
  std::string line;
  std::size_t zones = 0, links = 0;
  while (std::getline(zi, line)) {
    if (line.rfind("Z ", 0) == 0) {
      ++zones;
      auto name = line.substr(2, line.find(' ', 2) - 2);
      INFO(name);
      CHECK(core::time::zone_name(*core::time::find_zone_id(name)) == name);
      CHECK(canonical_zone_name(name) == (name == "Etc/UTC" ? "UTC" : name));
      CHECK_FALSE(core::time::is_zone_link(name));
    } else if (line.rfind("L ", 0) == 0) {
      ++links;
      auto sp = line.find(' ', 2);
      auto target = line.substr(2, sp - 2);
      auto name = line.substr(sp + 1);
      INFO(name << " -> " << target);
      CHECK(core::time::zone_name(*core::time::find_zone_id(name)) == target);
      // PHP's legacy names (CET, GMT+0, UCT, ...) are themselves: PHP opens them as fixed
      // offsets, not as the zone they link to
      const auto* legacy = core::time::find_php_legacy_zone(name);
      CHECK(canonical_zone_name(name) ==
            (legacy ? std::string(legacy->name) : target == "Etc/UTC" ? "UTC" : target));
      CHECK(core::time::is_zone_link(name));
    }
  }
  CHECK(zones == core::time::zone_count());
  CHECK(links == core::time::zone_links().size());
  CHECK(zones > 400);
  CHECK(links > 100);
}

TEST_CASE("tz database: canonical names of links and zones", "[time][tzdb]") {
  CHECK(canonical_zone_name("US/Eastern") == std::string("America/New_York"));
  CHECK(canonical_zone_name("America/New_York") == std::string("America/New_York"));
  CHECK(canonical_zone_name("Europe/Kiev") == std::string("Europe/Kyiv"));
  CHECK(canonical_zone_name("Asia/Calcutta") == std::string("Asia/Kolkata"));
  SECTION("the UTC zone and its links are called UTC, as ECMA-402 and PHP call it") {
    for (const char* utc : {"UTC", "Etc/UTC", "etc/utc", "Zulu", "Etc/Universal"}) {
      INFO(utc);
      CHECK(canonical_zone_name(utc) == std::string("UTC"));
    }
    CHECK(find_zone("UTC")->name() == "Etc/UTC");  // tzdata's Zone name stays
    CHECK(canonical_zone_name("Etc/GMT") == std::string("Etc/GMT"));  // a Zone of its own
  }
  SECTION("ASCII case is ignored when there is no exact match, as PHP does") {
    CHECK(canonical_zone_name("europe/berlin") == std::string("Europe/Berlin"));
    CHECK(canonical_zone_name("us/eastern") == std::string("America/New_York"));
  }
  SECTION("unknown names") {
    CHECK_FALSE(canonical_zone_name(""));
    CHECK_FALSE(canonical_zone_name("Mars/Olympus_Mons"));
    CHECK_FALSE(canonical_zone_name("Europe/Berlin "));
    CHECK_FALSE(canonical_zone_name(std::string(1000, 'A')));
    CHECK_FALSE(canonical_zone_name(std::string("Europe/Berlin\0x", 15)));
    CHECK(find_zone("Nowhere") == nullptr);
  }
}

TEST_CASE("tz database: rules after 2037 are applied", "[time][tzdb]") {
  const auto* ny = find_zone("America/New_York");
  REQUIRE(ny);
  const auto o = ny->offset_at(core::time::days_from_civil(2040, 7, 1) * 86400);
  CHECK(o.seconds == -4 * 3600);
  CHECK(o.abbreviation == "EDT");
}

TEST_CASE("zone choices: by region in its order, then by tzdata name; aliases sorted, every link once", "[time][tzdb]") {
  using namespace core::time;
  const auto choices = zone_choices();
  REQUIRE(choices.size() > 300);
  std::size_t alias_count = 0;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    const auto& e = choices[i];
    CHECK(e.region == zone_regions()[static_cast<std::size_t>(e.region_rank)]);
    if (i > 0) {
      const auto& before = choices[i - 1];
      CHECK(before.region_rank <= e.region_rank);
      if (before.region_rank == e.region_rank) CHECK(before.zone < e.zone);  // zones are numbered in name order
    }
    CHECK(std::is_sorted(e.aliases.begin(), e.aliases.end()));
    CHECK(std::adjacent_find(e.aliases.begin(), e.aliases.end()) == e.aliases.end());
    for (const auto& alias : e.aliases) {
      CHECK(alias != e.id);
      CHECK(canonical_zone_name(alias) == e.id);
    }
    alias_count += e.aliases.size();
  }
  // America/New_York's names: its links and none of PHP's legacy names
  const auto ny = std::find_if(choices.begin(), choices.end(), [](const zone_list_entry& e) { return e.id == "America/New_York"; });
  REQUIRE(ny != choices.end());
  CHECK(ny->aliases == std::vector<std::string>{"US/Eastern"});
  const auto utc = std::find_if(choices.begin(), choices.end(), [](const zone_list_entry& e) { return e.id == "UTC"; });
  REQUIRE(utc != choices.end());
  CHECK(std::find(utc->aliases.begin(), utc->aliases.end(), "Etc/UTC") != utc->aliases.end());
  CHECK(alias_count > 100);
}
