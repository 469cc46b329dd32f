#include <catch2/catch.hpp>

#include <map>

#include "catalog_fixtures.h"
#include "core/catalog/definition_json.h"
#include "core/catalog/definition_parser.h"

using namespace core::catalog;
using catalog_tests::sample_definition;
using nlohmann::json;
using catalog_tests::problems_of;
using catalog_tests::one;
using catalog_tests::with;
using catalog_tests::without;

namespace {

const std::string var = "/authMethods/0/variables";

}  // namespace

TEST_CASE("definition: the sample parses with every member read", "[catalog]") {
  auto result = catalog_tests::parse_definition_value(sample_definition());
  INFO(result.problems.size());
  REQUIRE(result.definition);
  const auto& d = *result.definition;
  CHECK(d.id == "acme");
  CHECK(d.concurrency_limit);
  CHECK(d.defaults.time_zone == "UTC");
  CHECK(d.defaults.date_format == "Y-m-d H:i:s");
  CHECK(d.defaults.rate.amount == 1);
  REQUIRE(d.auth_methods.size() == 1);
  const auto& m = d.auth_methods[0];
  CHECK(m.type == auth_type::token);
  CHECK(m.certificate == certificate_requirement::optional);
  REQUIRE(m.variables.size() == 10);
  CHECK(m.find_variable("token")->secret);           // type secret implies secret
  CHECK(m.find_by_alias("shop") == m.find_variable("store"));
  CHECK(m.find_variable("header")->default_value == "X-Token");
  CHECK(m.find_variable("region")->options == std::vector<std::string>{"eu", "us"});
}

TEST_CASE("definition: required members", "[catalog]") {
  for (const char* member : {"id", "name", "version", "systemType", "protocol", "authMethods"}) {
    INFO(member);
    CHECK(problems_of(without(sample_definition(), std::string("/") + member)) ==
          one(std::string("/") + member + " required"));
  }
  CHECK(problems_of(without(sample_definition(), "/authMethods/0/type")) ==
        one("/authMethods/0/type required"));
  CHECK(problems_of(without(sample_definition(), var + "/0/label")) == one(var + "/0/label required"));
}

TEST_CASE("definition: wrong types", "[catalog]") {
  CHECK(problems_of(json::array()) == one(" invalid_type"));
  CHECK(problems_of(with(sample_definition(), "/name", 5)) == one("/name invalid_type"));
  CHECK(problems_of(with(sample_definition(), "/concurrencyLimit", "yes")) ==
        one("/concurrencyLimit invalid_type"));
  CHECK(problems_of(with(sample_definition(), "/authMethods", json::object())) ==
        one("/authMethods invalid_type"));
  CHECK(problems_of(with(sample_definition(), "/authMethods/0", "token")) ==
        one("/authMethods/0 invalid_type"));
  CHECK(problems_of(with(sample_definition(), var + "/0/required", 1)) ==
        one(var + "/0/required invalid_type"));
  CHECK(problems_of(with(sample_definition(), var + "/4/min", "1")) == one(var + "/4/min invalid_type"));
  CHECK(problems_of(with(sample_definition(), "/defaults", "UTC")) == one("/defaults invalid_type"));
}

TEST_CASE("definition: every problem is listed, not just the first", "[catalog]") {
  json d = sample_definition();
  d["id"] = "has space";
  d["version"] = "";
  d["authMethods"][0]["type"] = "saml";
  d["authMethods"][0]["variables"][2]["type"] = "colour";
  d["extra"] = true;
  auto problems = problems_of(d);
  CHECK(problems == std::vector<std::string>{
                        "/extra unknown_member", "/id invalid_identifier", "/version required",
                        "/authMethods/0/type unknown_auth_type",
                        var + "/2/type unknown_input_type"});
}

TEST_CASE("definition: identifiers and names, both sides of the bounds", "[catalog]") {
  CHECK(problems_of(with(sample_definition(), "/id", std::string(64, 'a'))).empty());
  CHECK(problems_of(with(sample_definition(), "/id", std::string(65, 'a'))) == one("/id too_long"));
  CHECK(problems_of(with(sample_definition(), "/id", "-acme")) == one("/id invalid_identifier"));
  CHECK(problems_of(with(sample_definition(), "/id", "ac.me_2-x")).empty());
  CHECK(problems_of(with(sample_definition(), "/name", std::string(255, 'n'))).empty());
  CHECK(problems_of(with(sample_definition(), "/name", std::string(256, 'n'))) == one("/name too_long"));
  CHECK(problems_of(with(sample_definition(), "/name", "")) == one("/name required"));
  CHECK(problems_of(with(sample_definition(), "/name", "a\tb")) == one("/name invalid_characters"));
  CHECK(problems_of(with(sample_definition(), var + "/0/key", "1abc")) ==
        one(var + "/0/key invalid_identifier"));
  CHECK(problems_of(with(sample_definition(), var + "/0/key", "a.b")) ==
        one(var + "/0/key invalid_identifier"));
  CHECK(problems_of(with(sample_definition(), var + "/0/key", "_ok-key")).empty());
}

