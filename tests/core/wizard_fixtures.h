#pragma once
// Shared setup of the wizard tests: a connector with three auth methods that share a
// variable (switching keeps it), a locked and an advanced variable, a secret in each, the
// three certificate modes, a concurrency limit, two pools; and a one-method connector
// without a concurrency limit. Machines are built the way core/api/wizard_api.cpp builds
// them: catalog -> form -> validation rules.
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog_values.h"
#include "core/catalog/catalog.h"
#include "core/validation/instance_validation.h"
#include "core/wizard/form_builder.h"
#include "core/wizard/instance_rules.h"
#include "core/wizard/machine.h"

namespace wizard_tests {

inline nlohmann::json acme_definition(const std::string& version = "1.0.0") {
  auto d = nlohmann::json::parse(R"({
    "id": "acme", "name": "Acme ERP", "version": "1.0.0", "systemType": "erp", "protocol": "rest",
    "defaults": {"timeZone": "Europe/Berlin", "dateFormat": "d.m.Y H:i:s",
                 "rateLimit": {"amount": 5, "unit": "minute"}},
    "concurrencyLimit": true,
    "authMethods": [
      {"id": "basic", "name": "User and password", "type": "basic", "certificate": "none",
       "variables": [
         {"key": "account", "label": "Account", "required": true, "pattern": "[a-z0-9-]+",
          "patternDescription": "lower-case letters, digits and dashes"},
         {"key": "username", "label": "User name", "required": true},
         {"key": "password", "label": "Password", "type": "secret", "required": true},
         {"key": "endpoint", "label": "Endpoint", "type": "url", "advanced": true,
          "default": "https://api.acme.test"}
       ]},
      {"id": "token", "name": "API token", "type": "token", "certificate": "optional",
       "variables": [
         {"key": "account", "label": "Account", "required": true, "pattern": "[a-z0-9-]+"},
         {"key": "token", "label": "API token", "type": "secret", "required": true},
         {"key": "header", "label": "Header", "default": "X-Acme-Token", "locked": true, "advanced": true},
         {"key": "region", "label": "Region", "type": "enum", "options": ["eu", "us"], "default": "eu"},
         {"key": "page_size", "label": "Page size", "type": "integer", "min": 1, "max": 500}
       ]},
      {"id": "mtls", "name": "Client certificate", "type": "token", "certificate": "required",
       "variables": [
         {"key": "account", "label": "Account", "required": true}
       ]}
    ]
  })");
  d["version"] = version;
  return d;
}

inline nlohmann::json solo_definition() {
  return nlohmann::json::parse(R"({
    "id": "solo", "name": "Solo", "version": "2.0.0", "systemType": "crm", "protocol": "rest",
    "defaults": {"rateLimit": {"amount": 10, "unit": "second"}},
    "concurrencyLimit": false,
    "authMethods": [
      {"id": "key", "name": "API key", "type": "token", "certificate": "none",
       "variables": [{"key": "api_key", "label": "API key", "type": "secret", "required": true}]}
    ]
  })");
}

inline nlohmann::json demo_pools() {
  return nlohmann::json::parse(R"([
    {"id": "p1", "name": "ERP pool", "limit": 5, "timeout": 30},
    {"id": "p2", "name": "Shared pool", "limit": 2, "timeout": null}
  ])");
}

struct wizard_under_test {
  std::shared_ptr<const core::catalog::catalog> catalog;
  core::validation::validation_context context;
  std::unique_ptr<core::wizard::machine> machine;

  core::wizard::machine& operator*() const { return *machine; }
  core::wizard::machine* operator->() const { return machine.get(); }
};

inline std::shared_ptr<const core::catalog::catalog> load_catalog(const nlohmann::json& definitions,
                                                                  const nlohmann::json& pools) {
  return std::make_shared<const core::catalog::catalog>(catalog_tests::load_values(definitions, pools));
}

inline core::wizard::connector_form form_of(const core::catalog::catalog& catalog, const std::string& id) {
  const auto* connector = catalog.find_connector(id);
  if (!connector) throw std::runtime_error("fixture connector missing: " + id);
  return core::wizard::build_form(*connector, catalog.pools(), {});
}

inline wizard_under_test make_wizard(const std::string& connector = "acme",
                                     std::vector<std::string> existing_names = {"Taken Name"},
                                     nlohmann::json pools = demo_pools(),
                                     const std::string& seed = "seed-0001") {
  wizard_under_test w;
  w.catalog = load_catalog(nlohmann::json::array({acme_definition(), solo_definition()}), pools);
  w.context.existing_names = std::move(existing_names);
  w.context.now_ms = 1735689600000;  // 2025-01-01T00:00:00Z, fixed: tests never read the clock
  auto started = core::wizard::machine::start(form_of(*w.catalog, connector),
                                              core::wizard::bind_instance_rules(w.catalog, w.context), seed);
  if (!started.ok()) throw std::runtime_error("fixture wizard refused: " + started.error().code);
  w.machine = std::make_unique<core::wizard::machine>(std::move(started.value()));
  return w;
}

// Walks a fresh acme wizard to the review with valid values for `method`.
inline void fill_valid(core::wizard::machine& m, const std::string& method = "basic") {
  m.set("name", "EU store");
  m.next();
  m.next();
  m.set("authMethodId", method);
  m.next();
  if (method == "basic") {
    m.set("credentials.account", "acme-eu");
    m.set("credentials.username", "ops");
    m.set("credentials.password", "pa55-secret-word");
  } else if (method == "token") {
    m.set("credentials.account", "acme-eu");
    m.set("credentials.token", "tok-secret-value");
  }
  m.next();
}

}  // namespace wizard_tests
