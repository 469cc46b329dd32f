#include "core/api/time_state.h"

#include <cmath>

#include "core/common/boundary.h"
#include "core/common/padded_decimal.h"
#include "core/common/utf8.h"
#include "core/time/php_format.h"
#include "core/time/zone_table.h"

namespace core::api::time_entry {

using namespace core::time;

namespace {

struct failure_row {
  int status;
  const char* code;
  const char* message;  // "{}" stands for the subject
  // The request field it is about when that is always the same ("{}": the subject), for
  // the error's "field"; nullptr for none.
  const char* field = nullptr;
};

// The table of the time failures. The number entry points return the status; the JSON
// endpoints (and time_open_zone, which returns 0) answer with the error only.
constexpr failure_row row_of(time_failure failure) {
  switch (failure) {
    case time_failure::bad_zone_handle:
      return {time_status::bad_handle, "bad_handle", "Unknown zone handle."};
    case time_failure::bad_zone_or_pattern_handle:
      return {time_status::bad_handle, "bad_handle", "Unknown zone or pattern handle."};
    case time_failure::not_finite:
      return {time_status::out_of_range, "out_of_range", "The time is not a finite number."};
    case time_failure::outside_years:
      return {time_status::out_of_range, "out_of_range",
              "The time is outside the supported years -9999 to 9999."};
    case time_failure::batch_time_out_of_range:
      return {time_status::out_of_range, "out_of_range",
              "The time at index {} is not finite or outside the years -9999 to 9999."};
    case time_failure::batch_too_large:
      return {time_status::invalid, "too_large",
              "The texts of this batch would exceed 1 GiB; format it in smaller batches."};
    case time_failure::pattern_too_long:
      return {time_status::invalid, "too_long",
              "The date format may not be longer than {} characters."};
    case time_failure::unknown_time_zone:
      return {time_status::invalid, "unknown_time_zone", "Unknown time zone \"{}\"."};
    case time_failure::invalid_disambiguation:
      return {time_status::invalid, invalid_disambiguation_code,
              "disambiguation must be compatible, earlier, later, reject or php",
              "disambiguation"};
    case time_failure::invalid_millisecond:
      return {time_status::invalid, "invalid_wall_time", "millisecond must be from 0 to 999.999",
              "millisecond"};
    case time_failure::invalid_wall_field:
      return {time_status::invalid, "invalid_wall_time", "{} is out of range", "{}"};
    case time_failure::skipped_time:
      return {time_status::rejected, "skipped_time",
              "The wall-clock time does not exist in {} (skipped by a DST change).",
              "disambiguation"};
    case time_failure::repeated_time:
      return {time_status::rejected, "repeated_time",
              "The wall-clock time happens twice in {} (repeated by a DST change).",
              "disambiguation"};
    case time_failure::count_exceeds_input:
      return {time_status::invalid, invalid_argument_code, "count exceeds the input area"};
    case time_failure::length_exceeds_input:
      return {time_status::invalid, invalid_argument_code, "length exceeds the input area"};
    case time_failure::offsets_exceed_input:
      return {time_status::invalid, invalid_argument_code, "text offsets exceed the input area"};
    case time_failure::field_not_string:
      return {time_status::invalid, invalid_argument_code, "{} must be a string", "{}"};
    case time_failure::field_not_number:
      return {time_status::invalid, invalid_argument_code, "{} must be a number", "{}"};
    case time_failure::invalid_use:
      return {time_status::invalid, invalid_argument_code,
              "use must be instance, write, read or write_and_read", "use"};
    case time_failure::invalid_unit:
      return {time_status::invalid, invalid_unit_code,
              "unit must be one of seconds, minutes, hours, days, weeks, months, years",
              "unit"};
    case time_failure::invalid_amount:
      return {time_status::invalid, "invalid_amount", "amount must be a whole number from 0",
              "amount"};
    case time_failure::now_out_of_range:
      return {time_status::out_of_range, "out_of_range", "now is not a supported time", "now"};
    case time_failure::window_before_years:
      return {time_status::out_of_range, "out_of_range",
              "The window starts before the year -9999", "amount"};
  }
  return {time_status::internal, internal_code, "unknown failure"};
}

// A row's text with its "{}" replaced by the subject.
std::string filled(const char* text, std::string_view subject) {
  std::string out = text;
  const std::size_t slot = out.find("{}");
  if (slot != std::string::npos) out.replace(slot, 2, subject);
  return out;
}

}  // namespace

std::string canonical_of(const zone_handle& zone) {
  return canonical_zone_name(zone.name).value_or(std::string(zone.table->name()));
}

std::string offset_text(std::int32_t seconds) {
  const std::int64_t a = seconds < 0 ? -std::int64_t{seconds} : seconds;
  std::string out(1, seconds < 0 ? '-' : '+');  // %c%02d:%02d
  append_padded_decimal(out, a / 3600, 2);
  out += ':';
  append_padded_decimal(out, a / 60 % 60, 2);
  return out;
}

namespace {

// {"error": {...}} with the members in key order: code, errors, field, index, max, message,
// patternPosition, position.
std::string error_text(std::string_view code, std::string_view message, const failure_details& d) {
  std::string out;
  json_writer w(out);
  w.begin_object().plain_key("error").begin_object();
  w.string_member("code", code);
  if (!d.errors.empty()) w.raw_member("errors", d.errors);
  if (!d.field.empty()) w.string_member("field", d.field);
  if (d.index) w.unsigned_member("index", *d.index);
  if (d.max) w.unsigned_member("max", *d.max);
  w.string_member("message", message);
  if (d.pattern_position) w.unsigned_member("patternPosition", *d.pattern_position);
  if (d.position) w.unsigned_member("position", *d.position);
  w.end_object().end_object();
  return out;
}

}  // namespace

std::string failure_text(time_failure failure, std::string_view subject, const failure_details& details) {
  const failure_row row = row_of(failure);
  if (!row.field) return error_text(row.code, filled(row.message, subject), details);
  // the row's field, as the subject fills it, in place of one given
  const std::string field = filled(row.field, subject);
  failure_details with_field = details;
  with_field.field = field;
  return error_text(row.code, filled(row.message, subject), with_field);
}

int fail(time_failure failure) { return fail(failure, {}); }

int fail(time_failure failure, std::string_view subject, const failure_details& details) {
  state().last_error = failure_text(failure, subject, details);
  return row_of(failure).status;
}

int fail(const php_parse_message& error, std::string_view pattern, failure_details details) {
  const php_format_check read = check_php_format(pattern, php_format_use::read);
  if (read.error && read.error->code == "unreadable_character") {
    details.field = "pattern";
    details.pattern_position = read.error->position;
    state().last_error = error_text(read.error->code, read.error->message, details);
  } else {
    state().last_error = error_text(error.code, error.message, details);
  }
  return time_status::parse_failed;
}

int out_of_range(double ms) {
  return fail(std::isfinite(ms) ? time_failure::outside_years : time_failure::not_finite);
}

std::string unknown_time_zone(const std::string& zone, const char* field) {
  failure_details details;
  details.field = field;
  return failure_text(time_failure::unknown_time_zone, zone, details);
}

std::optional<std::string> format_length_failure(std::string_view format, const char* field) {
  if (utf8::length(format) <= max_php_format_length) return std::nullopt;
  failure_details details;
  details.field = field;
  details.max = max_php_format_length;
  return failure_text(time_failure::pattern_too_long, std::to_string(max_php_format_length), details);
}

void write_messages(json_writer& out, const std::vector<php_parse_message>& list) {
  out.begin_array();
  for (const auto& m : list) {
    out.begin_object().string_member("code", m.code).string_member("message", m.message);
    out.unsigned_member("position", m.position).end_object();
  }
  out.end_array();
}

}  // namespace core::api::time_entry
