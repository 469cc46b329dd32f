#include "core/validation/laravel.h"

namespace core::validation {

nlohmann::ordered_json to_laravel(const field_errors& errors) {
  nlohmann::ordered_json by_field = nlohmann::ordered_json::object();
  for (const auto& e : errors) by_field[e.field].push_back(e.message);
  std::string message = "The given data was invalid.";
  if (!errors.empty()) {
    message = errors.front().message;
    const std::size_t more = errors.size() - 1;
    if (more == 1) message += " (and 1 more error)";
    if (more > 1) message += " (and " + std::to_string(more) + " more errors)";
  }
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  body["message"] = message;
  body["errors"] = std::move(by_field);
  return body;
}

}  // namespace core::validation
