#pragma once
// Host-neutral boundary helpers. Functions that a host (the WebAssembly bindings, a CLI)
// calls with JSON in and JSON out answer a failure as
//   {"error": {"code": "...", "message": "...", ...}}
// so every host surfaces the same stable codes. Successful results are any other JSON.
#include <nlohmann/json.hpp>
#include <string>

#include "core/common/json_text.h"

namespace core {

// Codes every JSON entry point may answer (besides its own): the JSON text could not be
// read, an argument has the wrong shape, and failures that are not the caller's fault
// (internal_error_codes: the host answers them, e.g. when the module has no memory left
// for an argument or aborts).
inline constexpr const char* invalid_json_code = "invalid_json";
inline constexpr const char* invalid_argument_code = "invalid_argument";
inline constexpr const char* internal_code = "internal";
inline constexpr const char* out_of_memory_code = "out_of_memory";
inline constexpr const char* internal_error_codes[] = {internal_code, out_of_memory_code};
// The codes above that mean the caller passed something of the wrong shape (a host raises
// them as argument errors, as it does each domain's own argument codes).
inline constexpr const char* argument_error_codes[] = {invalid_json_code, invalid_argument_code};

nlohmann::json error_json(const std::string& code, const std::string& message,
                          nlohmann::json details = nlohmann::json::object());

struct json_syntax_error;
// The error answer invalid_json_code with the message and the byte where reading stopped
// ("position"), as text.
std::string invalid_json_text(const json_syntax_error& e);

}  // namespace core
