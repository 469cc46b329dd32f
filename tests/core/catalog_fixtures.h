#pragma once
// Shared helpers of the catalog / validation / certificate tests: fixture files and a
// small connector definition to vary.
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "catalog_values.h"
#include "core/catalog/definition_parser.h"

namespace catalog_tests {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string certificate_fixture(const std::string& name) {
  return read_file(std::string(TEST_DATA_DIR) + "/certificates/" + name);
}

inline std::string demo_connector(const std::string& name) {
  return read_file(std::string(SOURCE_DIR) + "/web/catalog/" + name + ".json");
}

// A definition with one method and a variable of every kind of rule; tests change one
// member at a time.
inline nlohmann::json sample_definition() {
  return nlohmann::json::parse(R"({
    "id": "acme",
    "name": "Acme",
    "version": "1.0.0",
    "systemType": "erp",
    "protocol": "rest",
    "concurrencyLimit": true,
    "authMethods": [{
      "id": "token",
      "name": "API token",
      "type": "token",
      "certificate": "optional",
      "variables": [
        {"key": "store", "label": "Store name", "alias": "shop", "required": true,
         "pattern": "[a-z0-9-]+", "patternDescription": "lower-case letters, digits and dashes"},
        {"key": "token", "label": "API token", "type": "secret", "required": true},
        {"key": "endpoint", "label": "Endpoint", "type": "url"},
        {"key": "contact", "label": "Contact", "type": "email"},
        {"key": "page_size", "label": "Page size", "type": "integer", "min": 1, "max": 500},
        {"key": "factor", "label": "Factor", "type": "number", "min": 0.5, "max": 2.5},
        {"key": "region", "label": "Region", "type": "enum", "options": ["eu", "us"]},
        {"key": "sandbox", "label": "Sandbox", "type": "boolean"},
        {"key": "notes", "label": "Notes", "type": "multiline", "min": 2, "max": 50},
        {"key": "header", "label": "Header", "default": "X-Token", "locked": true}
      ]
    }]
  })");
}

// The problems of a definition as "pointer code" strings (and a check that a definition
// is produced exactly when there is no problem).
inline std::vector<std::string> problems_of(const nlohmann::json& definition) {
  auto result = parse_definition_value(definition);
  std::vector<std::string> out;
  for (const auto& p : result.problems) out.push_back(p.pointer + " " + p.code);
  CHECK(result.definition.has_value() == out.empty());
  return out;
}

inline std::vector<std::string> one(const std::string& s) { return {s}; }

// A copy of `d` with the member at `pointer` set to `value`.
inline nlohmann::json with(nlohmann::json d, const std::string& pointer, nlohmann::json value) {
  d[nlohmann::json::json_pointer(pointer)] = std::move(value);
  return d;
}

// A copy of `d` without the member at `pointer`.
inline nlohmann::json without(nlohmann::json d, const std::string& pointer) {
  const auto p = nlohmann::json::json_pointer(pointer);
  d[p.parent_pointer()].erase(p.back());
  return d;
}

}  // namespace catalog_tests

