// The validation entry points of core/api/catalog_api.h, apart from the catalog's: they run
// per request and are compiled for speed, the others for size (wasm/code_size.cmake).
#include "core/api/catalog_api.h"

#include <string>
#include <string_view>
#include <utility>

#include "core/api/catalog_handles.h"
#include "core/api/entry_arguments.h"
#include "core/api/json_memory.h"
#include "core/validation/instance_validation.h"

namespace core::api {

std::string validate_instance(int handle, std::string_view instance_json, std::string_view context_json) {
  // The answer is written as text directly: {"errors", "instance", "omittedErrors",
  // "valid", "warnings"}, the members in the order json_text gives an object's keys.
  const auto refused = [](const argument_error& e) { return json_text(argument_error_json(e)); };
  const auto catalog = require_catalog(handle);
  if (!catalog.ok()) return refused(catalog.error());
  const auto document = read_argument(instance_json, "instance");
  if (!document.ok()) return refused(document.error());
  const json_view instance = document.value().root();
  if (!instance.is_object()) return refused({"the instance must be an object"});
  const auto context_document = read_argument(context_json, "context");
  if (!context_document.ok()) return refused(context_document.error());
  auto context = validation::parse_validation_context(context_document.value().root());
  if (!context.context) return refused({context.error});
  const auto result = validation::validate_instance(*catalog.value(), instance, *context.context);
  std::string out;
  out.reserve(1024);  // a typical answer's size: no growth step by step
  out += "{\"errors\":";
  validation::append_json_text(result.errors, out);
  out += ",\"instance\":";
  validation::append_json_text(result.instance, out);
  out += ",\"omittedErrors\":";
  out += std::to_string(result.omitted_errors);
  out += result.valid() ? ",\"valid\":true,\"warnings\":" : ",\"valid\":false,\"warnings\":";
  validation::append_json_text(result.warnings, out);
  out += '}';
  return out;
}

int validate_instance_in_memory(int handle, int instance_bytes, int context_bytes) {
  // read in place: the input area is released only once the answer is built
  std::string answer = validate_instance(handle, json_input(0, instance_bytes),
                                         json_input(instance_bytes, context_bytes));
  release_large_json_input();
  return set_json_output(std::move(answer));
}

}  // namespace core::api
