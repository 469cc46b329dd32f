#pragma once
// The input type of a value (a connector variable's "type"): which JSON values it takes,
// the syntax its text must have, and whether min/max bound the value or its length.
#include <optional>
#include <string_view>

namespace core::values {

enum class input_type { text, secret, url, email, integer, number, enumeration, boolean,
                        multiline };

// "text", "secret", "url", "email", "integer", "number", "enum", "boolean", "multiline".
std::optional<input_type> parse_input_type(std::string_view text);
std::string_view to_string(input_type type);

// Whether min/max bound the value (integer, number) rather than its length in characters.
bool is_numeric(input_type type);

}  // namespace core::values
