#pragma once
// Where values start: the settings' defaults (the connector's date format and rate limit,
// time zone UTC), the only auth method when there is one, and the selected method's
// variable defaults. Locked inputs always hold their default.
#include <string>

#include "core/wizard/form.h"
#include "core/wizard/state.h"

namespace core {
namespace wizard {

// A fresh wizard for this form: step `name`, defaults filled, no attempt yet.
wizard_state initial_state(const connector_form& form, const std::string& idempotency_seed);

// Fills the selected method's defaults: locked inputs are set to theirs, the others only
// when they have no value yet. Does nothing when no known method is selected.
void fill_method_defaults(const connector_form& form, field_values& values);

}  // namespace wizard
}  // namespace core
