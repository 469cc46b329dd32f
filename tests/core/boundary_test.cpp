#include <catch2/catch.hpp>
#include <stdexcept>

#include "core/common/boundary.h"
#include "core/common/version.h"

using nlohmann::json;

TEST_CASE("library version is semver") {
  auto v = core::library_version();
  REQUIRE(std::count(v.begin(), v.end(), '.') == 2);
}

TEST_CASE("guarded_json passes results through") {
  auto s = core::guarded_json([] { return json{{"ok", true}}; });
  CHECK(json::parse(s) == json{{"ok", true}});
}

TEST_CASE("guarded_json turns exceptions into error codes") {
  SECTION("parse error") {
    auto s = core::guarded_json([] { return json::parse("{nope"); });
    auto j = json::parse(s);
    CHECK(j["error"]["code"] == "invalid_json");
    CHECK(j["error"]["position"].get<int>() >= 1);
  }
  SECTION("any std::exception") {
    auto s = core::guarded_json([]() -> json { throw std::runtime_error("boom"); });
    auto j = json::parse(s);
    CHECK(j["error"]["code"] == "internal");
    CHECK(j["error"]["message"] == "boom");
  }
  SECTION("invalid UTF-8 in a result is replaced, not thrown") {
    auto s = core::guarded_json([] { return json{{"s", std::string("a\xff" "b")}}; });
    CHECK(json::parse(s)["s"] == "a\xEF\xBF\xBD" "b");
  }
}
