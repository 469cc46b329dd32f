// The settings a host hands to a scheduler, checked by the catalog's rules.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "core/api/schedule_api.h"
#include "catalog_values.h"
#include "core/catalog/definition_parser.h"
#include "core/schedule/scheduler.h"

using nlohmann::json;
using core::api::schedule_pool;
using core::api::schedule_rate_limit;

namespace {

json rate(const json& value) { return json::parse(schedule_rate_limit(value.dump())); }
json pool(const json& value) { return json::parse(schedule_pool(value.dump())); }
std::string refusal(const json& answer) {
  return answer["error"]["field"].get<std::string>() + " " + answer["error"]["code"].get<std::string>();
}

}  // namespace

TEST_CASE("schedule api: rate limits as validation reads them", "[schedule][api]") {
  CHECK(rate({{"amount", 2}, {"unit", "second"}}) == json{{"rateLimit", {{"amount", 2}, {"unit", "second"}}}});
  CHECK(rate({{"amount", 1000000}, {"unit", "day"}})["rateLimit"]["amount"] == 1000000);
  CHECK(rate(nullptr) == json{{"rateLimit", nullptr}});
  CHECK(refusal(rate({{"amount", 0}, {"unit", "second"}})) == "rateLimit.amount too_small");
  CHECK(rate({{"amount", 0}, {"unit", "second"}})["error"]["params"] == json{{"min", 1}});
  CHECK(refusal(rate({{"amount", 2.5}, {"unit", "second"}})) == "rateLimit.amount not_integer");
  CHECK(refusal(rate({{"amount", 1000001}, {"unit", "second"}})) == "rateLimit.amount too_large");
  CHECK(refusal(rate({{"amount", "5"}, {"unit", "second"}})) == "rateLimit.amount invalid_type");
  CHECK(refusal(rate({{"unit", "second"}})) == "rateLimit.amount required");
  CHECK(refusal(rate({{"amount", 5}, {"unit", "week"}})) == "rateLimit.unit invalid_choice");
  CHECK(rate({{"amount", 5}, {"unit", "week"}})["error"]["params"]["allowed"] ==
        json{"second", "minute", "hour", "day"});
  CHECK(refusal(rate(5)) == "rateLimit invalid_type");
  CHECK(json::parse(schedule_rate_limit("{"))["error"]["code"] == "invalid_json");
}

TEST_CASE("schedule api: pools as the catalog reads them", "[schedule][api]") {
  CHECK(pool({{"limit", 5}, {"timeout", 30}}) == json{{"limit", 5}, {"timeout", 30}});
  CHECK(pool({{"limit", 5}}) == json{{"limit", 5}, {"timeout", nullptr}});
  CHECK(pool({{"limit", 5}, {"timeout", nullptr}}) == json{{"limit", 5}, {"timeout", nullptr}});
  CHECK(pool({{"id", "p1"}, {"name", "P"}, {"limit", 1}, {"timeout", 1}}) == json{{"limit", 1}, {"timeout", 1}});
  CHECK(refusal(pool({{"limit", 0}})) == "pool.limit too_small");
  CHECK(refusal(pool({{"timeout", 3}})) == "pool.limit required");
  CHECK(refusal(pool(json::array())) == "pool invalid_type");

  SECTION("a timeout is whole seconds from 1, as in the catalog (the facade once took any number >= 0)") {
    for (const json& timeout : {json(0), json(1.5), json(-1), json("5"), json(0.001)}) {
      INFO(timeout.dump());
      const json answer = pool({{"limit", 1}, {"timeout", timeout}});
      REQUIRE(answer.contains("error"));
      CHECK(answer["error"]["field"] == "pool.timeout");
      const auto catalog = catalog_tests::parse_pool_value({{"id", "p"}, {"name", "P"}, {"limit", 1}, {"timeout", timeout}});
      REQUIRE(catalog.problems.size() == 1);
      CHECK(answer["error"]["code"] == catalog.problems.front().code);
      CHECK(answer["error"]["message"] == catalog.problems.front().message);
    }
  }

  SECTION("every accepted limit is one the scheduler runs") {
    const double most = core::catalog::max_pool_limit;
    CHECK(pool({{"limit", most}})["limit"] == most);
    CHECK(refusal(pool({{"limit", most + 1}})) == "pool.limit too_large");
    CHECK_FALSE(catalog_tests::parse_pool_value({{"id", "p"}, {"name", "P"}, {"limit", most + 1}}).pool);
    core::schedule::scheduler s;
    CHECK(s.add_pool(most, 1000) >= 0);
    CHECK(s.add_pool(most + 1, 1000) == -1);
  }
}
