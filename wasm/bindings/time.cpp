// Bindings of the time domain: one line per exported function.
//
// The hot paths (numbers in, numbers out) and the memory areas they read and write are
// plain C exports: the JS facade calls them as
// functions of the WebAssembly instance's exports, which wasm/js/index.mjs keeps when it
// instantiates the module through Emscripten's Module.instantiateWasm hook. An embind call
// spends longer in its invoker checking and converting arguments than formatting a date
// takes (docs/build.md: ~575 ns with -sDYNAMIC_EXECUTION=0); a wasm export is a direct
// call. Their texts and fields cross through memory areas laid out in core/api/time_api.h,
// whose layouts reach the facade as generated constants (core/api/js_constants.h).
// Everything else goes through embind.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include "core/api/time_api.h"

using namespace core::api;

extern "C" {
EMSCRIPTEN_KEEPALIVE int core_time_format(int zone, int pattern, double ms) { return time_format(zone, pattern, ms); }
EMSCRIPTEN_KEEPALIVE int core_time_format_many(int zone, int pattern, int count) { return time_format_many(zone, pattern, count); }
EMSCRIPTEN_KEEPALIVE int core_time_to_wall(int zone, double ms) { return time_to_wall(zone, ms); }
EMSCRIPTEN_KEEPALIVE double core_time_from_wall(int zone, int y, int mo, int d, int h, int mi, int s, double ms, int dis) { return time_from_wall(zone, y, mo, d, h, mi, s, ms, dis); }
EMSCRIPTEN_KEEPALIVE double core_time_offset_at(int zone, double ms) { return time_offset_at(zone, ms); }
EMSCRIPTEN_KEEPALIVE double core_time_parse(int zone, int pattern, int length, double now, int dis) { return time_parse(zone, pattern, length, now, dis); }
EMSCRIPTEN_KEEPALIVE int core_time_parse_many(int zone, int pattern, int count, double now, int dis) { return time_parse_many(zone, pattern, count, now, dis); }
EMSCRIPTEN_KEEPALIVE int core_time_zone_list(double now) { return time_zone_list_text(now); }
EMSCRIPTEN_KEEPALIVE std::uintptr_t core_time_text_buffer() { return time_text_buffer(); }
EMSCRIPTEN_KEEPALIVE std::uintptr_t core_time_input_text(int bytes) { return time_input_text(bytes); }
EMSCRIPTEN_KEEPALIVE std::uintptr_t core_time_input_numbers(int count) { return time_input_numbers(count); }
EMSCRIPTEN_KEEPALIVE std::uintptr_t core_time_input_offsets(int count) { return time_input_offsets(count); }
EMSCRIPTEN_KEEPALIVE std::uintptr_t core_time_batch_text() { return time_batch_text(); }
EMSCRIPTEN_KEEPALIVE std::uintptr_t core_time_batch_offsets() { return time_batch_offsets(); }
EMSCRIPTEN_KEEPALIVE std::uintptr_t core_time_wall_fields() { return time_wall_fields(); }
EMSCRIPTEN_KEEPALIVE std::uintptr_t core_time_output_numbers() { return time_output_numbers(); }
}

EMSCRIPTEN_BINDINGS(time) {
  emscripten::function("timeDatabaseVersion", &time_database_version);
  emscripten::function("timeCanonicalZone", &time_canonical_zone);
  emscripten::function("timeOpenZone", &time_open_zone);
  emscripten::function("timeCompilePattern", &time_compile_pattern);
  emscripten::function("timeParseReport", &time_parse_report);
  emscripten::function("timeLastError", &time_last_error);
  emscripten::function("timeCheckFormat", &time_check_format);
  emscripten::function("timeFilterWindow", &time_filter_window);
  emscripten::function("timePreview", &time_preview);
}
