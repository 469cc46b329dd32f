#include "core/values/input_type.h"

namespace core::values {

std::optional<input_type> parse_input_type(std::string_view text) {
  if (text == "text") return input_type::text;
  if (text == "secret") return input_type::secret;
  if (text == "url") return input_type::url;
  if (text == "email") return input_type::email;
  if (text == "integer") return input_type::integer;
  if (text == "number") return input_type::number;
  if (text == "enum") return input_type::enumeration;
  if (text == "boolean") return input_type::boolean;
  if (text == "multiline") return input_type::multiline;
  return std::nullopt;
}

std::string_view to_string(input_type type) {
  switch (type) {
    case input_type::text: return "text";
    case input_type::secret: return "secret";
    case input_type::url: return "url";
    case input_type::email: return "email";
    case input_type::integer: return "integer";
    case input_type::number: return "number";
    case input_type::enumeration: return "enum";
    case input_type::boolean: return "boolean";
    case input_type::multiline: return "multiline";
  }
  return "text";
}

bool is_numeric(input_type type) {
  return type == input_type::integer || type == input_type::number;
}

}  // namespace core::values
