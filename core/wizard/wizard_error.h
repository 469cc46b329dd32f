#pragma once
// A wizard action that is not allowed now, a field that cannot be set, a draft that cannot
// be restored. `code` is stable (the JS facade's WizardError carries it); `details` names
// what it concerns ({"field": ...}, {"step": ...}, {"pointer": ...}).
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace core {
namespace wizard {

struct wizard_error {
  std::string code;
  std::string message;
  nlohmann::json details = nlohmann::json::object();
};

// What an action did: refused (and why), or done. `done` is false too when next or goTo
// stopped on a step whose values do not validate: that is not an error.
struct action_result {
  std::optional<wizard_error> refused;
  bool done = false;

  explicit operator bool() const noexcept { return done; }
};

inline action_result refused(wizard_error e) { return {std::move(e), false}; }

// A field path the connector has no input for (set(), buildInstance's values).
wizard_error unknown_field_error(const std::string& field);

}  // namespace wizard
}  // namespace core
