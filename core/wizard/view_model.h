#pragma once
// What the page renders at each step, computed from the machine: no rule is left for the
// page to apply. Secrets never come back out: a secret input shows hasValue and a null
// value, the review shows a fixed mask, the created instance has its secrets masked.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/wizard/field_error.h"
#include "core/wizard/form.h"
#include "core/wizard/machine.h"
#include "core/wizard/state.h"
#include "core/wizard/steps.h"

namespace core {
namespace wizard {

struct field_view {
  field_spec spec;
  nlohmann::json value;               // null for secrets
  bool has_value = false;             // a non-null, non-empty value is entered
  std::optional<field_error> error;   // the first error of this field
  std::optional<field_error> warning; // the first warning (does not block next)
};

struct step_link {
  step id;
  bool current = false;
  bool reachable = false;  // goTo accepts it now
};

struct summary_item {
  std::string key;
  std::string label;
  nlohmann::json value;  // null for secrets
  std::string display;   // option label, "Yes"/"No", the mask for secrets, "" for none
  bool secret = false;
};

struct summary_section {
  step id;
  std::vector<summary_item> items;
  bool changeable = true;  // the step is shown, so goTo can return to it from the review
};

struct view_model {
  step current = step::name;
  std::size_t position = 1;  // "step position of count", among the steps shown
  std::size_t count = editing_step_count;
  std::vector<step_link> steps;
  std::vector<field_view> fields;
  std::vector<field_error> errors;  // every error of this step, including fields not shown
  std::vector<field_error> warnings;  // what validation warns about on this step (review: all)
  std::vector<std::string> actions;
  std::string next_label;  // "Next", "Create instance", "Retry"; empty when next is not allowed
  std::vector<summary_section> summary;  // review and submitting
  std::optional<submit_failure> failure;
  std::optional<nlohmann::json> instance;  // created: the stored instance, secrets masked
};

view_model make_view(const machine& m);

nlohmann::json to_json(const view_model& v, const connector_form& form);

// Every input of every step, each as a view's field showing its default (what a fresh
// wizard would show; secrets null): {"name": field, "settings": [field], "authMethod": field,
// "methods": {"<id>": [field]}} in the order the steps show them. For hosts that edit a
// stored instance with the wizard's inputs (a settings dialog).
nlohmann::json form_json(const connector_form& form);
nlohmann::json to_json(const submit_failure& f);

}  // namespace wizard
}  // namespace core
