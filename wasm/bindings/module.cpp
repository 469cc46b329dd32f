// Bindings for module-wide functions. One line per exported function; each domain has
// its own file in this folder (catalog.cpp, time.cpp, ...), all linked into one module.
#include <emscripten/bind.h>

#include "core/api/js_constants.h"
#include "core/common/version.h"

EMSCRIPTEN_BINDINGS(module) {
  emscripten::function("libraryVersion", &core::library_version);
  emscripten::function("jsConstants", &core::api::js_constants_json);
}
