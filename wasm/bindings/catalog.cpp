// Bindings of the catalog and validation domain: one line per exported function.
// All JSON in / JSON out (core/api/catalog_api.h); a catalog lives under a numeric handle.
#include <emscripten/bind.h>

#include "core/api/catalog_api.h"

EMSCRIPTEN_BINDINGS(catalog) {
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
  emscripten::function("secretMask", &core::api::secret_mask);
  emscripten::function("fieldError", &core::api::field_error);
}
