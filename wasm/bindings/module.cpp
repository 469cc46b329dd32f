// Exports of module-wide functions. One line per exported function; each domain has its own
// file in this folder (catalog.cpp, time.cpp, ...), and text crosses as text_calls.h says.
// The package's module links them all; the time-only module links time.cpp and this file
// (wasm/module.cmake).
#include <emscripten/emscripten.h>

#include <cstdint>

#include "core/api/json_memory.h"
#include "core/common/version.h"
#include "wasm/bindings/text_calls.h"

extern "C" {
EMSCRIPTEN_KEEPALIVE std::uintptr_t core_json_input_area(int bytes) { return core::api::json_input_area(bytes); }
EMSCRIPTEN_KEEPALIVE std::uintptr_t core_json_output_area() { return core::api::json_output_area(); }
EMSCRIPTEN_KEEPALIVE int core_library_version() { return bindings::answer(core::library_version()); }
}
