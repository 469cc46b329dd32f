#pragma once
// The grammar of the templates in connector definitions ("https://{{store}}.example.com",
// "Bearer {{token}}"): the one place that decides what a placeholder is. Hosts expand the
// parts (the backend: web/server/connection/url-template.mjs); the definition parser checks
// that each variable exists.
//
//   template    = *( literal / placeholder )
//   placeholder = "{{" *" " key *" " "}}"       key: is_variable_key (core/catalog/variable.h)
//   literal     = any text without "{{" or "}}" (single braces are literal text)
//
// Every "{{" opens a placeholder, which ends at the next "}}"; spaces (U+0020 only) may
// stand around the key. Malformed: a "{{" without a later "}}" (unclosed), a "}}" outside a
// placeholder (unopened), anything else between the braces, nested braces included
// (invalid_key). Literal text passes through byte for byte.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core::catalog {

// The code of a malformed template, as a definition problem and as an entry point's error.
inline constexpr const char* invalid_template_code = "invalid_template";

struct template_part {
  bool variable = false;  // true: `text` is a variable key; false: literal text
  std::string text;       // never empty

  bool operator==(const template_part& other) const {
    return variable == other.variable && text == other.text;
  }
};

enum class template_flaw { unclosed, unopened, invalid_key };
inline constexpr template_flaw template_flaws[] = {template_flaw::unclosed, template_flaw::unopened,
                                                  template_flaw::invalid_key};

struct template_split {
  std::vector<template_part> parts;   // in order; adjacent literals never occur
  std::optional<template_flaw> flaw;  // set when malformed (then `parts` is empty)
};

template_split split_template(std::string_view text);

// The variable keys a template names, in order; nullopt when it is malformed.
std::optional<std::vector<std::string>> template_variables(std::string_view text);

// "unclosed", "unopened", "invalid_key"
std::string_view to_string(template_flaw flaw);
// What is wrong and how to write a placeholder, for authors of definitions.
std::string template_flaw_message(template_flaw flaw);

}  // namespace core::catalog
