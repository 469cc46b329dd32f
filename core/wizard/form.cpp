#include "core/wizard/form.h"

namespace core {
namespace wizard {

const auth_method_form* connector_form::method(const std::string& id) const {
  for (const auto& m : methods)
    if (m.id == id) return &m;
  return nullptr;
}

field_spec connector_form::auth_method_field() const {
  field_spec f;
  f.key = "authMethodId";
  f.label = "Authentication type";
  f.type = "enum";
  f.required = true;
  for (const auto& m : methods) f.options.push_back({m.id, m.label});
  if (!default_method_id.empty()) f.default_value = default_method_id;
  return f;
}

}  // namespace wizard
}  // namespace core
