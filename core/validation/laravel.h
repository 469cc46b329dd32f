#pragma once
// Field errors as the body of a Laravel validation failure (HTTP 422):
//   {"message": "The name field is required. (and 2 more errors)",
//    "errors": {"name": ["The name field is required."], "timeZone": ["..."]}}
// Fields keep the order of their first error; each field lists its messages in order. At
// most max_laravel_errors are listed; the message counts them all, with `omitted` errors
// that were found but not kept (instance_validation::omitted_errors). Written as text
// directly, as json_text writes strings: an object whose members keep their order is not
// a nlohmann::json.
#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/validation/field_error.h"

namespace core::validation {

inline constexpr std::size_t max_laravel_errors = 100;

// The body's JSON text.
std::string to_laravel(const field_errors& errors, std::size_t omitted = 0);

// Reads errors back from their JSON form (what JS hands to toLaravel); nullopt when the
// value is not an array of {field, message, ...} objects with string field and message.
std::optional<field_errors> field_errors_from_json(const nlohmann::json& value);

}  // namespace core::validation
