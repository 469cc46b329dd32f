#pragma once
// Which inputs a step shows, given the values so far: the settings (without the rate limit
// when the instance shares another's), the pool only when the form has one, the
// credentials of the selected method only.
#include <string>
#include <vector>

#include "core/wizard/form.h"
#include "core/wizard/state.h"
#include "core/wizard/steps.h"

namespace core {
namespace wizard {

// The selected auth method (authMethodId names one of the form's methods), or nullptr.
const auth_method_form* selected_method(const connector_form& form, const field_values& values);

// The inputs of step `s` (empty for review, submitting, created, cancelled).
std::vector<field_spec> step_fields(const connector_form& form, const field_values& values, step s);

// The input with this key on any step of any method, or nullptr: tells "not on this
// step" apart from "no such field".
const field_spec* find_field_anywhere(const connector_form& form, const std::string& key);

// Whether the connector has an input with this key (on any step, of any method; the
// method choice, authMethodId, too). A key it has not is unknown_field wherever values
// are given.
bool has_input(const connector_form& form, const std::string& key);

}  // namespace wizard
}  // namespace core
