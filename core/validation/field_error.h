#pragma once
// A problem with one field of submitted input, in the shape every host shows:
//   {"field": "credentials.password", "code": "required",
//    "message": "The password field is required.", "params": {}}
// `code` is stable (hosts branch on it); `message` is English; `params` holds the values
// the message mentions (max, min, allowed options...), so a host can translate.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace core::validation {

struct field_error {
  std::string field;
  std::string code;
  std::string message;
  nlohmann::json params = nlohmann::json::object();
};

using field_errors = std::vector<field_error>;

nlohmann::json to_json(const field_error& error);
nlohmann::json to_json(const field_errors& errors);

// Appends the JSON text of to_json(errors) to `out`, without building the values first.
void append_json_text(const field_errors& errors, std::string& out);

}  // namespace core::validation
