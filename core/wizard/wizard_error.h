#pragma once
// A wizard action that is not allowed now, a field that cannot be set, a draft that cannot
// be restored. `code` is stable (the JS facade's WizardError carries it); `details` names
// what it concerns ({"field": ...}, {"step": ...}, {"pointer": ...}).
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace core {
namespace wizard {

class wizard_error : public std::runtime_error {
 public:
  wizard_error(std::string code, const std::string& message,
               nlohmann::json details = nlohmann::json::object())
      : std::runtime_error(message), code_(std::move(code)), details_(std::move(details)) {}
  const std::string& code() const noexcept { return code_; }
  const nlohmann::json& details() const noexcept { return details_; }

 private:
  std::string code_;
  nlohmann::json details_;
};

// A field path the connector has no input for (set(), buildInstance's values).
inline wizard_error unknown_field_error(const std::string& field) {
  return wizard_error("unknown_field", "this connector has no input '" + field + "'", {{"field", field}});
}

}  // namespace wizard
}  // namespace core
