#include "core/wizard/step_fields.h"

#include "core/wizard/values.h"

namespace core {
namespace wizard {

const auth_method_form* selected_method(const connector_form& form, const field_values& values) {
  auto it = values.find("authMethodId");
  if (it == values.end() || !it->second.is_string()) return nullptr;
  return form.method(it->second.get<std::string>());
}

std::vector<field_spec> step_fields(const connector_form& form, const field_values& values, step s) {
  switch (s) {
    case step::name:
      return {form.name};
    case step::settings: {
      std::vector<field_spec> out;
      for (const auto& f : form.settings)
        if (f.shown_unless.empty() || !has_value(value_of(values, f.shown_unless))) out.push_back(f);
      return out;
    }
    case step::auth_type:
      return {form.auth_method_field()};
    case step::credentials:
      if (const auto* method = selected_method(form, values)) return method->fields;
      return {};
    default:
      return {};
  }
}

const field_spec* find_field_anywhere(const connector_form& form, const std::string& key) {
  if (form.name.key == key) return &form.name;
  for (const auto& f : form.settings)
    if (f.key == key) return &f;
  for (const auto& m : form.methods)
    for (const auto& f : m.fields)
      if (f.key == key) return &f;
  return nullptr;
}

bool has_input(const connector_form& form, const std::string& key) {
  return key == "authMethodId" || find_field_anywhere(form, key) != nullptr;
}

}  // namespace wizard
}  // namespace core
