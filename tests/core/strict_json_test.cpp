#include <catch2/catch.hpp>

#include "core/common/strict_json.h"

using namespace core;

TEST_CASE("strict json: duplicate keys are reported with their pointer", "[json]") {
  auto r = parse_strict_json(R"({"a": 1, "b": {"c": [1, {"d": 1, "d": 2}]}, "a": 3})");
  REQUIRE(r.value);
  REQUIRE(r.problems.size() == 2);
  CHECK(r.problems[0].code == "duplicate_key");
  CHECK(r.problems[0].pointer == "/b/c/1/d");
  CHECK(r.problems[1].pointer == "/a");
  CHECK((*r.value)["a"] == 3);
}

TEST_CASE("strict json: keys are escaped in pointers", "[json]") {
  auto r = parse_strict_json(R"({"x/y": {"m~n": 1, "m~n": 2}})");
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].pointer == "/x~1y/m~0n");
}

TEST_CASE("strict json: same key in sibling objects is fine", "[json]") {
  auto r = parse_strict_json(R"([{"id": 1}, {"id": 2}])");
  CHECK(r.problems.empty());
  CHECK(r.value->size() == 2);
}

TEST_CASE("strict json: invalid JSON gives one problem with the position", "[json]") {
  auto r = parse_strict_json(R"({"a": })");
  CHECK_FALSE(r.value);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].code == "invalid_json");
  CHECK(r.problems[0].params["position"] == 7);
  CHECK_FALSE(parse_strict_json("").value);
  CHECK_FALSE(parse_strict_json("\"\xff\"").value);  // ill-formed UTF-8 in a string
}

TEST_CASE("strict json: nesting is bounded", "[json]") {
  std::string ok(64, '['), deep(65, '[');
  ok += std::string(64, ']');
  deep += std::string(65, ']');
  CHECK(parse_strict_json(ok).value);
  auto r = parse_strict_json(deep);
  CHECK_FALSE(r.value);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].code == "too_deep");
  // a million brackets: refused early, no stack exhaustion
  CHECK_FALSE(parse_strict_json(std::string(1000000, '[')).value);
  CHECK(json_depth(nlohmann::json::parse(ok), 100) == 64);
}
