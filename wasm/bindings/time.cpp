// Exports of the time domain: one line per exported function.
//
// Every export is a plain C function of numbers. The hot paths (format, parse, wall-clock
// fields) read and write their texts and fields in memory areas laid out in
// core/api/time_api.h, whose layouts reach the facade as generated constants
// (core/api/js_constants.h); the others take and give text as text_calls.h says. The JS
// facade calls them as functions of the WebAssembly instance's exports (wasm/js/loader.mjs
// instantiates the module itself, with wasm/js/runtime.mjs).
#include <emscripten/emscripten.h>

#include "core/api/time_api.h"
#include "wasm/bindings/text_calls.h"

using namespace core::api;
using bindings::answer;
using bindings::released;
using bindings::text;

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
EMSCRIPTEN_KEEPALIVE int core_time_database_version() { return answer(time_database_version()); }
EMSCRIPTEN_KEEPALIVE int core_time_canonical_zone(int a) { return answer(time_canonical_zone(text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_time_open_zone(int a) { return released(time_open_zone(text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_time_compile_pattern(int a) { return released(time_compile_pattern(text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_time_parse_report() { return answer(time_parse_report()); }
EMSCRIPTEN_KEEPALIVE int core_time_last_error() { return answer(time_last_error()); }
EMSCRIPTEN_KEEPALIVE int core_time_check_format(int a) { return answer(time_check_format(text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_time_filter_window(int a) { return answer(time_filter_window(text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_time_preview(int a) { return answer(time_preview(text(0, a))); }
}
