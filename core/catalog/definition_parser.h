#pragma once
// Connector definitions and connection pools from JSON (format: docs/connector-format.md).
// A malformed document is rejected with every problem found, each with the JSON Pointer of
// the member concerned; parsing never throws for bad input.
#include <optional>
#include <string_view>

#include "core/catalog/connector.h"
#include "core/catalog/json_reader.h"
#include "core/catalog/pool.h"
#include "core/common/json_document.h"
#include "core/common/problem.h"

namespace core::catalog {

struct definition_result {
  std::optional<connector_definition> definition;  // absent when there is any problem
  problem_list problems;
};

struct pool_result {
  std::optional<connection_pool> pool;  // absent when there is any problem
  problem_list problems;
};

// `pointer` prefixes the reported pointers (a definition inside a larger document).
// `document`'s JSON document must outlive the call only.
definition_result parse_connector_definition(json_view document, const std::string& pointer = "");
// From JSON text: also reports duplicate keys, invalid JSON and excessive nesting.
definition_result parse_connector_definition_text(std::string_view text);

pool_result parse_pool(json_view document, const std::string& pointer = "");
pool_result parse_pool_text(std::string_view text);

// The members both a catalog and a scheduler read, with the same rules (the scheduler's
// settings are checked by these: core/api/schedule_api.h). Problems go to the reader's
// list; other members are left to the caller. A rate limit {amount, unit}: amount an
// integer min_rate_amount..max_rate_amount, unit "second" | "minute" | "hour" | "day".
std::optional<rate_limit> read_rate_limit(json_reader& in);
// A pool's limit and timeout: limit required, timeout absent or null for none.
std::optional<pool_settings> read_pool_settings(json_reader& in);

// Identifiers of connectors, methods and pools: 1-64 of [A-Za-z0-9_.-], starting with a
// letter or digit. (Variable keys: is_variable_key, core/catalog/variable.h.)
bool is_identifier(std::string_view text);

}  // namespace core::catalog
