#include <catch2/catch.hpp>

#include "core/validation/name_key.h"

using core::validation::instance_name_key;

TEST_CASE("instance name keys: trimmed and case-folded") {
  CHECK(instance_name_key("  Shop EU  ") == std::optional<std::string>("shop eu"));
  CHECK(instance_name_key("\xC3\x89T\xC3\x89") == instance_name_key("\xC3\xA9t\xC3\xA9"));  // ÉTÉ / été
  CHECK(instance_name_key("Caf\xC3\xA9") != instance_name_key("Cafe"));
  CHECK(instance_name_key("") == std::optional<std::string>(""));
}

TEST_CASE("instance name keys: ill-formed UTF-8 has none") {
  CHECK_FALSE(instance_name_key("bad \xFF name").has_value());
  CHECK_FALSE(instance_name_key("\xED\xA0\x80").has_value());  // an encoded surrogate
}
