#include <catch2/catch.hpp>

#include "catalog_fixtures.h"
#include "core/api/catalog_api.h"

#include <cstring>

#include "core/api/json_memory.h"

using namespace core::api;
using catalog_tests::sample_definition;
using nlohmann::json;

namespace {

json call(const std::string& answer) { return json::parse(answer); }

int load_sample() {
  auto loaded = call(catalog_load(json::array({sample_definition()}).dump(),
                                  R"({"pools": [{"id": "p1", "name": "P", "limit": 2, "timeout": null}]})"));
  REQUIRE(loaded.contains("handle"));
  return loaded["handle"].get<int>();
}

}  // namespace

TEST_CASE("api: load, list, dispose", "[catalog][api]") {
  const int handle = load_sample();
  auto connectors = call(catalog_connectors(handle));
  REQUIRE(connectors.size() == 1);
  CHECK(connectors[0]["id"] == "acme");
  CHECK(connectors[0]["authMethods"][0].count("variables") == 0);
  CHECK(call(catalog_connector(handle, "acme"))["authMethods"][0]["variables"].size() == 10);
  CHECK(call(catalog_connector(handle, "nope")).is_null());
  CHECK(call(catalog_auth_methods(handle, "acme"))[0]["id"] == "token");
  CHECK(call(catalog_auth_methods(handle, "nope")).is_null());
  CHECK(call(catalog_pools(handle))[0]["timeout"].is_null());
  CHECK(call(catalog_problems(handle)).empty());
  CHECK(catalog_dispose(handle));
  CHECK_FALSE(catalog_dispose(handle));
  auto stale = call(catalog_connectors(handle));
  CHECK(stale["error"]["code"] == "invalid_argument");
}

TEST_CASE("api: nothing loads -> invalid_catalog with every problem", "[catalog][api]") {
  json broken = sample_definition();
  broken["authMethods"] = json::array();
  auto answer = call(catalog_load(json::array({broken, "{"}).dump(), "null"));
  REQUIRE(answer.contains("error"));
  CHECK(answer["error"]["code"] == "invalid_catalog");
  CHECK(answer["error"]["problems"].size() == 2);
  CHECK(answer["error"]["problems"][0]["pointer"] == "/authMethods");
  CHECK(answer["error"]["problems"][1]["index"] == 1);
  // an empty list is not an error: an empty catalog
  auto empty = call(catalog_load("[]", "null"));
  CHECK(empty["connectors"] == 0);
  catalog_dispose(empty["handle"].get<int>());
  CHECK(call(catalog_load("[", "null"))["error"]["code"] == "invalid_argument");
  CHECK(call(catalog_load("[]", "[]"))["error"]["code"] == "invalid_argument");
}

TEST_CASE("api: duplicate keys in the text of the definitions reject that definition", "[catalog][api]") {
  json second = sample_definition();
  second["id"] = "second";
  std::string text = json::array({sample_definition(), second}).dump();
  // repeat "version" inside the second definition
  const std::size_t at = text.find("\"id\":\"second\"");
  REQUIRE(at != std::string::npos);
  text.insert(at, "\"version\":\"0\",");
  auto answer = call(catalog_load(text, "null"));
  REQUIRE(answer.contains("handle"));
  CHECK(answer["connectors"] == 1);
  REQUIRE(answer["problems"].size() == 1);
  CHECK(answer["problems"][0]["index"] == 1);
  CHECK(answer["problems"][0]["pointer"] == "/version");
  CHECK(answer["problems"][0]["code"] == "duplicate_key");
  catalog_dispose(answer["handle"].get<int>());
  // a single object
  auto single = call(catalog_load(R"({"id": "a", "id": "b"})", "null"));
  CHECK(single["error"]["problems"][0]["pointer"] == "/id");
}

TEST_CASE("api: validate an instance", "[validation][api]") {
  const int handle = load_sample();
  const json instance{{"connectorId", "acme"}, {"name", "EU"}, {"poolId", "p1"},
                      {"credentials", {{"store", "eu"}, {"token", "t"}}}};
  auto ok = call(validate_instance(handle, instance.dump(), R"({"existingNames": ["us"], "now": 0})"));
  CHECK(ok["valid"] == true);
  CHECK(ok["errors"].empty());
  CHECK(ok["instance"]["poolId"] == "p1");
  auto taken = call(validate_instance(handle, instance.dump(), R"({"existingNames": ["eu"]})"));
  CHECK(taken["valid"] == false);
  CHECK(taken["errors"][0] == json{{"field", "name"}, {"code", "taken"},
                                   {"message", "The name has already been taken."},
                                   {"params", json::object()}});
  CHECK(call(validate_instance(handle, "[]", "null"))["error"]["code"] == "invalid_argument");
  CHECK(call(validate_instance(handle, "{", "null"))["error"]["code"] == "invalid_argument");
  CHECK(call(validate_instance(handle, "{}", R"({"now": "x"})"))["error"]["code"] == "invalid_argument");
  CHECK(call(validate_instance(-1, "{}", "null"))["error"]["code"] == "invalid_argument");
  catalog_dispose(handle);
}

