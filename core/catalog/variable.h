#pragma once
// A variable of an authentication method: one value an instance supplies (a user name, a
// token, a store name). It names the value within its method and holds the rules that
// value must follow (core/values/value_rules.h).
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/values/value_rules.h"

namespace core::catalog {

using values::input_type;
using values::is_numeric;
using values::max_value_length;
using values::parse_input_type;
using values::to_string;

// Variable keys (and aliases): 1-64 of [A-Za-z0-9_-], starting with a letter or '_'. A key
// appears in field paths, "credentials.<key>", and in templates, "{{key}}", so it has no dot
// and no brace. `variable_key_rule` says it in words, for messages.
bool is_variable_key(std::string_view text);
inline constexpr const char* variable_key_rule =
    "1 to 64 letters, digits, '_' or '-', starting with a letter or '_'";

struct variable_definition : values::value_rules {
  std::string key;                    // credentials.<key>
  std::string label;                  // shown to users, used in messages
  std::optional<std::string> help;    // where to find the value, in words; shown with the field
  std::optional<std::string> alias;   // another name the value may be submitted under
  nlohmann::json default_value;       // normalised (a string, number or boolean); null: none
  bool required = false;
  bool advanced = false;              // shown under "advanced" in forms
  bool locked = false;                // the value is the default and cannot change
};

}  // namespace core::catalog
