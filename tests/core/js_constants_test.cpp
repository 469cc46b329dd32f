// The constants the JS facade reads (dist/constants.mjs): each one is what the entry points
// really do, so a facade that reads them reads the core right.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/api/catalog_api.h"
#include "core/api/js_constants.h"
#include "core/api/time_api.h"
#include "core/catalog/secrets.h"
#include "core/common/boundary.h"
#include "core/common/json_parse.h"
#include "core/schedule/scheduler.h"
#include "core/values/rate_unit.h"

using nlohmann::json;
using namespace core::api;

namespace {

const json& constants() {
  static const json c = json::parse(js_constants_json());
  return c;
}

}  // namespace

TEST_CASE("js constants: the wall fields are where time_to_wall writes them", "[api][constants]") {
  const json& w = constants()["WALL_FIELD"];
  const int zone = time_open_zone("Asia/Kathmandu");
  // 2024-07-03T09:46:40.250125Z is 15:31:40 +0545 in Kathmandu, a Wednesday
  REQUIRE(time_to_wall(zone, 1720000000250.125) == constants()["TIME_STATUS"]["ok"]);
  const auto* f = reinterpret_cast<const std::int32_t*>(time_wall_fields());
  CHECK(f[w["year"].get<int>()] == 2024);
  CHECK(f[w["month"].get<int>()] == 7);
  CHECK(f[w["day"].get<int>()] == 3);
  CHECK(f[w["hour"].get<int>()] == 15);
  CHECK(f[w["minute"].get<int>()] == 31);
  CHECK(f[w["second"].get<int>()] == 40);
  CHECK(f[w["millisecond"].get<int>()] == 250);
  CHECK(f[w["microsecond"].get<int>()] == 125);
  CHECK(f[w["offset"].get<int>()] == 20700);
  CHECK(f[w["dst"].get<int>()] == 0);
  CHECK(f[w["weekday"].get<int>()] == 3);
  const int length = f[w["abbreviationLength"].get<int>()];
  CHECK(std::string(reinterpret_cast<const char*>(time_text_buffer()), length) == "+0545");
  CHECK(w["count"] == w.size() - 1);
}

TEST_CASE("js constants: the zone list's columns and separators", "[api][constants]") {
  const json& z = constants()["ZONE_LIST"];
  const int length = time_zone_list_text(1720000000000.0);
  REQUIRE(length > 0);
  const std::string text(reinterpret_cast<const char*>(time_batch_text()), length);
  const std::string line_end = z["lineSeparator"], column = z["columnSeparator"];
  const std::string first = text.substr(0, text.find(line_end));
  std::size_t columns = 1;
  for (std::size_t at = first.find(column); at != std::string::npos; at = first.find(column, at + 1)) ++columns;
  CHECK(columns == z["columnCount"]);
  CHECK(first.rfind("Africa/Abidjan" + column + "Africa" + column + "Abidjan" + column + "0", 0) == 0);
  CHECK(z["id"] == zone_list_column::id);
  CHECK(z["aliases"] == zone_list_column::aliases);
}

TEST_CASE("js constants: codes and names the entry points take and give", "[api][constants]") {
  const json& c = constants();
  const int ny = time_open_zone("America/New_York");
  const json& d = c["DISAMBIGUATION"];
  CHECK(d.size() == 5);
  // 2024-03-10 02:30 does not exist in New York
  CHECK(std::isnan(time_from_wall(ny, 2024, 3, 10, 2, 30, 0, 0, d["reject"])));
  CHECK(json::parse(time_last_error())["error"]["code"] == "skipped_time");
  CHECK(time_from_wall(ny, 2024, 3, 10, 2, 30, 0, 0, d["earlier"]) == 1710052200000.0);
  CHECK(time_from_wall(ny, 2024, 3, 10, 2, 30, 0, 0, d["later"]) == 1710055800000.0);
  CHECK(std::isnan(time_from_wall(ny, 2024, 3, 10, 2, 30, 0, 0, static_cast<int>(d.size()))));
  CHECK(time_format(0, 0, 0) == c["TIME_STATUS"]["badHandle"]);

  CHECK(c["ERROR_CODE"]["invalidJson"] == json::parse(core::invalid_json_text(core::parse_json("x").error()))["error"]["code"]);
  CHECK(c["INTERNAL_ERROR_CODES"] == json{"internal", "out_of_memory"});
  CHECK(c["ILL_FORMED_MARKER"] == "$illFormedUtf16");
  CHECK(c["SECRET_MASK"] == "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2");
  CHECK(c["SECRET_MASK"] == core::catalog::secret_mask);
  // each reason is one template_parts answers
  std::vector<std::string> reasons;
  for (const char* text : {"{{a", "a}}", "{{1}}"}) {
    reasons.push_back(json::parse(template_parts(text))["error"]["reason"]);
  }
  CHECK(c["TEMPLATE_FLAWS"] == json(reasons));

  core::schedule::scheduler s;
  CHECK(s.enqueue(c["SCHEDULER"]["unlimitedLimit"], c["SCHEDULER"]["noPool"], 0) >= 1);
  REQUIRE(c["RATE_UNITS"].size() == 4);
  for (const auto& unit : c["RATE_UNITS"]) CHECK(core::values::parse_rate_unit(unit.get<std::string>()));
}
