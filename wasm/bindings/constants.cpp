// Exports of the constants the facade shares with the core (tests hold the generated
// constants.mjs against them). One line per exported function.
#include <emscripten/emscripten.h>

#include "core/api/js_constants.h"
#include "wasm/bindings/text_calls.h"

extern "C" EMSCRIPTEN_KEEPALIVE int core_js_constants() { return bindings::answer(core::api::js_constants_json()); }