TEST_CASE("definition: duplicates", "[catalog]") {
  json d = sample_definition();
  d["authMethods"].push_back(d["authMethods"][0]);
  CHECK(problems_of(d) == one("/authMethods/1/id duplicate_id"));
  CHECK(problems_of(with(sample_definition(), var + "/1/key", "store")) ==
        one(var + "/1/key duplicate_variable"));
  CHECK(problems_of(with(sample_definition(), var + "/1/alias", "shop")) ==
        one(var + "/1/alias duplicate_variable"));
  CHECK(problems_of(with(sample_definition(), var + "/1/key", "shop")) ==
        one(var + "/1/key duplicate_variable"));
  CHECK(problems_of(with(sample_definition(), var + "/6/options", {"eu", "eu"})) ==
        one(var + "/6/options/1 duplicate_option"));
}

TEST_CASE("definition: duplicate JSON keys in text", "[catalog]") {
  auto result = parse_connector_definition_text(
      R"({"id": "a", "id": "b", "name": "A", "version": "1", "systemType": "x", "protocol": "y",
          "authMethods": [{"id": "m", "name": "M", "type": "basic", "type": "token"}]})");
  CHECK_FALSE(result.definition);
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].pointer == "/id");
  CHECK(result.problems[0].code == "duplicate_key");
  CHECK(result.problems[1].pointer == "/authMethods/0/type");
  auto invalid = parse_connector_definition_text("{\"id\": ");
  REQUIRE(invalid.problems.size() == 1);
  CHECK(invalid.problems[0].code == "invalid_json");
}

TEST_CASE("definition: enumerations", "[catalog]") {
  for (const char* type : {"basic", "token", "oauth2_client_credentials",
                           "oauth2_authorization_code", "oauth1"}) {
    CHECK(problems_of(with(sample_definition(), "/authMethods/0/type", type)).empty());
  }
  CHECK(problems_of(with(sample_definition(), "/authMethods/0/type", "Basic")) ==
        one("/authMethods/0/type unknown_auth_type"));
  for (const char* c : {"none", "optional", "required"}) {
    CHECK(problems_of(with(sample_definition(), "/authMethods/0/certificate", c)).empty());
  }
  CHECK(problems_of(with(sample_definition(), "/authMethods/0/certificate", "yes")) ==
        one("/authMethods/0/certificate unknown_certificate_requirement"));
  CHECK(problems_of(with(sample_definition(), "/defaults/rateLimit", {{"amount", 1}, {"unit", "week"}})) ==
        one("/defaults/rateLimit/unit invalid_choice"));
}

TEST_CASE("definition: defaults of new instances", "[catalog]") {
  json d = with(sample_definition(), "/defaults",
                {{"timeZone", "US/Eastern"}, {"dateFormat", "d/m/Y"},
                 {"rateLimit", {{"amount", 1000000}, {"unit", "day"}}}});
  auto result = catalog_tests::parse_definition_value(d);
  REQUIRE(result.definition);
  CHECK(result.definition->defaults.time_zone == "America/New_York");
  CHECK(result.definition->defaults.date_format == "d/m/Y");
  CHECK(result.definition->defaults.rate.amount == 1000000);
  CHECK(result.definition->defaults.rate.unit == rate_unit::day);
  CHECK(problems_of(with(sample_definition(), "/defaults/timeZone", "Mars/Olympus")) ==
        one("/defaults/timeZone unknown_time_zone"));
  CHECK(problems_of(with(sample_definition(), "/defaults/dateFormat", "Y-m-d\\")) ==
        one("/defaults/dateFormat invalid_date_format"));
  CHECK(problems_of(with(sample_definition(), "/defaults/rateLimit", {{"amount", 0}, {"unit", "day"}})) ==
        one("/defaults/rateLimit/amount too_small"));
  CHECK(problems_of(with(sample_definition(), "/defaults/rateLimit", {{"amount", 1000001}, {"unit", "day"}})) ==
        one("/defaults/rateLimit/amount too_large"));
  CHECK(problems_of(with(sample_definition(), "/defaults/rateLimit", {{"amount", 1.5}, {"unit", "day"}})) ==
        one("/defaults/rateLimit/amount not_integer"));
  CHECK(problems_of(with(sample_definition(), "/defaults/rateLimit", {{"unit", "day"}})) ==
        one("/defaults/rateLimit/amount required"));
}

