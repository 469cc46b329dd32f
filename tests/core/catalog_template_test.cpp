// The grammar of definition templates (core/catalog/text_template.h): which texts split
// into literal text and variable keys, and why the others are malformed.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/catalog/text_template.h"
#include "core/catalog/variable.h"

using namespace core::catalog;

namespace {

template_part lit(std::string text) { return {false, std::move(text)}; }
template_part var(std::string key) { return {true, std::move(key)}; }

std::vector<template_part> parts_of(std::string_view text) {
  template_split split = split_template(text);
  INFO(std::string(text));
  REQUIRE_FALSE(split.flaw);
  return split.parts;
}

std::string flaw_of(std::string_view text) {
  template_split split = split_template(text);
  INFO(std::string(text));
  REQUIRE(split.flaw);
  CHECK(split.parts.empty());
  return std::string(to_string(*split.flaw));
}

}  // namespace

TEST_CASE("template: literal text and variables, in order", "[catalog][template]") {
  CHECK(parts_of("https://{{store_name}}.myshopify.com/admin/api/{{api_version}}/shop.json") ==
        std::vector<template_part>{lit("https://"), var("store_name"), lit(".myshopify.com/admin/api/"),
                                   var("api_version"), lit("/shop.json")});
  CHECK(parts_of("{{site_url}}/rest/api") == std::vector<template_part>{var("site_url"), lit("/rest/api")});
  CHECK(parts_of("{{a}}{{b}}") == std::vector<template_part>{var("a"), var("b")});
  CHECK(parts_of("{{access_token}}") == std::vector<template_part>{var("access_token")});
  CHECK(parts_of("no placeholder") == std::vector<template_part>{lit("no placeholder")});
  CHECK(parts_of("").empty());
  CHECK(template_variables("Bearer {{token}} for {{user}} and {{token}}") ==
        std::vector<std::string>{"token", "user", "token"});
  CHECK(template_variables("plain") == std::vector<std::string>{});
}

TEST_CASE("template: keys follow the variable key rule", "[catalog][template]") {
  for (const char* key : {"a", "_", "A_b-9", "client_id", "token-key", "_private"}) {
    CHECK(parts_of("{{" + std::string(key) + "}}") == std::vector<template_part>{var(key)});
  }
  for (const char* bad : {"{{9a}}", "{{-a}}", "{{a.b}}", "{{a/b}}", "{{a:b}}", "{{a b}}", "{{}}",
                          "{{ }}", "{{$a}}", "{{a=b}}"}) {
    CHECK(flaw_of(bad) == "invalid_key");
  }
}

TEST_CASE("template: spaces, and only spaces, may surround the key", "[catalog][template]") {
  CHECK(parts_of("{{ a }}") == std::vector<template_part>{var("a")});
  CHECK(parts_of("x{{   key}}y") == std::vector<template_part>{lit("x"), var("key"), lit("y")});
  CHECK(parts_of("{{key   }}") == std::vector<template_part>{var("key")});
  for (const char* bad : {"{{\ta}}", "{{a\t}}", "{{\na}}", "{{a\r\n}}", "{{\va}}", "{{\fa}}",
                          "{{\xC2\xA0" "a}}",           // U+00A0 no-break space
                          "{{a\xE2\x80\xA8}}",          // U+2028 line separator
                          "{{\xE3\x80\x80" "a}}"}) {    // U+3000 ideographic space
    CHECK(flaw_of(bad) == "invalid_key");
  }
}

