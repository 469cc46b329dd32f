#pragma once
// The rules one value follows (a connector variable's value, credentials.<key>): its input
// type, the options of an enum, a pattern, and bounds (min/max bound the value of numeric
// types, the length in characters of the others). core/values/variable_value.h checks a
// value against them.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/pattern/pattern.h"
#include "core/values/input_type.h"

namespace core::values {

inline constexpr std::size_t max_value_length = 1024;  // code points, every value

struct value_rules {
  input_type input = input_type::text;
  // A secret's spaces are part of it (never trimmed); hosts never echo it back and forms
  // mask it.
  bool secret = false;
  std::vector<std::string> options;   // enum only: the allowed values
  std::optional<core::pattern> pattern;
  std::optional<std::string> pattern_description;  // "lower-case letters and dashes"
  std::optional<double> min;          // numeric: value; otherwise: length in characters
  std::optional<double> max;
};

}  // namespace core::values
