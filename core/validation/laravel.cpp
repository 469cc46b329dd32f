#include "core/validation/laravel.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "core/common/json_text.h"

namespace core::validation {

std::string to_laravel(const field_errors& errors, std::size_t omitted) {
  // The fields in the order of their first error, each with its errors' indexes. A linear
  // look-up: the cap keeps this loop small.
  struct field_messages {
    std::string_view field;
    std::vector<std::size_t> errors;
  };
  std::vector<field_messages> fields;
  const std::size_t listed = std::min(errors.size(), max_laravel_errors);
  for (std::size_t i = 0; i < listed; ++i) {
    auto it = std::find_if(fields.begin(), fields.end(),
                           [&](const field_messages& f) { return f.field == errors[i].field; });
    if (it == fields.end()) it = fields.insert(fields.end(), {errors[i].field, {}});
    it->errors.push_back(i);
  }
  std::string message = "The given data was invalid.";
  if (!errors.empty()) {
    message = errors.front().message;
    const std::size_t more = errors.size() - 1 + omitted;
    if (more == 1) message += " (and 1 more error)";
    if (more > 1) message += " (and " + std::to_string(more) + " more errors)";
  }
  std::string out = "{\"message\":";
  append_json_string(message, out);
  out += ",\"errors\":{";
  for (std::size_t f = 0; f < fields.size(); ++f) {
    if (f > 0) out += ',';
    append_json_string(fields[f].field, out);
    out += ":[";
    for (std::size_t m = 0; m < fields[f].errors.size(); ++m) {
      if (m > 0) out += ',';
      append_json_string(errors[fields[f].errors[m]].message, out);
    }
    out += ']';
  }
  out += "}}";
  return out;
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