TEST_CASE("template: stray and unclosed braces", "[catalog][template]") {
  CHECK(flaw_of("}}") == "unopened");
  CHECK(flaw_of("https://x.example.com/}}") == "unopened");
  CHECK(flaw_of("a}}{{b}}") == "unopened");
  CHECK(flaw_of("{{a}}}}") == "unopened");
  CHECK(flaw_of("{{") == "unclosed");
  CHECK(flaw_of("https://{{store.example.com/") == "unclosed");
  CHECK(flaw_of("{{a}") == "unclosed");
  CHECK(flaw_of("{{a}}{{b") == "unclosed");
  // single braces are literal text; the first "}}" closes a placeholder
  CHECK(parts_of("{a} } {") == std::vector<template_part>{lit("{a} } {")});
  CHECK(parts_of("{ {a} }") == std::vector<template_part>{lit("{ {a} }")});
  CHECK(parts_of("}{{a}}{") == std::vector<template_part>{lit("}"), var("a"), lit("{")});
  CHECK(parts_of("{{a}}}") == std::vector<template_part>{var("a"), lit("}")});
}

TEST_CASE("template: nested braces are not a key", "[catalog][template]") {
  CHECK(flaw_of("{{{a}}}") == "invalid_key");
  CHECK(flaw_of("{{{a}}") == "invalid_key");
  CHECK(flaw_of("{{a{{b}}}}") == "invalid_key");
  CHECK(flaw_of("{{{{a}}}}") == "invalid_key");
  CHECK(flaw_of("{{a{b}}") == "invalid_key");
  CHECK(flaw_of("{{a}b}}") == "invalid_key");
}

TEST_CASE("template: key length and very long templates", "[catalog][template]") {
  const std::string key64 = "k" + std::string(63, 'x');
  CHECK(parts_of("{{" + key64 + "}}") == std::vector<template_part>{var(key64)});
  CHECK(parts_of("{{ " + key64 + " }}") == std::vector<template_part>{var(key64)});
  CHECK(flaw_of("{{" + key64 + "x}}") == "invalid_key");

  std::string long_text;
  for (int i = 0; i < 20000; ++i) long_text += "/{{k" + std::to_string(i) + "}}";
  const auto parts = parts_of(long_text);
  REQUIRE(parts.size() == 40000);
  CHECK(parts.back() == var("k19999"));
  CHECK(parts_of(std::string(1 << 20, 'a')) == std::vector<template_part>{lit(std::string(1 << 20, 'a'))});
  CHECK(flaw_of(long_text + "}}") == "unopened");
  CHECK(flaw_of(std::string(1 << 20, '{')) == "unclosed");
}

TEST_CASE("template: non-ASCII text is literal, never a key", "[catalog][template]") {
  const std::string text = "https://{{shop}}.\xE4\xBE\x8B\xE3\x81\x88.jp/\xC3\xBC?q=\xE2\x82\xAC&e=\xF0\x9F\x98\x80";
  CHECK(parts_of(text) == std::vector<template_part>{lit("https://"), var("shop"),
        lit(".\xE4\xBE\x8B\xE3\x81\x88.jp/\xC3\xBC?q=\xE2\x82\xAC&e=\xF0\x9F\x98\x80")});
  CHECK(flaw_of("{{schl\xC3\xBC" "ssel}}") == "invalid_key");
  CHECK(flaw_of("{{\xF0\x9F\x98\x80}}") == "invalid_key");
  // a fullwidth brace is not a brace
  CHECK(parts_of("\xEF\xBD\x9B\xEF\xBD\x9B" "a\xEF\xBD\x9D\xEF\xBD\x9D") ==
        std::vector<template_part>{lit("\xEF\xBD\x9B\xEF\xBD\x9B" "a\xEF\xBD\x9D\xEF\xBD\x9D")});
}

TEST_CASE("template: every flaw has a name and a message with the key rule", "[catalog][template]") {
  std::vector<std::string> names;
  for (auto flaw : template_flaws) {
    names.emplace_back(to_string(flaw));
    CHECK(template_flaw_message(flaw).find(variable_key_rule) != std::string::npos);
  }
  CHECK(names == std::vector<std::string>{"unclosed", "unopened", "invalid_key"});
  CHECK(template_variables("{{a") == std::nullopt);
}
