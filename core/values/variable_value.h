#pragma once
// The rules of one variable value (credentials.<key>), shared by instance validation and
// by the definition parser, which holds a variable's default to the same rules.
//
// Accepted JSON: a string for every type; also a number for integer/number and a boolean
// for boolean. The value is trimmed (JS trim) before the checks except for secret and
// multiline variables, whose spaces may matter. Checks run in this order and the first
// failure is reported: type, UTF-8, length (at most min(1024, max) characters for text-like
// types), blank, control characters, the type's syntax (url, email, integer, number, enum,
// boolean), numeric range or minimum length, pattern.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/common/json_document.h"
#include "core/values/value_rules.h"

namespace core::values {

struct rule_violation {
  std::string code;
  nlohmann::json params = nlohmann::json::object();
};

struct value_outcome {
  // The normalised value: a string (trimmed where that applies), a number for
  // integer/number, a boolean for boolean; null when blank or invalid.
  nlohmann::json value;
  bool blank = false;  // null, or empty after trimming: "required" is the caller's call
  std::optional<rule_violation> violation;
};

// `value`: a submitted credential or a definition's default, as a document's value.
value_outcome check_variable_value(const value_rules& rules, json_view value);

}  // namespace core::values