TEST_CASE("definition: help link", "[catalog]") {
  CHECK(problems_of(with(sample_definition(), "/helpUrl", "https://docs.example.com/acme")).empty());
  CHECK(problems_of(with(sample_definition(), "/helpUrl", nullptr)).empty());
  CHECK(problems_of(with(sample_definition(), "/helpUrl", "ftp://example.com")) == one("/helpUrl invalid_url"));
  CHECK(problems_of(with(sample_definition(), "/helpUrl", "docs")) == one("/helpUrl invalid_url"));
}

TEST_CASE("definition: a method needs at least one entry; extensions are allowed", "[catalog]") {
  CHECK(problems_of(with(sample_definition(), "/authMethods", json::array())) ==
        one("/authMethods too_short"));
  CHECK(problems_of(with(sample_definition(), "/x-vendor", {{"anything", 1}})).empty());
  CHECK(problems_of(with(sample_definition(), var + "/0/x-ui", "wide")).empty());
  CHECK(problems_of(with(sample_definition(), var + "/0/lable", "typo")) ==
        one(var + "/0/lable unknown_member"));
}

TEST_CASE("definition: rules that do not fit the type", "[catalog]") {
  CHECK(problems_of(with(sample_definition(), var + "/6/pattern", "e.")) ==
        one(var + "/6/pattern not_applicable"));
  CHECK(problems_of(with(sample_definition(), var + "/7/max", 1)) == one(var + "/7/max not_applicable"));
  CHECK(problems_of(with(sample_definition(), var + "/0/options", {"a"})) ==
        one(var + "/0/options not_applicable"));
  CHECK(problems_of(without(sample_definition(), var + "/6/options")) == one(var + "/6/options required"));
  CHECK(problems_of(with(sample_definition(), var + "/6/options", json::array())) ==
        one(var + "/6/options too_short"));
  CHECK(problems_of(without(sample_definition(), var + "/0/pattern")) ==
        one(var + "/0/patternDescription not_applicable"));
  CHECK(problems_of(with(sample_definition(), var + "/4/min", 1.5)) == one(var + "/4/min not_integer"));
  CHECK(problems_of(with(sample_definition(), var + "/5/min", 0.25)).empty());
  CHECK(problems_of(with(sample_definition(), var + "/4/min", 501)) ==
        one(var + "/4/max min_greater_than_max"));
  CHECK(problems_of(with(sample_definition(), var + "/8/max", 1024)).empty());
  CHECK(problems_of(with(sample_definition(), var + "/8/max", 1025)) == one(var + "/8/max too_large"));
  CHECK(problems_of(with(sample_definition(), var + "/8/min", -1)) == one(var + "/8/min too_small"));
  CHECK(problems_of(with(sample_definition(), var + "/0/pattern", "[a-z")) ==
        one(var + "/0/pattern invalid_pattern"));
  CHECK(problems_of(with(sample_definition(), var + "/0/pattern", "(a)\\1")) ==
        one(var + "/0/pattern unsupported_pattern"));
}

