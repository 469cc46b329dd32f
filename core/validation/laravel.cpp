#include "core/validation/laravel.h"

#include <algorithm>

namespace core::validation {

nlohmann::ordered_json to_laravel(const field_errors& errors, std::size_t omitted) {
  // ordered_json looks fields up linearly: the cap also keeps this loop small.
  nlohmann::ordered_json by_field = nlohmann::ordered_json::object();
  const std::size_t listed = std::min(errors.size(), max_laravel_errors);
  for (std::size_t i = 0; i < listed; ++i) by_field[errors[i].field].push_back(errors[i].message);
  std::string message = "The given data was invalid.";
  if (!errors.empty()) {
    message = errors.front().message;
    const std::size_t more = errors.size() - 1 + omitted;
    if (more == 1) message += " (and 1 more error)";
    if (more > 1) message += " (and " + std::to_string(more) + " more errors)";
  }
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  body["message"] = message;
  body["errors"] = std::move(by_field);
  return body;
}

}  // namespace core::validation
