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

}  // namespace core::validation
