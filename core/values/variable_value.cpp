#include "core/values/variable_value.h"

#include <cmath>
#include <cstdlib>

#include "core/common/decimal_to_double.h"
#include "core/common/inline.h"
#include "core/common/json_object.h"
#include "core/common/safe_integer.h"
#include "core/common/utf8.h"
#include "core/values/text_formats.h"
#include "core/values/text_input.h"

namespace core::values {
namespace {

using nlohmann::json;

// A broken rule: out of line, the checks above it are the hot path.
CORE_COLD_PATH value_outcome fail(std::string_view code, json params) {
  value_outcome out;
  out.violation = rule_violation{std::string(code), std::move(params)};
  return out;
}

CORE_COLD_PATH value_outcome fail(std::string_view code) { return fail(code, json::object()); }

const char* expected_json_type(input_type type) {
  switch (type) {
    case input_type::integer: return "integer";
    case input_type::number: return "number";
    case input_type::boolean: return "boolean";
    default: return "string";
  }
}

// "-12", "0", "+7": optional sign and decimal digits.
bool integer_syntax(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// JSON's number grammar, also allowing a leading '+' and a leading or trailing '.':
// "1.5", "-2e3", ".5", "3.".
bool number_syntax(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t exponent = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exponent;
    if (exponent == 0) return false;
  }
  return i == s.size();
}

// Range check of a numeric value against the variable's bounds and the safe-integer range.
std::optional<rule_violation> check_range(const value_rules& v, double d) {
  const double safe = static_cast<double>(max_safe_integer);
  if (v.min && d < *v.min) return rule_violation{"too_small", object_of("min", *v.min)};
  if (v.max && d > *v.max) return rule_violation{"too_large", object_of("max", *v.max)};
  if (v.input == input_type::integer) {
    if (d < -safe) return rule_violation{"too_small", object_of("min", -safe)};
    if (d > safe) return rule_violation{"too_large", object_of("max", safe)};
  }
  return std::nullopt;
}

}  // namespace

value_outcome check_variable_value(const value_rules& v, json_view value) {
  value_outcome out;
  if (value.is_null()) {
    out.blank = true;
    return out;
  }
  if (is_ill_formed_marker(value)) return fail("invalid_utf8");
  // Typed JSON values for typed variables.
  if (value.is_boolean()) {
    if (v.input != input_type::boolean) return fail("invalid_type", object_of("expected", expected_json_type(v.input)));
    out.value = value.to_json();
    return out;
  }
  if (value.is_number()) {
    if (!is_numeric(v.input)) return fail("invalid_type", object_of("expected", expected_json_type(v.input)));
    const double d = value.get<double>();
    if (!std::isfinite(d)) return fail("not_number");
    if (v.input == input_type::integer && std::floor(d) != d) return fail("not_integer");
    if (auto range = check_range(v, d)) return fail(range->code, range->params);
    out.value = value.to_json();
    return out;
  }
  if (!value.is_string()) return fail("invalid_type", object_of("expected", expected_json_type(v.input)));

  const std::string_view raw = value.get<std::string_view>();
  if (!value.strings_well_formed() && !utf8::is_valid(raw)) return fail("invalid_utf8");
  const bool keep_spaces = v.secret || v.input == input_type::multiline;
  const std::string_view text = keep_spaces ? raw : utf8::trim(raw);
  const bool text_like = !is_numeric(v.input) && v.input != input_type::enumeration &&
                         v.input != input_type::boolean;
  std::size_t max_length = max_value_length;
  if (text_like && v.max && *v.max < static_cast<double>(max_length)) {
    max_length = static_cast<std::size_t>(*v.max);
  }
  const bool printable = utf8::is_printable_ascii(text);
  const std::size_t length = printable ? text.size() : utf8::length(text);
  if (length > max_length) return fail("too_long", object_of("max", max_length));
  if (utf8::trim(text).empty()) {
    out.blank = true;
    return out;
  }
  if (!printable && utf8::has_control(text, v.input == input_type::multiline)) return fail("invalid_characters");

  switch (v.input) {
    case input_type::url:
      if (!is_url(text)) return fail("invalid_url");
      break;
    case input_type::email:
      if (!is_email(text)) return fail("invalid_email");
      break;
    case input_type::integer: {
      if (!integer_syntax(text)) return fail("not_integer");
      // more than 16 digits is beyond any bound a double holds exactly: out of range
      const double d = read_decimal(text).value;
      if (auto range = check_range(v, d)) return fail(range->code, range->params);
      out.value = d < 0 ? json(static_cast<std::int64_t>(d)) : json(static_cast<std::uint64_t>(d));
      break;
    }
    case input_type::number: {
      if (!number_syntax(text)) return fail("not_number");
      const double d = read_decimal(text).value;
      if (!std::isfinite(d)) return fail("not_number");
      if (auto range = check_range(v, d)) return fail(range->code, range->params);
      out.value = d;
      break;
    }
    case input_type::enumeration: {
      bool listed = false;
      for (const auto& option : v.options) listed = listed || option == text;
      if (!listed) return fail("invalid_choice", object_of("options", v.options));
      break;
    }
    case input_type::boolean:
      if (text == "true") {
        out.value = true;
      } else if (text == "false") {
        out.value = false;
      } else {
        return fail("invalid_boolean");
      }
      return out;
    default:
      break;
  }
  if (text_like && v.min && static_cast<double>(length) < *v.min) {
    return fail("too_short", object_of("min", *v.min));
  }
  if (v.pattern && !v.pattern->matches(text)) {
    json params = json::object();
    if (v.pattern_description) params["description"] = *v.pattern_description;
    return fail("pattern_mismatch", std::move(params));
  }
  if (out.value.is_null()) out.value = std::string(text);
  return out;
}

}  // namespace core::values
