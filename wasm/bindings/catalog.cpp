// Exports of the catalog and validation domain: one line per exported function. All JSON in
// / JSON out (core/api/catalog_api.h), the texts crossing as text_calls.h says; a catalog
// lives under a numeric handle. validateInstance reads its texts in place
// (core/api/json_memory.h).
#include <emscripten/emscripten.h>

#include "core/api/catalog_api.h"
#include "wasm/bindings/text_calls.h"

using namespace core::api;
using bindings::answer;
using bindings::text;

extern "C" {
EMSCRIPTEN_KEEPALIVE int core_validate_instance(int handle, int instance_bytes, int context_bytes) { return validate_instance_in_memory(handle, instance_bytes, context_bytes); }
EMSCRIPTEN_KEEPALIVE int core_catalog_load(int a, int b) { return answer(catalog_load(text(0, a), text(a, b))); }
EMSCRIPTEN_KEEPALIVE int core_catalog_dispose(int handle) { return catalog_dispose(handle); }
EMSCRIPTEN_KEEPALIVE int core_catalog_connectors(int handle) { return answer(catalog_connectors(handle)); }
EMSCRIPTEN_KEEPALIVE int core_catalog_connector(int handle, int a) { return answer(catalog_connector(handle, text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_catalog_auth_methods(int handle, int a) { return answer(catalog_auth_methods(handle, text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_catalog_pools(int handle) { return answer(catalog_pools(handle)); }
EMSCRIPTEN_KEEPALIVE int core_catalog_problems(int handle) { return answer(catalog_problems(handle)); }
EMSCRIPTEN_KEEPALIVE int core_validate_connector_definition(int a) { return answer(validate_connector_definition(text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_validate_pool(int a) { return answer(validate_pool(text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_template_parts(int a) { return answer(template_parts(text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_to_laravel(int a) { return answer(to_laravel(text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_instance_name_key(int a) { return answer(instance_name_key(text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_catalog_default_auth_method(int handle, int a) { return answer(catalog_default_auth_method(handle, text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_catalog_secret_fields(int handle, int a, int b) { return answer(catalog_secret_fields(handle, text(0, a), text(a, b))); }
EMSCRIPTEN_KEEPALIVE int core_field_error(int a, int b, int c) { return answer(field_error(text(0, a), text(a, b), text(a + b, c))); }
}
