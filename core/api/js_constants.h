#pragma once
// The constants the JS facade (wasm/js/*.mjs) shares with the core: the codes and memory
// layouts of the number entry points (time_api.h), the error codes of the JSON entry
// points (common/boundary.h) and which codes are argument errors, the longest PHP format
// (time/php_format.h), the scheduler's built-in indexes, the rate units, the marker
// of ill-formed text, the reasons a template is malformed (catalog/text_template.h). One
// JSON object, each member a named constant.
//
// The build writes it as dist/constants.mjs (tools/jsconstants, run by the wasm build) for
// the facade to import, and the module answers the same text (jsConstants), so a test holds
// the file against the module it ships with. The facade decides none of these numbers.
#include <string>

namespace core::api {

std::string js_constants_json();

}  // namespace core::api
