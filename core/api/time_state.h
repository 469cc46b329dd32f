#pragma once
// What the time entry points (time_api.h) share, inside core/api only: the module's one
// state (open zones, compiled patterns, the memory areas, the last failure), the lookups of
// the handles hosts pass, epoch milliseconds as microseconds, and the failures: one table
// of their codes, English messages and time_status values, recorded for time_last_error().
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/time_api.h"
#include "core/common/inline.h"
#include "core/common/json_writer.h"
#include "core/time/php_formatter.h"
#include "core/time/php_parser.h"
#include "core/time/tz_database.h"
#include "core/time/zoned_time.h"

namespace core::api::time_entry {

struct zone_handle {
  const core::time::zone_table* table;
  std::string name;  // as opened: what `e` writes, like PHP
};

struct time_api_state {
  std::vector<zone_handle> zones;  // handle - 1
  std::map<std::string, int, std::less<>> zone_ids;  // opened once per handle: no hash table
  std::vector<std::unique_ptr<core::time::php_formatter>> patterns;  // handle - 1
  std::map<std::string, int, std::less<>> pattern_ids;
  char text[time_text_buffer_size];
  std::vector<char> input_text;
  std::vector<double> input_numbers;
  std::vector<std::uint32_t> input_offsets;
  std::vector<double> output_numbers;
  std::vector<char> batch_text;
  std::vector<std::uint32_t> batch_offsets;
  std::int32_t wall[wall_field::count] = {};
  std::string last_error = "null";
  std::string parse_report = "null";
};

// The lookups every number entry point makes once per call are defined here, inline: the
// compiler cannot inline a function defined in another file, and each costs less than a
// call (core/common/inline.h).

// The one state of the module, made on first use; it lives as long as the module.
inline time_api_state& state() {
  static time_api_state s;
  return s;
}

// The open zone or the compiled pattern of a handle; nullptr when there is none.
inline const zone_handle* zone_of(int handle) {
  auto& zones = state().zones;
  return handle >= 1 && static_cast<std::size_t>(handle) <= zones.size() ? &zones[handle - 1]
                                                                          : nullptr;
}

inline const core::time::php_formatter* pattern_of(int handle) {
  auto& patterns = state().patterns;
  return handle >= 1 && static_cast<std::size_t>(handle) <= patterns.size()
             ? patterns[handle - 1].get()
             : nullptr;
}

// Epoch milliseconds -> microseconds; false when not finite or outside the supported years.
inline bool to_us(double ms, std::int64_t* us) {
  core::time::epoch_parts t;
  if (!core::time::split_epoch_ms(ms, &t)) return false;
  *us = t.seconds() * core::time::us_per_second + t.microsecond;
  return true;
}

inline double to_ms(std::int64_t us) { return static_cast<double>(us) / 1000.0; }

// The name hosts are shown for an open zone (core::time::canonical_zone_name).
std::string canonical_of(const zone_handle& zone);

// An offset in seconds east of UTC as text: "+05:30", "-03:00".
std::string offset_text(std::int32_t seconds);

// The failures of the time entry points. Each has one code, one English message, one
// time_status and, where it is always the same, the request field it is about (the table
// in time_state.cpp); a message may name a subject (a zone, a field, an index).
enum class time_failure {
  bad_zone_handle,             // bad_handle
  bad_zone_or_pattern_handle,  // bad_handle
  not_finite,                  // out_of_range: the time is NaN or infinite
  outside_years,               // out_of_range: the time is outside -9999..9999
  batch_time_out_of_range,     // out_of_range: subject the index in a batch
  batch_too_large,             // invalid
  pattern_too_long,            // invalid: subject the limit in characters
  unknown_time_zone,           // invalid: subject the zone name
  invalid_disambiguation,      // invalid
  invalid_millisecond,         // invalid
  invalid_wall_field,          // invalid: subject the field
  skipped_time,                // rejected: subject the zone name
  repeated_time,               // rejected: subject the zone name
  count_exceeds_input,         // invalid
  length_exceeds_input,        // invalid
  offsets_exceed_input,        // invalid
  field_not_string,            // invalid: subject the request field
  field_not_number,            // invalid: subject the request field
  invalid_use,                 // invalid
  invalid_unit,                // invalid
  invalid_amount,              // invalid
  now_out_of_range,            // out_of_range
  window_before_years,         // out_of_range
};

// What an error answer says besides its code and message, each member when given. The
// answer holds them with the code and message in key order, as every error answer does.
struct failure_details {
  std::string_view field;                      // the request field; empty: the failure's own, if any
  std::optional<std::uint64_t> index;          // the value of a batch
  std::optional<std::uint64_t> max;            // a limit
  std::optional<std::uint64_t> position;       // a byte in the text
  std::optional<std::uint64_t> pattern_position;  // a byte in the pattern
  std::string_view errors;                     // JSON text of the parser's errors; empty: none
};

// A failure as an error answer: {"error": {"code", "message", "field"?, ...details}}.
std::string failure_text(time_failure failure, std::string_view subject = {},
                         const failure_details& details = {});

// Records a failure for time_last_error() and returns its time_status.
int fail(time_failure failure);
int fail(time_failure failure, std::string_view subject, const failure_details& details = {});

// Records a text that does not match its format and returns time_status::parse_failed:
// the parser's first error (its code and message), or, when `pattern` has a character
// that is written but cannot be read (check_php_format's `unreadable_character` for
// reading, e.g. `c`), that reason with its message and details.patternPosition (a byte
// offset in the pattern); `details` (the text position, ...) are kept either way.
int fail(const core::time::php_parse_message& error, std::string_view pattern,
         failure_details details);

// Records the failure of a time that to_us refused (not finite, or outside the years) and
// returns time_status::out_of_range.
int out_of_range(double ms);

// The error answer for a zone name that names no zone; `field` is the request field.
std::string unknown_time_zone(const std::string& zone, const char* field);

// The error answer for a format longer than core::time::max_php_format_length (too_long,
// details.max), or nothing; `field` is the request field.
std::optional<std::string> format_length_failure(std::string_view format, const char* field);

// Writes the parser's errors or warnings as [{code, message, position}].
void write_messages(json_writer& out, const std::vector<core::time::php_parse_message>& list);

// What a number entry point's handles and disambiguation code stand for. `status` is
// time_status::ok, or the status of the failure resolve() recorded.
struct resolved_arguments {
  int status = time_status::ok;
  const zone_handle* zone = nullptr;
  const core::time::php_formatter* pattern = nullptr;  // when asked for
  core::time::disambiguation_policy disambiguation = core::time::disambiguation_policy::compatible;
  explicit operator bool() const { return status == time_status::ok; }
};

// Looks up a zone handle, and a pattern handle and a disambiguation code when given, in
// that order; the first that names nothing is recorded with fail(): bad_zone_handle (or
// bad_zone_or_pattern_handle when a pattern is asked for), invalid_disambiguation.
// Always inline: a call returning this struct goes through memory in wasm.
CORE_ALWAYS_INLINE resolved_arguments resolve(
    int zone, std::optional<int> pattern = std::nullopt,
    std::optional<int> disambiguation = std::nullopt) {
  resolved_arguments r;
  r.zone = zone_of(zone);
  if (pattern) r.pattern = pattern_of(*pattern);
  if (!r.zone || (pattern && !r.pattern)) {
    r.status = fail(pattern ? time_failure::bad_zone_or_pattern_handle
                            : time_failure::bad_zone_handle);
    return r;
  }
  if (disambiguation) {
    if (*disambiguation < 0 ||
        static_cast<std::size_t>(*disambiguation) >= std::size(core::time::disambiguations)) {
      r.status = fail(time_failure::invalid_disambiguation);
      return r;
    }
    r.disambiguation = core::time::disambiguations[*disambiguation];
  }
  return r;
}

}  // namespace core::api::time_entry
