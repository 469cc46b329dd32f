#include "core/common/boundary.h"

#include "core/common/json_object.h"
#include "core/common/json_parse.h"
#include "core/common/json_text.h"

namespace core {

nlohmann::json error_json(const std::string& code, const std::string& message,
                          nlohmann::json details) {
  nlohmann::json error = details.is_object() ? std::move(details) : nlohmann::json::object();
  error["code"] = code;
  error["message"] = message;
  return object_of("error", std::move(error));
}

nlohmann::json invalid_json_error(const json_syntax_error& e) {
  return error_json(invalid_json_code, e.message(), object_of("position", e.position));
}

}  // namespace core
