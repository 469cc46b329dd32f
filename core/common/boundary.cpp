#include "core/common/boundary.h"

#include "core/common/json_object.h"
#include "core/common/json_parse.h"
#include "core/common/json_text.h"
#include "core/common/json_writer.h"

namespace core {

nlohmann::json error_json(const std::string& code, const std::string& message,
                          nlohmann::json details) {
  nlohmann::json error = details.is_object() ? std::move(details) : nlohmann::json::object();
  error["code"] = code;
  error["message"] = message;
  return object_of("error", std::move(error));
}

std::string invalid_json_text(const json_syntax_error& e) {
  std::string out;
  json_writer w(out);
  w.begin_object().plain_key("error").begin_object();
  w.string_member("code", invalid_json_code).string_member("message", e.message());
  w.unsigned_member("position", e.position).end_object().end_object();
  return out;
}

}  // namespace core