TEST_CASE("definition: a default must pass its own variable's rules", "[catalog]") {
  const auto check_default = [](int index, json value) {
    return problems_of(with(sample_definition(), var + "/" + std::to_string(index) + "/default", value));
  };
  const auto bad = [&](int index) { return one(var + "/" + std::to_string(index) + "/default invalid_default"); };
  CHECK(check_default(0, "acme-eu").empty());
  CHECK(check_default(0, "Acme EU") == bad(0));          // pattern
  CHECK(check_default(2, "https://acme.example") .empty());
  CHECK(check_default(2, "acme.example") == bad(2));     // url
  CHECK(check_default(3, "ops@acme.example").empty());
  CHECK(check_default(3, "ops at acme") == bad(3));      // email
  CHECK(check_default(4, 500).empty());
  CHECK(check_default(4, "500").empty());
  CHECK(check_default(4, 501) == bad(4));                // max
  CHECK(check_default(4, 0) == bad(4));                  // min
  CHECK(check_default(4, 2.5) == bad(4));                // integer
  CHECK(check_default(5, 2.5).empty());
  CHECK(check_default(5, 2.51) == bad(5));
  CHECK(check_default(6, "us").empty());
  CHECK(check_default(6, "asia") == bad(6));             // enum
  CHECK(check_default(7, true).empty());
  CHECK(check_default(7, "false").empty());
  CHECK(check_default(7, "yes") == bad(7));              // boolean
  CHECK(check_default(7, 1) == bad(7));
  CHECK(check_default(8, std::string(50, 'x')).empty());
  CHECK(check_default(8, std::string(51, 'x')) == bad(8));  // max length
  CHECK(check_default(1, std::string(1024, 'x')).empty());
  CHECK(check_default(1, std::string(1025, 'x')) == bad(1));  // 1024 characters at most
  CHECK(check_default(1, json::object()) == bad(1));
  auto result = catalog_tests::parse_definition_value(with(sample_definition(), var + "/4/default", 501));
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].params["reason"] == "too_large");
  CHECK(result.problems[0].message.find("Page size may not be greater than 500") != std::string::npos);
}

TEST_CASE("definition: locked variables need a default", "[catalog]") {
  CHECK(problems_of(without(sample_definition(), var + "/9/default")) ==
        one(var + "/9/locked locked_without_default"));
}

TEST_CASE("definition: a variable's help is 1-1024 characters of text, kept through JSON", "[catalog]") {
  const std::string help = "Settings > Apps > Develop apps > your app > API credentials.";
  auto result = catalog_tests::parse_definition_value(with(sample_definition(), var + "/1/help", help));
  REQUIRE(result.definition);
  CHECK(result.definition->auth_methods[0].find_variable("token")->help == help);
  CHECK(to_json(*result.definition)["authMethods"][0]["variables"][1]["help"] == help);
  CHECK(to_json(*catalog_tests::parse_definition_value(sample_definition()).definition)["authMethods"][0]["variables"][1].count("help") == 0);
  CHECK(problems_of(with(sample_definition(), var + "/1/help", std::string(1024, 'h'))).empty());
  CHECK(problems_of(with(sample_definition(), var + "/1/help", std::string(1025, 'h'))) == one(var + "/1/help too_long"));
  CHECK(problems_of(with(sample_definition(), var + "/1/help", "")) == one(var + "/1/help required"));
  CHECK(problems_of(with(sample_definition(), var + "/1/help", "line\u0007bell")) == one(var + "/1/help invalid_characters"));
  CHECK(problems_of(with(sample_definition(), var + "/1/help", 3)) == one(var + "/1/help invalid_type"));
}

TEST_CASE("definition: round trip through JSON keeps the meaning", "[catalog]") {
  auto first = catalog_tests::parse_definition_value(sample_definition());
  REQUIRE(first.definition);
  const json serialised = to_json(*first.definition);
  auto second = catalog_tests::parse_definition_value(serialised);
  REQUIRE(second.definition);
  CHECK(to_json(*second.definition) == serialised);
  CHECK(serialised["authMethods"][0]["variables"][0]["pattern"] == "[a-z0-9-]+");
  CHECK(summary_json(*first.definition)["authMethods"][0].count("variables") == 0);
}

