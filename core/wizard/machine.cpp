#include "core/wizard/machine.h"

#include <algorithm>

#include "core/common/json_object.h"
#include "core/wizard/defaults.h"
#include "core/wizard/idempotency.h"
#include "core/wizard/payload.h"
#include "core/wizard/server_answer.h"
#include "core/wizard/step_fields.h"
#include "core/wizard/wizard_error.h"

namespace core {
namespace wizard {

namespace {

bool is_prefix_path(const std::string& parent, const std::string& child) {
  return child.size() > parent.size() && child.compare(0, parent.size(), parent) == 0 &&
         child[parent.size()] == '.';
}

// An error is about `key` when it names it, a part of it or the whole it is part of
// (an error on "rateLimit" goes stale when "rateLimit.amount" changes).
bool error_concerns(const field_error& e, const std::string& key) {
  return e.field == key || is_prefix_path(key, e.field) || is_prefix_path(e.field, key);
}

bool is_method_scoped(const std::string& key) {
  return key.compare(0, 12, "credentials.") == 0 || key == "certificate" ||
         is_prefix_path("certificate", key);
}

// Answers after which sending the same attempt again is still meaningful: the backend may
// not have decided (5xx, timeout, a concurrent request holding the key, rate limiting).
bool keeps_attempt_open(int status) {
  return status >= 500 || status == 408 || status == 409 || status == 425 || status == 429;
}

}  // namespace

step first_step_with_error(const std::vector<field_error>& errors) {
  step first = step::review;
  for (const auto& e : errors) first = std::min(first, step_of_field(e.field));
  return first;
}

wizard_error unknown_field_error(const std::string& field) {
  return {"unknown_field", "this connector has no input '" + field + "'", object_of("field", field)};
}

outcome<machine, wizard_error> machine::start(connector_form form, instance_validator validate,
                                              const std::string& idempotency_seed) {
  if (auto problem = idempotency_seed_problem(idempotency_seed))
    return wizard_error{"invalid_idempotency_key", *problem, object_of("field", "idempotencyKey")};
  return machine(std::move(form), std::move(validate), idempotency_seed);
}

machine::machine(connector_form form, instance_validator validate, const std::string& idempotency_seed)
    : form_(std::move(form)), validate_(std::move(validate)), state_(initial_state(form_, idempotency_seed)) {}

machine::machine(connector_form form, instance_validator validate, wizard_state state)
    : form_(std::move(form)), validate_(std::move(validate)), state_(std::move(state)) {
  // A draft saved on a step this wizard does not show (the connector now offers one
  // method) resumes on the next step that is shown.
  if (is_editing_step(state_.current) && !shows(state_.current))
    state_.current = shown_after(state_.current).value_or(step::review);
  if (is_editing_step(state_.reached) && !shows(state_.reached))
    state_.reached = shown_after(state_.reached).value_or(step::review);
}

std::vector<step> machine::shown_steps() const {
  std::vector<step> out;
  for (std::size_t i = 0; i < editing_step_count; ++i)
    if (shows(static_cast<step>(i))) out.push_back(static_cast<step>(i));
  return out;
}

bool machine::shows(step s) const {
  if (!is_editing_step(s)) return false;
  return s != step::auth_type || form_.methods.size() != 1;
}

std::size_t machine::position() const {
  const auto shown = shown_steps();
  auto at = std::find(shown.begin(), shown.end(), state_.current);
  return at == shown.end() ? shown.size() : static_cast<std::size_t>(at - shown.begin()) + 1;
}

std::optional<step> machine::shown_after(step s) const {
  for (auto next = step_after(s); next; next = step_after(*next))
    if (shows(*next)) return next;
  return std::nullopt;
}

std::optional<step> machine::shown_before(step s) const {
  for (auto previous = step_before(s); previous; previous = step_before(*previous))
    if (shows(*previous)) return previous;
  return std::nullopt;
}

step machine::step_to_show(const std::vector<field_error>& errors) const {
  const step first = first_step_with_error(errors);
  return shows(first) ? first : step::review;
}

std::vector<std::string> machine::allowed_actions() const {
  const step s = state_.current;
  if (s == step::submitting)
    return {actions::submission, actions::apply_response, actions::apply_network_error};
  if (s == step::created || s == step::cancelled) return {actions::reset};
  std::vector<std::string> out;
  if (s != step::review) out.push_back(actions::set);
  out.push_back(actions::next);
  if (shown_before(s)) out.push_back(actions::back);
  if (!reachable_steps().empty()) out.push_back(actions::go_to);
  out.push_back(actions::cancel);
  out.push_back(actions::reset);
  return out;
}

std::vector<step> machine::reachable_steps() const {
  std::vector<step> out;
  if (!is_editing_step(state_.current)) return out;
  for (step s : shown_steps())
    if (s != state_.current && s <= std::max(state_.reached, state_.current)) out.push_back(s);
  return out;
}

std::optional<wizard_error> machine::refusal(const char* action) const {
  auto allowed = allowed_actions();
  if (std::find(allowed.begin(), allowed.end(), action) != allowed.end()) return std::nullopt;
  return wizard_error{"action_not_allowed",
                      std::string("'") + action + "' is not allowed on the " + std::string(step_id(state_.current)) +
                          " step",
                      object_of("action", action, "step", step_id(state_.current))};
}

action_result machine::set(const std::string& field, nlohmann::json value) {
  if (auto no = refusal(actions::set)) return refused(std::move(*no));
  const auto fields = step_fields(form_, state_.values, state_.current);
  auto spec = std::find_if(fields.begin(), fields.end(), [&](const field_spec& f) { return f.key == field; });
  if (spec == fields.end()) {
    if (has_input(form_, field))
      return refused({"field_not_on_step",
                      "'" + field + "' is not an input of the " + std::string(step_id(state_.current)) + " step",
                      object_of("field", field, "step", step_id(state_.current))});
    return refused(unknown_field_error(field));
  }
  if (spec->locked)
    return refused({"field_locked", "'" + field + "' is locked to its default value", object_of("field", field)});
  if (value.is_object() || value.is_array() || value.is_binary() || value.is_discarded())
    return refused(
        {"invalid_value", "an input holds a string, a number, a boolean or null", object_of("field", field)});

  auto current = state_.values.find(field);
  if (current != state_.values.end() && current->second == value &&
      current->second.type() == value.type())
    return {std::nullopt, true};  // nothing changed: errors and the attempt stay as they are

  state_.values[field] = std::move(value);
  state_.errors.erase(std::remove_if(state_.errors.begin(), state_.errors.end(),
                                     [&](const field_error& e) { return error_concerns(e, field); }),
                      state_.errors.end());
  if (field == "authMethodId") {
    if (const auth_method_form* method = selected_method(form_, state_.values)) {
      // Values of inputs the new method does not have stay (switching back finds them; the
      // payload takes only the selected method's), but their errors no longer apply.
      for (const auto& entry : state_.values) {
        const std::string& key = entry.first;
        const bool other_method = is_method_scoped(key) &&
                                  std::none_of(method->fields.begin(), method->fields.end(),
                                               [&](const field_spec& f) { return f.key == key; });
        if (!other_method) continue;
        state_.errors.erase(std::remove_if(state_.errors.begin(), state_.errors.end(),
                                           [&](const field_error& e) { return error_concerns(e, key); }),
                            state_.errors.end());
      }
      fill_method_defaults(form_, state_.values);
    }
  }
  end_attempt();
  return {std::nullopt, true};
}

namespace {

std::vector<field_error> of_step(std::vector<field_error> all, step s) {
  if (s == step::review) return all;
  std::vector<field_error> mine;
  for (auto& e : all)
    if (step_of_field(e.field) == s) mine.push_back(std::move(e));
  return mine;
}

}  // namespace

std::vector<field_error> machine::validate_step(step s) const {
  return of_step(validate_(build_instance(form_, state_.values)).errors, s);
}

std::vector<field_error> machine::warnings_of(step s) const {
  return of_step(validate_(build_instance(form_, state_.values)).warnings, s);
}

void machine::replace_errors_of(step s, std::vector<field_error> errors) {
  state_.errors.erase(std::remove_if(state_.errors.begin(), state_.errors.end(),
                                     [&](const field_error& e) { return step_of_field(e.field) == s; }),
                      state_.errors.end());
  for (auto& e : errors) state_.errors.push_back(std::move(e));
}

action_result machine::next() {
  if (auto no = refusal(actions::next)) return refused(std::move(*no));
  const step s = state_.current;
  if (s == step::review) {
    auto errors = validate_step(step::review);
    if (!errors.empty()) {
      state_.current = step_to_show(errors);
      state_.errors = std::move(errors);
      return {};
    }
    if (!state_.attempt_open) {
      ++state_.attempt;
      state_.attempt_open = true;
    }
    state_.errors.clear();
    state_.failure.reset();
    state_.current = step::submitting;
    return {std::nullopt, true};
  }
  auto errors = validate_step(s);
  bool ok = errors.empty();
  replace_errors_of(s, std::move(errors));
  if (!ok) return {};
  state_.current = *shown_after(s);
  state_.reached = std::max(state_.reached, state_.current);
  return {std::nullopt, true};
}

action_result machine::back() {
  if (auto no = refusal(actions::back)) return refused(std::move(*no));
  state_.current = *shown_before(state_.current);
  return {std::nullopt, true};
}

action_result machine::go_to(step target) {
  if (auto no = refusal(actions::go_to)) return refused(std::move(*no));
  auto reachable = reachable_steps();
  if (std::find(reachable.begin(), reachable.end(), target) == reachable.end()) {
    if (target == state_.current) return {std::nullopt, true};
    return refused({"step_not_allowed",
                    "the " + std::string(step_id(target)) + " step cannot be reached from the " +
                        std::string(step_id(state_.current)) + " step",
                    object_of("step", step_id(target))});
  }
  while (state_.current < target) {
    auto errors = validate_step(state_.current);
    bool ok = errors.empty();
    replace_errors_of(state_.current, std::move(errors));
    if (!ok) return {};
    state_.current = *shown_after(state_.current);
  }
  state_.current = target;
  return {std::nullopt, true};
}

action_result machine::cancel() {
  if (auto no = refusal(actions::cancel)) return refused(std::move(*no));
  state_.current = step::cancelled;
  return {std::nullopt, true};
}

action_result machine::reset() {
  if (auto no = refusal(actions::reset)) return refused(std::move(*no));
  auto fresh = initial_state(form_, state_.idempotency_seed);
  fresh.attempt = state_.attempt;
  state_ = std::move(fresh);
  return {std::nullopt, true};
}

void machine::end_attempt() {
  state_.attempt_open = false;
  state_.failure.reset();
}

outcome<submission, wizard_error> machine::current_submission() const {
  if (auto no = refusal(actions::submission)) return std::move(*no);
  return submission{build_instance(form_, state_.values), idempotency_key(state_.idempotency_seed, state_.attempt)};
}

action_result machine::apply_response(int status, const nlohmann::json& body) {
  if (auto no = refusal(actions::apply_response)) return refused(std::move(*no));
  if (status < 100 || status > 599)
    return refused({"invalid_response", "an HTTP status is a number from 100 to 599", object_of("field", "status")});
  auto answer = read_server_answer(status, body);
  switch (answer.what) {
    case server_answer::kind::created:
      state_.created = std::move(answer.instance);
      state_.current = step::created;
      state_.attempt_open = false;
      break;
    case server_answer::kind::rejected:
      state_.current = step_to_show(answer.errors);
      state_.errors = std::move(answer.errors);
      state_.attempt_open = false;
      break;
    case server_answer::kind::failed:
      state_.failure = std::move(answer.failure);
      state_.current = step::review;
      state_.attempt_open = keeps_attempt_open(status);
      break;
  }
  return {std::nullopt, true};
}

action_result machine::apply_network_error(const std::string& message) {
  if (auto no = refusal(actions::apply_network_error)) return refused(std::move(*no));
  state_.failure = submit_failure{submit_failure::kind::network, 0,
                                  message.empty() ? "The request did not reach the backend." : message};
  state_.current = step::review;
  return {std::nullopt, true};
}

}  // namespace wizard
}  // namespace core
