#pragma once
// Connector definitions and pools back to JSON, in the documented format with every
// default filled in (docs/connector-format.md): what hosts list and render forms from.
#include <string>

#include <nlohmann/json.hpp>

#include "core/catalog/connector.h"
#include "core/catalog/pool.h"

namespace core::catalog {

nlohmann::json to_json(const variable_definition& variable);
nlohmann::json to_json(const auth_method& method);
nlohmann::json to_json(const connector_definition& connector);
nlohmann::json to_json(const connection_pool& pool);
nlohmann::json to_json(const rate_limit& limit);
// Appends the JSON text of to_json(limit) to `out` without building the value (validation
// writes a limit into every answer).
void append_json_text(const rate_limit& limit, std::string& out);

// The connector without its variables (a listing): authMethods hold id, name, type and
// certificate only.
nlohmann::json summary_json(const connector_definition& connector);

}  // namespace core::catalog
