#pragma once
// Reads the connection members of an authentication method ("baseUrl", "check", "basic",
// "token", "oauth2", "oauth1"; docs/connection-test.md, docs/gateway.md) into
// `method.connection`, recording a problem with its JSON Pointer for each member that is
// malformed, names an unknown variable, or does not apply to the method's type. Called by the
// definition parser once the variables are read.
#include <optional>
#include <string>

#include "core/catalog/auth_method.h"
#include "core/catalog/json_reader.h"

namespace core::catalog {

// The definition's own "baseUrl", which every method without one uses: checked against each
// such method's variables, problems reported at `pointer`.
struct inherited_base_url {
  std::string text;
  std::string pointer;
};

void parse_connection_spec(json_reader& method_reader, auth_method& method,
                           const std::optional<inherited_base_url>& definition_base_url = std::nullopt);

}  // namespace core::catalog
