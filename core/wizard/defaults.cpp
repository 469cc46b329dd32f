#include "core/wizard/defaults.h"

#include "core/wizard/step_fields.h"

namespace core {
namespace wizard {

void fill_method_defaults(const connector_form& form, field_values& values) {
  const auth_method_form* method = selected_method(form, values);
  if (!method) return;
  for (const auto& f : method->fields) {
    if (f.locked)
      values[f.key] = f.default_value;
    else if (!f.default_value.is_null() && values.find(f.key) == values.end())
      values[f.key] = f.default_value;
  }
}

wizard_state initial_state(const connector_form& form, const std::string& idempotency_seed) {
  wizard_state s;
  s.idempotency_seed = idempotency_seed;
  for (step st : {step::name, step::settings, step::auth_type})
    for (const auto& f : step_fields(form, s.values, st))
      if (!f.default_value.is_null()) s.values[f.key] = f.default_value;
  fill_method_defaults(form, s.values);
  return s;
}

}  // namespace wizard
}  // namespace core
