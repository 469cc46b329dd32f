// Bindings of the constants the facade shares with the core (tests hold the generated
// constants.mjs against them). One line per exported function.
#include <emscripten/bind.h>

#include "core/api/js_constants.h"

EMSCRIPTEN_BINDINGS(constants) {
  emscripten::function("jsConstants", &core::api::js_constants_json);
}
