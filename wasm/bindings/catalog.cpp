// Bindings of the catalog and validation domain: one line per exported function.
// All JSON in / JSON out (core/api/catalog_api.h); a catalog lives under a numeric handle.
// validateInstance, called per request by a server and per change by a page, is also a
// plain C export that takes its texts in memory (core/api/json_memory.h): the facade calls
// it as a function of the instance's exports, without embind's string conversions.
//
// The embind functions are registered when the facade first needs them (wasm/js/catalog.mjs
// calls bindings_register_catalog), not as the module starts, as the wizard's are
// (wizard.cpp): apps that only format dates never pay for them.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include "core/api/catalog_api.h"
#include "core/api/json_memory.h"

using namespace core::api;

extern "C" {
EMSCRIPTEN_KEEPALIVE std::uintptr_t core_json_input_area(int bytes) { return json_input_area(bytes); }
EMSCRIPTEN_KEEPALIVE std::uintptr_t core_json_output_area() { return json_output_area(); }
EMSCRIPTEN_KEEPALIVE int core_validate_instance(int handle, int instance_bytes, int context_bytes) { return validate_instance_in_memory(handle, instance_bytes, context_bytes); }
}

extern "C" EMSCRIPTEN_KEEPALIVE void bindings_register_catalog() {
  static bool registered = false;  // embind refuses a second registration of a name
  if (registered) return;
  registered = true;
  emscripten::function("catalogLoad", &core::api::catalog_load);
  emscripten::function("catalogDispose", &core::api::catalog_dispose);
  emscripten::function("catalogConnectors", &core::api::catalog_connectors);
  emscripten::function("catalogConnector", &core::api::catalog_connector);
  emscripten::function("catalogAuthMethods", &core::api::catalog_auth_methods);
  emscripten::function("catalogPools", &core::api::catalog_pools);
  emscripten::function("catalogProblems", &core::api::catalog_problems);
  emscripten::function("validateConnectorDefinition", &core::api::validate_connector_definition);
  emscripten::function("validatePool", &core::api::validate_pool);
  emscripten::function("templateParts", &core::api::template_parts);
  emscripten::function("validateInstance", &core::api::validate_instance);
  emscripten::function("toLaravel", &core::api::to_laravel);
  emscripten::function("instanceNameKey", &core::api::instance_name_key);
  emscripten::function("catalogDefaultAuthMethod", &core::api::catalog_default_auth_method);
  emscripten::function("catalogSecretFields", &core::api::catalog_secret_fields);
  emscripten::function("fieldError", &core::api::field_error);
}
