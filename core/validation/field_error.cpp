#include "core/validation/field_error.h"

#include "core/common/json_object.h"
#include "core/common/json_text.h"

namespace core::validation {

nlohmann::json to_json(const field_error& error) {
  return object_of({{"field", error.field},
                    {"code", error.code},
                    {"message", error.message},
                    {"params", error.params.is_object() ? error.params : nlohmann::json::object()}});
}

nlohmann::json to_json(const field_errors& errors) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : errors) out.push_back(to_json(e));
  return out;
}

void append_json_text(const field_errors& errors, std::string& out) {
  out += '[';
  for (std::size_t i = 0; i < errors.size(); ++i) {
    const field_error& e = errors[i];
    // the members in to_json's order: an object's keys are sorted
    out += i ? ",{\"code\":" : "{\"code\":";
    append_json_string(e.code, out);
    out += ",\"field\":";
    append_json_string(e.field, out);
    out += ",\"message\":";
    append_json_string(e.message, out);
    out += ",\"params\":";
    if (e.params.is_object()) {
      core::append_json_text(e.params, out);
    } else {
      out += "{}";
    }
    out += '}';
  }
  out += ']';
}

std::optional<field_errors> field_errors_from_json(const nlohmann::json& value) {
  if (!value.is_array()) return std::nullopt;
  field_errors out;
  for (const auto& item : value) {
    if (!item.is_object()) return std::nullopt;
    auto field = item.find("field");
    auto message = item.find("message");
    if (field == item.end() || !field->is_string() || message == item.end() ||
        !message->is_string()) {
      return std::nullopt;
    }
    field_error e;
    e.field = field->get<std::string>();
    e.message = message->get<std::string>();
    auto code = item.find("code");
    if (code != item.end() && code->is_string()) e.code = code->get<std::string>();
    auto params = item.find("params");
    if (params != item.end() && params->is_object()) e.params = *params;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace core::validation
