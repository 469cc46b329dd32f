#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/common/json_object.h"

using nlohmann::json;
using core::object_of;

TEST_CASE("json objects: object_of makes what a braced nlohmann list makes", "[json]") {
  const std::string name = "EU store";
  const std::vector<std::string> options{"a", "b"};
  CHECK(object_of("max", 255) == json{{"max", 255}});
  CHECK(object_of("value", name, "options", options) == json{{"value", name}, {"options", options}});
  const json expected{{"zone", "CET"}, {"offset", -3600}, {"ok", true}, {"none", nullptr},
                      {"allowed", {"basic", "body"}}, {"nested", {{"id", "x"}, {"n", 2.5}}}};
  const json made = object_of({{"zone", "CET"}, {"offset", -3600}, {"ok", true}, {"none", nullptr},
                               {"allowed", {"basic", "body"}}, {"nested", object_of({{"id", "x"}, {"n", 2.5}})}});
  CHECK(made == expected);
  CHECK(made.dump() == expected.dump());  // members in key order, as every nlohmann object
  CHECK(made["allowed"].is_array());
}

TEST_CASE("json objects: values are moved in; a repeated key keeps its first value", "[json]") {
  json items = json::array({1, 2, 3});
  const json made = object_of({{"items", std::move(items)}, {"count", 3}});
  CHECK(made["items"] == json::array({1, 2, 3}));
  CHECK(object_of({{"a", 1}, {"a", 2}}) == json{{"a", 1}, {"a", 2}});
  CHECK(object_of({{"a", 1}, {"a", 2}})["a"] == 1);
  CHECK(object_of("a", 1, "a", 2)["a"] == 1);
}
