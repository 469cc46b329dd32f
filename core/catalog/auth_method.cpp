#include "core/catalog/auth_method.h"

namespace core::catalog {

std::optional<auth_type> parse_auth_type(std::string_view text) {
  if (text == "basic") return auth_type::basic;
  if (text == "token") return auth_type::token;
  if (text == "oauth2_client_credentials") return auth_type::oauth2_client_credentials;
  if (text == "oauth2_authorization_code") return auth_type::oauth2_authorization_code;
  if (text == "oauth1") return auth_type::oauth1;
  return std::nullopt;
}

std::string_view to_string(auth_type type) {
  switch (type) {
    case auth_type::basic: return "basic";
    case auth_type::token: return "token";
    case auth_type::oauth2_client_credentials: return "oauth2_client_credentials";
    case auth_type::oauth2_authorization_code: return "oauth2_authorization_code";
    case auth_type::oauth1: return "oauth1";
  }
  return "token";
}

std::optional<certificate_requirement> parse_certificate_requirement(std::string_view text) {
  if (text == "none") return certificate_requirement::none;
  if (text == "optional") return certificate_requirement::optional;
  if (text == "required") return certificate_requirement::required;
  return std::nullopt;
}

std::string_view to_string(certificate_requirement requirement) {
  switch (requirement) {
    case certificate_requirement::none: return "none";
    case certificate_requirement::optional: return "optional";
    case certificate_requirement::required: return "required";
  }
  return "none";
}

const variable_definition* auth_method::find_variable(std::string_view key) const {
  for (const auto& v : variables) {
    if (v.key == key) return &v;
  }
  return nullptr;
}

const variable_definition* auth_method::find_by_alias(std::string_view alias) const {
  for (const auto& v : variables) {
    if (v.alias && *v.alias == alias) return &v;
  }
  return nullptr;
}

}  // namespace core::catalog
