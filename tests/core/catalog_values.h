#pragma once
// The catalog reads JSON documents (json_view); the tests write definitions and pools as
// nlohmann::json values. These read such a value through json_document::of, as a host's
// value would be read.
#include <nlohmann/json.hpp>

#include "core/catalog/catalog.h"
#include "core/catalog/definition_parser.h"
#include "core/common/json_document.h"

namespace catalog_tests {

inline core::catalog::definition_result parse_definition_value(const nlohmann::json& definition) {
  const auto document = core::json_document::of(definition);
  return core::catalog::parse_connector_definition(document.root());
}

inline core::catalog::pool_result parse_pool_value(const nlohmann::json& pool) {
  const auto document = core::json_document::of(pool);
  return core::catalog::parse_pool(document.root());
}

inline core::catalog::catalog load_values(const nlohmann::json& definitions, const nlohmann::json& pools,
                                          const core::problem_list& text_problems = {}) {
  const auto definitions_document = core::json_document::of(definitions);
  const auto pools_document = core::json_document::of(pools);
  return core::catalog::catalog::load(definitions_document.root(), pools_document.root(), text_problems);
}

}  // namespace catalog_tests
