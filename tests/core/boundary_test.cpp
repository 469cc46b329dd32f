#include <catch2/catch.hpp>

#include "core/common/boundary.h"
#include "core/common/json_parse.h"
#include "core/common/json_text.h"
#include "core/common/version.h"

using nlohmann::json;

TEST_CASE("library version is semver") {
  auto v = core::library_version();
  REQUIRE(std::count(v.begin(), v.end(), '.') == 2);
}

TEST_CASE("invalid_json_text names the code, the reason and the byte") {
  const auto parsed = core::parse_json("{nope");
  REQUIRE_FALSE(parsed.ok());
  const std::string text = core::invalid_json_text(parsed.error());
  CHECK(text == R"({"error":{"code":"invalid_json","message":"The text is not valid JSON (at byte 2): )" +
                    parsed.error().reason + R"(.","position":2}})");
  const json j = json::parse(text);
  CHECK(j["error"]["message"] == parsed.error().message());
}

TEST_CASE("error_json keeps the details and sets code and message") {
  const json j = core::error_json("some_code", "Some message.", json{{"field", "name"}, {"code", "ignored"}});
  CHECK(j == json{{"error", {{"code", "some_code"}, {"message", "Some message."}, {"field", "name"}}}});
}

TEST_CASE("json_text replaces invalid UTF-8 in a result") {
  CHECK(json::parse(core::json_text(json{{"s", std::string("a\xff" "b")}}))["s"] == "a\xEF\xBF\xBD" "b");
}
