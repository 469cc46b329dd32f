#pragma once
// Everything the wizard remembers between actions, and nothing it can recompute: the
// connector's form, pools and existing names are context given at creation, not state.
// A draft is this struct in JSON (draft.h); restore(save(s)) == s compares with ==.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/wizard/field_error.h"
#include "core/wizard/steps.h"
#include "core/wizard/values.h"

namespace core {
namespace wizard {

// Why the last submission did not create the instance (shown on the review step).
struct submit_failure {
  enum class kind { network, server };
  kind what = kind::network;
  int status = 0;  // HTTP status of a server answer; 0 for a network failure
  std::string message;
  friend bool operator==(const submit_failure& a, const submit_failure& b) {
    return a.what == b.what && a.status == b.status && a.message == b.message;
  }
};

struct wizard_state {
  step current = step::name;
  // The furthest editing step reached with `next`: goTo may jump back and forth up to it.
  step reached = step::name;
  field_values values;
  // Errors on display: a refused step's validation errors, or the backend's 422 errors.
  std::vector<field_error> errors;
  std::optional<submit_failure> failure;
  // The host's random seed of the idempotency keys (idempotency.h).
  std::string idempotency_seed;
  // Number of the latest attempt (0 before the first submission), and whether its key
  // still applies: it does until a value changes or the backend gives a final answer.
  std::uint32_t attempt = 0;
  bool attempt_open = false;
  // The stored instance the backend answered with, once created.
  std::optional<nlohmann::json> created;

};

bool operator==(const wizard_state& a, const wizard_state& b);
inline bool operator!=(const wizard_state& a, const wizard_state& b) { return !(a == b); }

// Field by field, code by code, message and params alike.
bool same_errors(const std::vector<field_error>& a, const std::vector<field_error>& b);

}  // namespace wizard
}  // namespace core
