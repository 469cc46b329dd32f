#pragma once
// Reading the backend's answer to a submission:
//   2xx            -> created, with the stored instance (the body)
//   422 (Laravel)  -> rejected, one field error per message of {"errors": {field: [msg]}}
//   anything else  -> failed (kept for a retry with the same idempotency key)
// A 422 whose body carries no usable field errors is a failure too: there is nothing to
// put next to an input, so the review shows the message instead.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/wizard/field_error.h"
#include "core/wizard/state.h"

namespace core {
namespace wizard {

// Code of field errors that come from the backend (the Laravel body carries messages only).
inline constexpr const char* server_error_code = "server";

struct server_answer {
  enum class kind { created, rejected, failed };
  kind what = kind::failed;
  nlohmann::json instance;          // created
  std::vector<field_error> errors;  // rejected: by field (sorted), each field's messages in order
  submit_failure failure;           // failed
};

// `status` must be an HTTP status (100..599): the caller checks that.
server_answer read_server_answer(int status, const nlohmann::json& body);

}  // namespace wizard
}  // namespace core
