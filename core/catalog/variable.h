#pragma once
// A variable of an authentication method: one value an instance supplies (a user name, a
// token, a store name), with the rules that value must follow.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/pattern.h"

namespace core::catalog {

enum class input_type { text, secret, url, email, integer, number, enumeration, boolean,
                        multiline };

// "text", "secret", "url", "email", "integer", "number", "enum", "boolean", "multiline".
std::optional<input_type> parse_input_type(std::string_view text);
std::string_view to_string(input_type type);

// Whether min/max bound the value (integer, number) rather than its length in characters.
bool is_numeric(input_type type);

inline constexpr std::size_t max_value_length = 1024;  // code points, every variable value

// Variable keys (and aliases): 1-64 of [A-Za-z0-9_-], starting with a letter or '_'. A key
// appears in field paths, "credentials.<key>", and in templates, "{{key}}", so it has no dot
// and no brace. `variable_key_rule` says it in words, for messages.
bool is_variable_key(std::string_view text);
inline constexpr const char* variable_key_rule =
    "1 to 64 letters, digits, '_' or '-', starting with a letter or '_'";

struct variable_definition {
  std::string key;                    // credentials.<key>
  std::string label;                  // shown to users, used in messages
  std::optional<std::string> alias;   // another name the value may be submitted under
  nlohmann::json default_value;       // normalised (a string, number or boolean); null: none
  bool required = false;
  bool advanced = false;              // shown under "advanced" in forms
  bool locked = false;                // the value is the default and cannot change
  bool secret = false;                // never echoed back, masked in forms
  input_type input = input_type::text;
  std::vector<std::string> options;   // enum only: the allowed values
  std::optional<core::pattern> pattern;
  std::optional<std::string> pattern_description;  // "lower-case letters and dashes"
  std::optional<double> min;          // numeric: value; otherwise: length in characters
  std::optional<double> max;
};

}  // namespace core::catalog
