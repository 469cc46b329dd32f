#pragma once
// Reads the connection-test members of an authentication method ("check", "basic", "token",
// "oauth2", "oauth1"; docs/connection-test.md) into `method.connection`, recording a problem
// with its JSON Pointer for each member that is malformed, names an unknown variable, or does
// not apply to the method's type. Called by the definition parser once the variables are read.
#include "core/catalog/auth_method.h"
#include "core/catalog/json_reader.h"

namespace core::catalog {

void parse_connection_spec(json_reader& method_reader, auth_method& method);

}  // namespace core::catalog
