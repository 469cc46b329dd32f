// PHP 8.2 reference outputs (tests/data/time/php_vectors.json, made by php_vectors.php with
// php8.2-cli reading the same tzdata): date() for every format character across zones and
// DST edges, and DateTime::createFromFormat results and errors.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/time/php_formatter.h"
#include "core/time/php_parser.h"
#include "core/time/tz_database.h"

using nlohmann::json;
using namespace core::time;

namespace {
const json& vectors() {
  static const json j = [] {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/time/php_vectors.json");
    REQUIRE(in);
    return json::parse(in);
  }();
  return j;
}

const ZoneTable& table(const std::string& name) {
  const date::time_zone* z = find_zone(name);
  REQUIRE(z);
  return zone_table(*z);
}
}  // namespace

TEST_CASE("php vectors: date() with every format character", "[time][php][format]") {
  const auto& v = vectors();
  const PhpFormatter formatter(v["all"].get<std::string>());
  std::size_t checked = 0;
  for (const auto& row : v["format"]) {
    const std::int64_t us = row[0].get<std::int64_t>() * us_per_second + row[1].get<std::int64_t>();
    const std::string zone = row[2];
    const std::string expected = row[3];
    const ZonedTime t = to_zoned(table(zone), us);
    INFO(zone << " " << row[0] << "." << row[1]);
    CHECK(formatter.format(t, zone) == expected);
    ++checked;
  }
  CHECK(checked > 1000);
}

TEST_CASE("php vectors: createFromFormat", "[time][php][parse]") {
  const auto& v = vectors();
  std::size_t checked = 0;
  for (const auto& row : v["parse"]) {
    const std::string format = row["format"], text = row["text"], zone = row["zone"];
    INFO(format << " <- '" << text << "' in " << zone);
    PhpParseOptions options;
    options.zone = &table(zone);
    options.disambiguation = Disambiguation::php;  // PHP's choice in folds
    const PhpParseResult r = parse_php_date(text, format, options);
    if (row.contains("result") && std::llabs(std::stoll(row["result"].get<std::string>())) > 9999) {
      // a year beyond 9999: outside what this library converts
      REQUIRE_FALSE(r.ok());
      CHECK(r.errors.front().code == "out_of_range");
    } else if (row.contains("error")) {
      REQUIRE_FALSE(r.ok());
      CHECK(r.errors.front().message == row["error"]["message"].get<std::string>());
      CHECK(r.errors.front().position == row["error"]["position"].get<std::size_t>());
    } else {
      INFO((r.ok() ? "" : r.errors.front().message + " at " + std::to_string(r.errors.front().position)));
      REQUIRE(r.ok());
      const std::string epoch = row["epoch"];
      const auto dot = epoch.find('.');
      const std::int64_t secs = std::stoll(epoch.substr(0, dot));
      const std::int64_t frac = std::stoll(epoch.substr(dot + 1));
      const std::int64_t expected = secs * us_per_second + (epoch[0] == '-' && secs == 0 ? -frac : frac);
      CHECK(*r.epoch_us == expected);
      std::vector<std::string> warnings;
      for (const auto& w : r.warnings) warnings.push_back(w.message);
      CHECK(warnings == row["warnings"].get<std::vector<std::string>>());
    }
    ++checked;
  }
  CHECK(checked > 90);
}
