#pragma once
// Host-neutral boundary helpers. Functions that a host (the WebAssembly bindings, a CLI)
// calls with JSON in and JSON out never let an exception escape: a failure becomes
//   {"error": {"code": "...", "message": "...", ...}}
// so every host surfaces the same stable codes. Successful results are any other JSON.
#include <nlohmann/json.hpp>
#include <string>

namespace core {

nlohmann::json error_json(const std::string& code, const std::string& message,
                          nlohmann::json details = nlohmann::json::object());

// Runs fn() -> nlohmann::json and serialises the result; exceptions become error JSON:
// nlohmann parse errors -> "invalid_json", std::bad_alloc -> "out_of_memory",
// anything else -> "internal".
template <class Fn>
std::string guarded_json(Fn&& fn);

std::string exception_to_error_json(std::exception_ptr ep);

template <class Fn>
std::string guarded_json(Fn&& fn) {
  try {
    return fn().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (...) {
    return exception_to_error_json(std::current_exception());
  }
}

}  // namespace core
