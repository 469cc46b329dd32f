#pragma once
// Entry points of the time domain for hosts (the WebAssembly bindings, one line each).
//
// Hot paths pass numbers only: a zone handle, a pattern handle, epoch milliseconds (a
// double; fractions carry microseconds). Text goes through fixed memory areas the host
// reads and writes directly (addresses from the *_buffer functions): a std::string made
// for each call would cost more than formatting itself. They return a negative
// time_status on failure; time_last_error() then describes it as JSON.
// Everything else is JSON in / JSON out, failures as error answers (core/common/boundary.h).
//
// Defined by job: time_registry.cpp (database version, canonical zone, opening zones and
// compiling patterns), time_memory.cpp (the addresses of the memory areas),
// time_hot_paths.cpp (format, format_many, to_wall, from_wall, offset_at, parse,
// parse_many, the parse report, time_last_error) and time_json.cpp (the zone list text and
// the JSON endpoints). What they share is in time_state.h (core::api::time_entry, not for
// hosts): the handles and memory areas, resolve() for the arguments of the number entry
// points, and the one table of the failures with their codes, messages and time_status.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/time/php_format.h"

namespace core {
namespace api {

// Results of the number entry points: negative ones are failures. These codes and the
// layouts below are shared with the JS facade through the generated constants
// (core/api/js_constants.h); the facade reads no number of its own.
namespace time_status {
enum : int {
  ok = 0,
  bad_handle = -1,    // unknown zone or pattern handle
  out_of_range = -2,  // not finite, or outside the years -9999..9999
  invalid = -3,       // an invalid argument (wall-clock field, disambiguation, ...)
  rejected = -4,      // disambiguation "reject" met a gap or a fold
  parse_failed = -5,  // the text does not match the format
  internal = -6,
};
}  // namespace time_status

// The codes of time failures that are a misuse of the API (an option outside its
// documented choices), not a fact about a date or a zone: hosts raise them as argument
// errors.
inline constexpr const char* invalid_unit_code = "invalid_unit";
inline constexpr const char* invalid_disambiguation_code = "invalid_disambiguation";
inline constexpr const char* time_argument_error_codes[] = {invalid_unit_code, invalid_disambiguation_code};

// The size of the area time_format and time_to_wall write text into (time_text_buffer).
inline constexpr std::size_t time_text_buffer_size = 65536;
// A compiled pattern has at most core::time::max_php_format_length characters, each
// written as at most 48 bytes: one formatted text always fits the text area.
static_assert(core::time::max_php_format_length * 48 < time_text_buffer_size);

// The int32 fields time_to_wall writes at time_wall_fields(), by index.
namespace wall_field {
enum : int {
  year,
  month,
  day,
  hour,
  minute,
  second,
  millisecond,
  microsecond,           // 0-999 within the millisecond
  offset,                // seconds east of UTC
  dst,                   // 0/1
  weekday,               // 0 = Sunday
  abbreviation_length,   // its bytes are at time_text_buffer()
  count,
};
}  // namespace wall_field

// The columns of a line of time_zone_list_text(), by index.
namespace zone_list_column {
enum : int {
  id,
  region,
  label,
  offset,       // seconds east of UTC
  offset_text,  // "+05:30"
  abbreviation,
  dst,          // "1" / "0"
  aliases,      // comma-separated
  count,
};
}  // namespace zone_list_column
inline constexpr char zone_list_column_separator = '\t';
inline constexpr char zone_list_line_separator = '\n';
inline constexpr char zone_list_alias_separator = ',';

// ---- database, zones, patterns ----
std::string time_database_version();
// The canonical zone name for a zone or link name (any ASCII case; core::time::
// canonical_zone_name); "" when unknown.
std::string time_canonical_zone(const std::string& name);
// A handle (> 0) for a zone or link name; 0 when unknown (time_last_error: unknown_time_zone).
// The same name gives the same handle; handles live as long as the module.
int time_open_zone(const std::string& name);
// A handle (> 0) for a PHP format; 0 when longer than core::time::max_php_format_length
// (time_last_error: too_long). Interned by text.
int time_compile_pattern(const std::string& pattern);

// ---- memory areas (addresses in the module's memory) ----
// Fixed area where time_format and time_to_wall write text (time_text_buffer_size).
std::uintptr_t time_text_buffer();
// Area of `bytes` bytes for the host to write input text into (time_parse); moves when
// it grows, so ask before each use.
std::uintptr_t time_input_text(int bytes);
// Area of `count` doubles for time_format_many's input (moves when it grows).
std::uintptr_t time_input_numbers(int count);
// After time_format_many: all texts back to back, and count + 1 uint32 offsets into it.
std::uintptr_t time_batch_text();
std::uintptr_t time_batch_offsets();
// The wall_field::count int32 fields of time_to_wall (wall_field).
std::uintptr_t time_wall_fields();

// ---- hot paths ----
// Writes date()'s text at time_text_buffer(); returns its length in bytes.
int time_format(int zone, int pattern, double epoch_ms);
// Formats the `count` doubles at time_input_numbers(); returns the total length.
int time_format_many(int zone, int pattern, int count);
// Fills time_wall_fields().
int time_to_wall(int zone, double epoch_ms);
// The instant of a wall time, or NaN (see time_last_error). disambiguation: the number of
// a core::time::disambiguation_policy (0 compatible, 1 earlier, 2 later, 3 reject, 4 php).
double time_from_wall(int zone, int year, int month, int day, int hour, int minute,
                      int second, double millisecond, int disambiguation);
// The offset (seconds east of UTC) at an instant, or NaN.
double time_offset_at(int zone, double epoch_ms);
// Reads the `length` bytes at time_input_text() with a pattern (createFromFormat);
// returns epoch ms or NaN. time_parse_report() has the errors and warnings of the last
// call as JSON.
double time_parse(int zone, int pattern, int length, double now_ms, int disambiguation);
std::string time_parse_report();
// Reads `count` texts at once: their bytes back to back at time_input_text(), and count + 1
// uint32 offsets into them at time_input_offsets(count). Results (epoch ms, NaN for a text
// that fails) go to time_output_numbers(). Returns the number of failures; the first one
// is described by time_last_error() (with its "index").
int time_parse_many(int zone, int pattern, int count, double now_ms, int disambiguation);
std::uintptr_t time_input_offsets(int count);
std::uintptr_t time_output_numbers();
// The picker list at now_ms as text in the batch text area (time_batch_text), one zone per
// line, the zone_list_column fields separated by tabs. Returns the length in bytes, or a
// negative time_status. Not JSON: building ~435 objects with nlohmann/json was most of the
// list's cost in wasm, and runs cold (unoptimised) the one time a page asks for it.
int time_zone_list_text(double now_ms);
// The last failure of a number entry point: {"code","message",...}.
std::string time_last_error();

// ---- JSON ----
// {"pattern": "...", "use": "instance" (default: values::check_date_format)|"write"|"read"|
// "write_and_read"} -> {ok, error?, warnings}
std::string time_check_format(const std::string& request);
// {"zone","format","amount","unit","now"} -> {from, to, fromText, toText, zone}
std::string time_filter_window(const std::string& request);
// {"zone","format","now"} -> {text, zone, canonicalZone, offset, abbreviation, check}
std::string time_preview(const std::string& request);

}  // namespace api
}  // namespace core
