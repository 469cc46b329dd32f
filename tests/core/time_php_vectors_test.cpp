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
#include "time_fixtures.h"

using nlohmann::json;
using namespace core::time;
using time_fixtures::table;
using time_fixtures::utc_us;

namespace {
const json& vectors() {
  static const json j = [] {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/time/php_vectors.json");
    REQUIRE(in);
    return json::parse(in);
  }();
  return j;
}
}  // namespace

TEST_CASE("php vectors: date() with every format character", "[time][php][format]") {
  const auto& v = vectors();
  const php_formatter formatter(v["all"].get<std::string>());
  std::size_t checked = 0;
  for (const auto& row : v["format"]) {
    const std::int64_t us = row[0].get<std::int64_t>() * us_per_second + row[1].get<std::int64_t>();
    const std::string zone = row[2];
    const std::string expected = row[3];
    const zoned_time t = to_zoned(table(zone), us);
    INFO(zone << " " << row[0] << "." << row[1]);
    CHECK(formatter.format(t, zone) == expected);
    ++checked;
  }
  CHECK(checked > 800);
}

TEST_CASE("php vectors: a format of some characters gives PHP's fields", "[time][php][format]") {
  // A second pattern, made of the characters whose width does not depend on the value:
  // each field must equal the same field of PHP's output for the full pattern.
  const auto& v = vectors();
  const std::string all = v["all"];
  std::vector<std::string> letters;
  for (std::size_t i = 0; i < all.size(); i += 2) letters.push_back(all.substr(i, 1));
  const std::string fixed = "dDNSwWmMtLYyaABhHisuvIOPcr";
  std::string pattern;
  std::vector<std::size_t> fields;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    if (fixed.find(letters[i]) == std::string::npos) continue;
    if (!pattern.empty()) pattern += '|';
    pattern += letters[i];
    fields.push_back(i);
  }
  const php_formatter formatter(pattern);
  for (const auto& row : v["format"]) {
    const std::int64_t us = row[0].get<std::int64_t>() * us_per_second + row[1].get<std::int64_t>();
    const std::string zone = row[2];
    std::vector<std::string> parts;
    const std::string out = row[3];
    for (std::size_t b = 0;;) {
      const std::size_t e = out.find('|', b);
      parts.push_back(out.substr(b, e == std::string::npos ? std::string::npos : e - b));
      if (e == std::string::npos) break;
      b = e + 1;
    }
    REQUIRE(parts.size() == letters.size());
    std::string expected;
    for (std::size_t k = 0; k < fields.size(); ++k) expected += (k ? "|" : "") + parts[fields[k]];
    INFO(zone << " " << row[0]);
    CHECK(formatter.format(to_zoned(table(zone), us), zone) == expected);
  }
}

TEST_CASE("php vectors: createFromFormat", "[time][php][parse]") {
  const auto& v = vectors();
  std::size_t checked = 0;
  for (const auto& row : v["parse"]) {
    const std::string format = row["format"], text = row["text"], zone = row["zone"];
    INFO(format << " <- '" << text << "' in " << zone);
    php_parse_options options;
    options.zone = &table(zone);
    options.disambiguation = disambiguation_policy::php;  // PHP's choice in folds
    const php_parse_result r = parse_php_date(text, format, options);
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
