#pragma once
// The add-instance wizard as a state machine. Every rule about moving between steps lives
// here; which inputs a step has lives in step_fields.h, whether values are valid in
// core/validation (reached through an instance_validator), and what the page shows in
// view_model.h.
//
// Actions that are not allowed now are refused with a wizard_error (codes below) and change
// nothing; a step whose values do not validate is not an error: next/goTo stay (or stop) on
// it and keep the field errors in the state.
//
//   action_not_allowed   the action is not one of the current step's actions
//   step_not_allowed     goTo a step that is not an editing step or not reached yet
//   unknown_field        set() of a field path the connector does not have
//   field_not_on_step    set() of a field of another step
//   field_locked         set() of a locked field
//   invalid_value        set() of a value no input can hold (object, array, bad UTF-8)
//   invalid_response     applyResponse() with a status outside 100..599
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/outcome.h"
#include "core/wizard/field_error.h"
#include "core/wizard/form.h"
#include "core/wizard/state.h"
#include "core/wizard/steps.h"
#include "core/wizard/wizard_error.h"

namespace core {
namespace wizard {

// What validating an instance (the submission shape) found: errors block, warnings do not
// (a date format that cannot be read back, ...).
struct instance_findings {
  std::vector<field_error> errors;
  std::vector<field_error> warnings;
};
// The machine keeps the findings whose field belongs to the step it checks (instance_rules.h
// binds core/validation to a wizard's catalog and context).
using instance_validator = std::function<instance_findings(const nlohmann::json& instance)>;

// What is sent: the instance and the key of its attempt.
struct submission {
  nlohmann::json payload;
  std::string idempotency_key;
};

// Action names, as the view lists them and the JS methods are called.
namespace actions {
inline constexpr const char* set = "set";
inline constexpr const char* next = "next";
inline constexpr const char* back = "back";
inline constexpr const char* go_to = "goTo";
inline constexpr const char* cancel = "cancel";
inline constexpr const char* reset = "reset";
inline constexpr const char* submission = "submission";
inline constexpr const char* apply_response = "applyResponse";
inline constexpr const char* apply_network_error = "applyNetworkError";
}  // namespace actions

class machine {
 public:
  // A fresh wizard: step `name`, settings and single-method defaults applied; refused with
  // "invalid_idempotency_key" when the seed does not pass idempotency_seed_problem.
  static outcome<machine, wizard_error> start(connector_form form, instance_validator validate,
                                              const std::string& idempotency_seed);
  // The same for a seed known to pass idempotency_seed_problem.
  machine(connector_form form, instance_validator validate, const std::string& idempotency_seed);
  // A restored wizard (draft.h checks the state against the form before calling this).
  machine(connector_form form, instance_validator validate, wizard_state state);

  const wizard_state& state() const noexcept { return state_; }
  const connector_form& form() const noexcept { return form_; }

  // The actions allowed now (names from `actions`), and the steps goTo accepts now.
  std::vector<std::string> allowed_actions() const;
  std::vector<step> reachable_steps() const;

  // The editing steps this wizard shows, in order. The authentication type step is left
  // out when the connector offers one method: there is nothing to choose (the method is
  // set by default and the review shows it).
  std::vector<step> shown_steps() const;
  bool shows(step s) const;
  // 1-based position of the current step among the shown steps; after the review
  // (submitting, created, cancelled) the last position.
  std::size_t position() const;

  // Sets one input of the current step. Changing authMethodId to another known method
  // drops the credentials (and certificate) the new method does not have, keeps the ones
  // it shares and fills its defaults. A changed value clears that field's errors and ends
  // the latest attempt (the next submission gets a new idempotency key).
  action_result set(const std::string& field, nlohmann::json value);
  // Validates the current step and moves on; returns false (and keeps the errors) when it
  // does not validate. From review, validates everything and enters `submitting`, or
  // moves to the first step with an error.
  action_result next();
  // To the previous editing step; nothing is validated or lost.
  action_result back();
  // Back to any earlier editing step, or forward up to the furthest step reached: moving
  // forward validates each step passed and stops on the first that does not validate.
  // Done when `target` was reached.
  action_result go_to(step target);
  // Ends the wizard without submitting (values are kept until reset).
  action_result cancel();
  // Back to a fresh wizard: every value is dropped (the idempotency seed and attempt
  // counter are kept so that keys never repeat).
  action_result reset();

  // The payload and idempotency key; only in `submitting`.
  outcome<submission, wizard_error> current_submission() const;
  // The backend's answer to the submission (server_answer.h).
  action_result apply_response(int status, const nlohmann::json& body);
  // The request did not get an answer: back to the review, every value kept, the retry
  // uses the same idempotency key.
  action_result apply_network_error(const std::string& message);

  // action_not_allowed when `action` (a name from `actions`) is not allowed now.
  std::optional<wizard_error> refusal(const char* action) const;

  // The errors of validating step `s` now (all errors for review), without changing state.
  std::vector<field_error> validate_step(step s) const;
  // The warnings about step `s`'s values now (all warnings for review).
  std::vector<field_error> warnings_of(step s) const;

 private:
  std::optional<step> shown_after(step s) const;
  std::optional<step> shown_before(step s) const;
  // Where the wizard goes to show these errors: the first step owning one, or the review
  // when that step is not shown.
  step step_to_show(const std::vector<field_error>& errors) const;
  void replace_errors_of(step s, std::vector<field_error> errors);
  void select_method_defaults();
  void end_attempt();

  connector_form form_;
  instance_validator validate_;
  wizard_state state_;
};

// The earliest step that owns one of these errors (review when none does).
step first_step_with_error(const std::vector<field_error>& errors);

}  // namespace wizard
}  // namespace core
