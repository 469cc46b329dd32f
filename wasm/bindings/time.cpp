// Bindings of the time domain (issue 5): one line per exported function.
#include <emscripten/bind.h>

#include "core/api/time_api.h"

EMSCRIPTEN_BINDINGS(time) {
  emscripten::function("timeDatabaseVersion", &core::api::time_database_version);
  emscripten::function("timeCanonicalZone", &core::api::time_canonical_zone);
}
