#pragma once
// Entry points of the catalog and validation domain for hosts (the WebAssembly bindings).
// JSON text in, JSON text out; failures are {"error": {"code", "message", ...}}. A loaded
// catalog stays in memory under a numeric handle until disposed, so that
// validating an instance does not re-parse the definitions.
#include <string>
#include <string_view>

namespace core::api {

// definitions_json: an array of definition objects or of JSON texts (or one object);
// options_json: {"pools": [...]} or "null".
// -> {"handle": n, "connectors": count, "pools": count, "problems": [load problem...]}
// A load problem: {source, index, id, pointer, code, message, params?}. When no definition
// loads although some were given -> error "invalid_catalog" with details.problems.
std::string catalog_load(const std::string& definitions_json, const std::string& options_json);

// Frees a catalog; false when the handle is unknown (already disposed).
bool catalog_dispose(int handle);

// -> [connector summary...] (authMethods without variables)
std::string catalog_connectors(int handle);
// -> the full connector definition, or null when the id is unknown
std::string catalog_connector(int handle, const std::string& connector_id);
// -> [auth method with variables...], or null when the id is unknown
std::string catalog_auth_methods(int handle, const std::string& connector_id);
// -> [pool...]
std::string catalog_pools(int handle);
// -> [load problem...]
std::string catalog_problems(int handle);

// -> {"valid": bool, "problems": [...], "definition": normalised definition | null}
std::string validate_connector_definition(const std::string& definition_json);
// -> {"valid": bool, "problems": [...], "pool": pool | null}
std::string validate_pool(const std::string& pool_json);
// A template of a connector definition split by the core's grammar
// (core/catalog/text_template.h): -> [{"literal": text} | {"variable": key}...], or error
// "invalid_template" with "reason": "unclosed" | "unopened" | "invalid_key".
std::string template_parts(const std::string& text);
// The key two names of one connector collide on (trimmed, case-folded); "" when the name
// is not well-formed UTF-8. See core/validation/name_key.h.
std::string instance_name_key(const std::string& name);

// instance_json: the instance; context_json: {existingNames, pools, now} or "null".
// -> {"valid", "errors": [field error...], "warnings": [...], "instance": normalised}
// A non-object instance is error "invalid_argument".
std::string validate_instance(int handle, std::string_view instance_json, std::string_view context_json);

// validate_instance with its texts in the input area (core/api/json_memory.h): the instance
// in its first `instance_bytes` bytes, the context in the `context_bytes` after them. The
// answer goes to the output area; returns its size in bytes.
int validate_instance_in_memory(int handle, int instance_bytes, int context_bytes);

// The method an instance of this connector uses when it names none: -> "<id>", or null
// (several methods, or an unknown connector).
std::string catalog_default_auth_method(int handle, const std::string& connector_id);

// Which values are secret (core/catalog/secrets.h), for auth method `auth_method_json`
// (a JSON value: a method id, null for the default method; anything else names none):
// -> {"authMethodId": resolved id | null,
//     "credentials": [{"key", "alias"}...]  the method's secret variables,
//     "paths": [...]                        the method's secret field paths,
//     "secretPaths": [...]}                 every secret path of the connector (any method,
//                                           keys and aliases, the certificate's)
// or null for an unknown connector.
std::string catalog_secret_fields(int handle, const std::string& connector_id,
                                  const std::string& auth_method_json);

// A field error with the core's message for `code` (core/values/messages.h), the
// attribute named after `field` (field_attribute): -> {"field", "code", "message", "params"}.
// params_json: an object or null.
std::string field_error(const std::string& field, const std::string& code,
                        const std::string& params_json);

// errors_json: [field error...] -> the Laravel 422 body {"message", "errors"}.
std::string to_laravel(const std::string& errors_json);

}  // namespace core::api
