#pragma once
// Reading a text field of submitted JSON. A JS string with a lone surrogate cannot cross
// as JSON text (it would make the whole document unparseable), so the JS facade replaces
// such a string with the marker object {"$illFormedUtf16": true}; here that marker, like a
// native string of ill-formed UTF-8, reads as "invalid_utf8" for that one field.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/common/json_document.h"

namespace core::values {

inline constexpr const char* ill_formed_marker = "$illFormedUtf16";

bool is_ill_formed_marker(const nlohmann::json& value);
bool is_ill_formed_marker(json_view value);

// What a text field held.
enum class text_input_status { absent, text, wrong_type, ill_formed };

// The outcome of reading one text field.
struct text_input {
  text_input_status status = text_input_status::absent;
  std::string_view value;  // when status == text: well-formed UTF-8, as given
};

// null or a missing member is `absent`; a string of ill-formed UTF-8 or the marker is
// `ill_formed`; any other non-string is `wrong_type`.
text_input read_text(json_view value);

}  // namespace core::values
