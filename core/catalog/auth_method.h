#pragma once
// An authentication method of a connector: how an instance proves who it is, the
// variables a user fills in for it, and whether it takes a client certificate.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog/variable.h"

namespace core::catalog {

enum class auth_type {
  basic,                       // user name + password
  token,                       // a static API token or key
  oauth2_client_credentials,   // machine-to-machine OAuth 2
  oauth2_authorization_code,   // OAuth 2 with a user's consent
  oauth1,                      // OAuth 1.0a (consumer + token key/secret)
};

enum class certificate_requirement { none, optional, required };

std::optional<auth_type> parse_auth_type(std::string_view text);
std::string_view to_string(auth_type type);
std::optional<certificate_requirement> parse_certificate_requirement(std::string_view text);
std::string_view to_string(certificate_requirement requirement);

struct auth_method {
  std::string id;
  std::string name;
  auth_type type = auth_type::token;
  certificate_requirement certificate = certificate_requirement::none;
  std::vector<variable_definition> variables;

  // The variable with this key, or nullptr.
  const variable_definition* find_variable(std::string_view key) const;
  // The variable whose alias is this name, or nullptr.
  const variable_definition* find_by_alias(std::string_view alias) const;
};

}  // namespace core::catalog