namespace {

// validate_instance_in_memory as a host calls it: both texts written into the input area,
// the answer read from the output area.
std::string validate_in_memory(int handle, const std::string& instance, const std::string& context) {
  auto* area = reinterpret_cast<char*>(json_input_area(static_cast<int>(instance.size() + context.size())));
  REQUIRE(area != nullptr);
  std::memcpy(area, instance.data(), instance.size());
  std::memcpy(area + instance.size(), context.data(), context.size());
  const int bytes = validate_instance_in_memory(handle, static_cast<int>(instance.size()), static_cast<int>(context.size()));
  return std::string(reinterpret_cast<const char*>(json_output_area()), static_cast<std::size_t>(bytes));
}

}  // namespace

TEST_CASE("api: validate an instance with its texts in memory: the same answers", "[validation][api]") {
  const int handle = load_sample();
  const json instance{{"connectorId", "acme"}, {"name", "EU"}, {"poolId", "p1"},
                      {"credentials", {{"store", "eu"}, {"token", "t"}}}};
  const std::string big_name(3 << 20, 'x');  // grows the input area beyond what is kept
  for (const auto& [text, context] : std::vector<std::pair<std::string, std::string>>{
           {instance.dump(), R"({"existingNames": ["eu"], "now": 0})"},
           {json{{"connectorId", "acme"}, {"name", big_name}}.dump(), "null"},
           {instance.dump(), "null"},
           {"[]", "null"},
           {"{", "null"},
           {"{}", R"({"now": "x"})"}}) {
    CHECK(validate_in_memory(handle, text, context) == validate_instance(handle, text, context));
  }
  CHECK(call(validate_in_memory(-1, "{}", "null"))["error"]["code"] == "invalid_argument");
  // lengths beyond what was written read nothing, never past the area
  CHECK(call(validate_in_memory(handle, "", "null"))["error"]["code"] == "invalid_argument");
  const int bytes = validate_instance_in_memory(handle, 1 << 30, 1 << 30);
  CHECK(call(std::string(reinterpret_cast<const char*>(json_output_area()), static_cast<std::size_t>(bytes)))["error"]["code"] ==
        "invalid_argument");
  catalog_dispose(handle);
}

TEST_CASE("api: single definitions and pools", "[catalog][api]") {
  auto ok = call(validate_connector_definition(sample_definition().dump()));
  CHECK(ok["valid"] == true);
  CHECK(ok["definition"]["defaults"]["timeZone"] == "UTC");
  auto bad = call(validate_connector_definition(R"({"id": "x", "id": "y"})"));
  CHECK(bad["valid"] == false);
  CHECK(bad["problems"][0]["code"] == "duplicate_key");
  CHECK(bad["definition"].is_null());
  auto pool = call(validate_pool(R"({"id": "p", "name": "P", "limit": 0})"));
  CHECK(pool["valid"] == false);
  CHECK(pool["problems"][0] == json{{"pointer", "/limit"}, {"code", "too_small"},
                                    {"message", "\"limit\" must be at least 1."}, {"params", {{"min", 1}}}});
}

TEST_CASE("api: template parts, and the reason a template is malformed", "[catalog][api][template]") {
  CHECK(call(template_parts("https://{{ store }}.example.com/{{v}}")) ==
        json::parse(R"([{"literal":"https://"},{"variable":"store"},{"literal":".example.com/"},{"variable":"v"}])"));
  CHECK(call(template_parts("")) == json::array());
  for (const auto& [text, reason] : std::vector<std::pair<std::string, std::string>>{
           {"{{a", "unclosed"}, {"a}}", "unopened"}, {"{{a.b}}", "invalid_key"}}) {
    const json error = call(template_parts(text))["error"];
    CHECK(error["code"] == "invalid_template");
    CHECK(error["reason"] == reason);
    CHECK(error["message"].get<std::string>().rfind("Malformed placeholder", 0) == 0);
  }
  // literal bytes that are not UTF-8 come back replaced, as every JSON answer does
  CHECK(call(template_parts("a\xFF{{b}}"))[0]["literal"] == "a\xEF\xBF\xBD");
}

TEST_CASE("api: Laravel body from errors JSON", "[validation][api]") {
  auto body = call(to_laravel(R"([{"field": "name", "code": "required", "message": "The name field is required."}])"));
  CHECK(body["message"] == "The name field is required.");
  CHECK(body["errors"]["name"][0] == "The name field is required.");
  CHECK(call(to_laravel(R"({"name": 1})"))["error"]["code"] == "invalid_argument");
  CHECK(call(to_laravel("nope"))["error"]["code"] == "invalid_argument");
  auto counted = call(to_laravel(
      R"({"errors": [{"field": "name", "code": "required", "message": "N."}], "omittedErrors": 4})"));
  CHECK(counted["message"] == "N. (and 4 more errors)");
  CHECK(call(to_laravel(R"({"errors": [], "omittedErrors": -1})"))["error"]["code"] == "invalid_argument");
}
