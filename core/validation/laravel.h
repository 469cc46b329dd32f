#pragma once
// Field errors as the body of a Laravel validation failure (HTTP 422):
//   {"message": "The name field is required. (and 2 more errors)",
//    "errors": {"name": ["The name field is required."], "timeZone": ["..."]}}
// Fields keep the order of their first error (hence ordered_json); each field lists its
// messages in order.
#include <nlohmann/json.hpp>

#include "core/validation/field_error.h"

namespace core::validation {

nlohmann::ordered_json to_laravel(const field_errors& errors);

}  // namespace core::validation
