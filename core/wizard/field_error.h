#pragma once
// PROVISIONAL until core/validation (branch catalog) is merged: mirrors
// core/validation/field_error.h so that the wizard builds on the same type.
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

inline nlohmann::json to_json(const field_error& e) {
  return {{"field", e.field}, {"code", e.code}, {"message", e.message}, {"params", e.params}};
}

}  // namespace core::validation

namespace core::wizard {
using validation::field_error;
}
