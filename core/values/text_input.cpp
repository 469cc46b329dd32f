#include "core/values/text_input.h"

#include "core/common/utf8.h"

namespace core::values {

bool is_ill_formed_marker(const nlohmann::json& value) {
  if (!value.is_object() || value.size() != 1) return false;
  auto it = value.find(ill_formed_marker);
  return it != value.end() && *it == true;
}

text_input read_text(const nlohmann::json* value) {
  if (!value || value->is_null()) return {};
  if (is_ill_formed_marker(*value)) return {text_input_status::ill_formed, {}};
  if (!value->is_string()) return {text_input_status::wrong_type, {}};
  const auto& s = value->get_ref<const std::string&>();
  if (!utf8::is_valid(s)) return {text_input_status::ill_formed, {}};
  return {text_input_status::text, s};
}

}  // namespace core::values
