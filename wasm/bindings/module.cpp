// Bindings for module-wide functions. One line per exported function; each domain has
// its own file in this folder (catalog.cpp, time.cpp, ...). The package's module links
// them all; the time-only module links time.cpp and this file (wasm/module.cmake).
#include <emscripten/bind.h>

#include "core/common/version.h"

EMSCRIPTEN_BINDINGS(module) {
  emscripten::function("libraryVersion", &core::library_version);
}
