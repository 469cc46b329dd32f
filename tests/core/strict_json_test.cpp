#include <catch2/catch.hpp>

#include "core/common/strict_json.h"

using namespace core;

TEST_CASE("strict json: duplicate keys are reported with their pointer", "[json]") {
  auto r = read_strict_json(R"({"a": 1, "b": {"c": [1, {"d": 1, "d": 2}]}, "a": 3})");
  REQUIRE(r.document);
  REQUIRE(r.problems.size() == 2);
  CHECK(r.problems[0].code == "duplicate_key");
  CHECK(r.problems[0].pointer == "/b/c/1/d");
  CHECK(r.problems[1].pointer == "/a");
  CHECK(r.document->root().to_json()["a"] == 3);
}

TEST_CASE("strict json: keys are escaped in pointers", "[json]") {
  auto r = read_strict_json(R"({"x/y": {"m~n": 1, "m~n": 2}})");
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].pointer == "/x~1y/m~0n");
}

TEST_CASE("strict json: same key in sibling objects is fine", "[json]") {
  auto r = read_strict_json(R"([{"id": 1}, {"id": 2}])");
  CHECK(r.problems.empty());
  CHECK(r.document->root().size() == 2);
}

TEST_CASE("strict json: invalid JSON gives one problem with the position", "[json]") {
  auto r = read_strict_json(R"({"a": })");
  CHECK_FALSE(r.document);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].code == "invalid_json");
  CHECK(r.problems[0].params["position"] == 7);
  CHECK_FALSE(read_strict_json("").document);
  CHECK_FALSE(read_strict_json("\"\xff\"").document);  // ill-formed UTF-8 in a string
}

TEST_CASE("strict json: nesting is bounded", "[json]") {
  std::string ok(64, '['), deep(65, '[');
  ok += std::string(64, ']');
  deep += std::string(65, ']');
  CHECK(read_strict_json(ok).document);
  auto r = read_strict_json(deep);
  CHECK_FALSE(r.document);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].code == "too_deep");
  // a million brackets: refused early, no stack exhaustion
  CHECK_FALSE(read_strict_json(std::string(1000000, '[')).document);
}

TEST_CASE("strict json: repeated keys in the order of the text, each repeat once", "[json]") {
  // the outer object closes last, its repeat comes first in the text
  auto r = read_strict_json(R"({"a": 1, "a": 2, "z": {"b": 1, "b": 2, "b": 3}, "a": 4})");
  REQUIRE(r.document);
  REQUIRE(r.problems.size() == 4);
  CHECK(r.problems[0].pointer == "/a");
  CHECK(r.problems[1].pointer == "/z/b");
  CHECK(r.problems[2].pointer == "/z/b");
  CHECK(r.problems[3].pointer == "/a");
  CHECK(r.problems[0].params["key"] == "a");
  CHECK(r.document->root().to_json()["a"] == 4);
  CHECK(r.document->root().to_json()["z"]["b"] == 3);
  // an escaped key repeats as the key it decodes to
  auto escaped = read_strict_json(R"({"\u0061": 1, "a": 2})");
  REQUIRE(escaped.problems.size() == 1);
  CHECK(escaped.problems[0].pointer == "/a");
}

TEST_CASE("strict json: too deep names the value that opens one level too many", "[json]") {
  std::string text = R"({"x": [1, )" + std::string(63, '[') + std::string(63, ']') + "]}";
  auto r = read_strict_json(text);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].code == "too_deep");
  std::string pointer = "/x/1";
  for (int i = 0; i < 62; ++i) pointer += "/0";  // the 63rd of the arrays under /x/1
  CHECK(r.problems[0].pointer == pointer);
  CHECK(r.problems[0].params["max"] == 64);
}

TEST_CASE("strict json: a byte order mark is taken, positions count it", "[json]") {
  CHECK(read_strict_json("\xEF\xBB\xBF{\"a\": 1}").document);
  auto r = read_strict_json("\xEF\xBB\xBF{\"a\": }");
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].params["position"] == 10);
}
