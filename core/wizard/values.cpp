#include "core/wizard/values.h"

namespace core {
namespace wizard {

const nlohmann::json& value_of(const field_values& values, const std::string& key) {
  static const nlohmann::json null_value;
  auto it = values.find(key);
  return it == values.end() ? null_value : it->second;
}

bool has_value(const nlohmann::json& value) {
  return !value.is_null() && !(value.is_string() && value.get_ref<const std::string&>().empty());
}

}  // namespace wizard
}  // namespace core
