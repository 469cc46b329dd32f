#include "core/values/text_input.h"

#include "core/common/utf8.h"

namespace core::values {

bool is_ill_formed_marker(const nlohmann::json& value) {
  if (!value.is_object() || value.size() != 1) return false;
  auto it = value.find(ill_formed_marker);
  return it != value.end() && *it == true;
}

bool is_ill_formed_marker(json_view value) {
  if (!value.is_object() || value.size() != 1) return false;
  const json_view marker = value.member(ill_formed_marker);
  return marker.is_boolean() && marker.get<bool>();
}

text_input read_text(json_view value) {
  if (value.is_null()) return {};  // null, or absent
  if (is_ill_formed_marker(value)) return {text_input_status::ill_formed, {}};
  if (!value.is_string()) return {text_input_status::wrong_type, {}};
  const std::string_view s = value.get<std::string_view>();
  if (!value.strings_well_formed() && !utf8::is_valid(s)) return {text_input_status::ill_formed, {}};
  return {text_input_status::text, s};
}

}  // namespace core::values