TEST_CASE("pools: id, name 1-255, limit >= 1, timeout >= 1 or null", "[catalog]") {
  const auto pool_problems = [](json p) {
    auto r = catalog_tests::parse_pool_value(p);
    std::vector<std::string> out;
    for (const auto& x : r.problems) out.push_back(x.pointer + " " + x.code);
    CHECK(r.pool.has_value() == out.empty());
    return out;
  };
  const json ok{{"id", "p1"}, {"name", "NetSuite pool"}, {"limit", 5}, {"timeout", 30}};
  CHECK(pool_problems(ok).empty());
  auto p = catalog_tests::parse_pool_value(ok);
  CHECK(p.pool->limit == 5);
  CHECK(p.pool->timeout == 30);
  CHECK(pool_problems(with(ok, "/timeout", nullptr)).empty());
  CHECK_FALSE(catalog_tests::parse_pool_value(with(ok, "/timeout", nullptr)).pool->timeout);
  CHECK(pool_problems(without(ok, "/timeout")).empty());
  CHECK(pool_problems(with(ok, "/limit", 1)).empty());
  CHECK(pool_problems(with(ok, "/limit", 0)) == one("/limit too_small"));
  CHECK(pool_problems(with(ok, "/limit", -3)) == one("/limit too_small"));
  CHECK(pool_problems(with(ok, "/limit", 2.5)) == one("/limit not_integer"));
  CHECK(pool_problems(with(ok, "/limit", "5")) == one("/limit invalid_type"));
  CHECK(pool_problems(with(ok, "/limit", 18446744073709551615ull)) == one("/limit too_large"));
  CHECK(pool_problems(without(ok, "/limit")) == one("/limit required"));
  CHECK(pool_problems(with(ok, "/timeout", 1)).empty());
  CHECK(pool_problems(with(ok, "/timeout", 0)) == one("/timeout too_small"));
  CHECK(pool_problems(with(ok, "/name", std::string(255, 'p'))).empty());
  CHECK(pool_problems(with(ok, "/name", std::string(256, 'p'))) == one("/name too_long"));
  CHECK(pool_problems(with(ok, "/name", "")) == one("/name required"));
  CHECK(pool_problems(with(ok, "/id", "bad id")) == one("/id invalid_identifier"));
  CHECK(pool_problems(with(ok, "/size", 3)) == one("/size unknown_member"));
  auto text = parse_pool_text(R"({"id": "p", "name": "P", "limit": 1, "limit": 2})");
  CHECK_FALSE(text.pool);
  CHECK(text.problems[0].code == "duplicate_key");
}

TEST_CASE("definition: list sizes, both sides", "[catalog]") {
  json twenty = sample_definition();
  for (int i = 1; i < 20; ++i) {
    json m = twenty["authMethods"][0];
    m["id"] = "m" + std::to_string(i);
    twenty["authMethods"].push_back(m);
  }
  CHECK(problems_of(twenty).empty());
  json more = twenty;
  json m = more["authMethods"][0];
  m["id"] = "m20";
  more["authMethods"].push_back(m);
  CHECK(problems_of(more) == one("/authMethods too_long"));

  json hundred = sample_definition();
  json& vars = hundred["authMethods"][0]["variables"];
  vars = json::array();
  for (int i = 0; i < 100; ++i) vars.push_back({{"key", "v" + std::to_string(i)}, {"label", "V"}});
  CHECK(problems_of(hundred).empty());
  vars.push_back({{"key", "v100"}, {"label", "V"}});
  CHECK(problems_of(hundred) == one("/authMethods/0/variables too_long"));
}

TEST_CASE("definition: ill-formed UTF-8 from a native caller is a problem, not a crash", "[catalog]") {
  CHECK(problems_of(with(sample_definition(), "/name", "Ac\xff" "me")) == one("/name invalid_utf8"));
  CHECK(problems_of(with(sample_definition(), var + "/0/label", "\xC3")) == one(var + "/0/label invalid_utf8"));
  CHECK(problems_of(with(sample_definition(), var + "/1/default", "\xED\xA0\x80")) ==
        one(var + "/1/default invalid_default"));
}

TEST_CASE("definition: a member of the wrong type says which type it needs and what it found", "[catalog]") {
  json d = with(sample_definition(), "/name", 5);
  d = with(d, "/concurrencyLimit", "yes");
  d = with(d, "/defaults/rateLimit/amount", json::array());
  d = with(d, var + "/0/min", "1");
  const auto result = catalog_tests::parse_definition_value(d);
  std::map<std::string, std::pair<std::string, json>> by_pointer;
  for (const auto& p : result.problems) by_pointer[p.pointer] = {p.message, p.params};
  CHECK(by_pointer["/name"].first == "\"name\" must be a string, found a number.");
  CHECK(by_pointer["/name"].second == json{{"expected", "string"}});
  CHECK(by_pointer["/concurrencyLimit"].first == "\"concurrencyLimit\" must be a boolean, found a string.");
  CHECK(by_pointer["/defaults/rateLimit/amount"].first == "\"amount\" must be an integer, found an array.");
  CHECK(by_pointer["/defaults/rateLimit/amount"].second == json{{"expected", "integer"}});
  CHECK(by_pointer[var + "/0/min"].first == "\"min\" must be a number, found a string.");
  const auto methods = catalog_tests::parse_definition_value(with(sample_definition(), "/authMethods", json::object()));
  REQUIRE(methods.problems.size() == 1);
  CHECK(methods.problems[0].message == "\"authMethods\" must be an array, found an object.");
  CHECK(methods.problems[0].params == json{{"expected", "array"}});
}
