// The time entry points hosts call per value, with numbers and handles only (time_api.h):
// formatting, wall-clock fields and back, offsets, parsing, and what the last call failed on.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>

#include "core/api/time_api.h"
#include "core/api/time_state.h"
#include "core/common/json_writer.h"
#include "core/time/php_formatter.h"
#include "core/time/php_parser.h"
#include "core/time/zone_table.h"

namespace core::api {

using namespace core::api::time_entry;
using namespace core::time;

namespace {

// A batch's texts stay below this (offsets are 32-bit, the length an int; and a page should
// not make the module's memory grow by gigabytes)
constexpr std::size_t max_batch_text = std::size_t{1} << 30;
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

}  // namespace

int time_format(int zone, int pattern, double epoch_ms) {
  const resolved_arguments a = resolve(zone, pattern);
  if (!a) return a.status;
  epoch_parts t;
  if (!split_epoch_ms(epoch_ms, &t)) return out_of_range(epoch_ms);
  return static_cast<int>(
      a.pattern->format(to_zoned(*a.zone->table, t), a.zone->name, state().text));
}

int time_format_many(int zone, int pattern, int count) {
  const resolved_arguments a = resolve(zone, pattern);
  if (!a) return a.status;
  const zone_handle* z = a.zone;
  const php_formatter* p = a.pattern;
  auto& s = state();
  if (count < 0 || static_cast<std::size_t>(count) > s.input_numbers.size())
    return fail(time_failure::count_exceeds_input);
  const std::size_t n = static_cast<std::size_t>(count);
  s.batch_offsets.resize(n + 1);
  // In pieces of ~64 KiB of worst-case text: the area grows with what is written (a
  // value's worst case, e.g. 48 bytes per letter, is ~10x its usual text), and there is
  // no capacity check per value inside a piece.
  const std::size_t most = p->max_size(z->name.size());
  const std::size_t piece = std::max<std::size_t>(1, 65536 / most);
  std::size_t pos = 0;
  for (std::size_t first = 0; first < n; first += piece) {
    const std::size_t k = std::min(piece, n - first);
    if (pos + k * most > max_batch_text) return fail(time_failure::batch_too_large);
    if (s.batch_text.size() < pos + k * most)
      s.batch_text.resize(std::max(pos + k * most, 2 * s.batch_text.size()));
    const std::size_t done = p->format_many(*z->table, z->name, s.input_numbers.data() + first,
                                            k, s.batch_text.data(), pos,
                                            s.batch_offsets.data() + first);
    if (done < k) {
      const std::size_t index = first + done;
      failure_details details;
      details.index = index;
      return fail(time_failure::batch_time_out_of_range, std::to_string(index), details);
    }
    pos = s.batch_offsets[first + k];
  }
  s.batch_offsets[n] = static_cast<std::uint32_t>(pos);
  return static_cast<int>(pos);
}

int time_to_wall(int zone, double epoch_ms) {
  const resolved_arguments a = resolve(zone);
  if (!a) return a.status;
  std::int64_t us;
  if (!to_us(epoch_ms, &us)) return out_of_range(epoch_ms);
  const zoned_time t = to_zoned(*a.zone->table, us);
  auto& s = state();
  const std::size_t n = std::min<std::size_t>(t.offset.abbreviation.size(), 64);
  std::memcpy(s.text, t.offset.abbreviation.data(), n);
  std::int32_t* f = s.wall;
  f[wall_field::year] = t.wall.year;
  f[wall_field::month] = t.wall.month;
  f[wall_field::day] = t.wall.day;
  f[wall_field::hour] = t.wall.hour;
  f[wall_field::minute] = t.wall.minute;
  f[wall_field::second] = t.wall.second;
  f[wall_field::millisecond] = t.wall.microsecond / 1000;
  f[wall_field::microsecond] = t.wall.microsecond % 1000;
  f[wall_field::offset] = t.offset.seconds;
  f[wall_field::dst] = t.offset.dst ? 1 : 0;
  f[wall_field::weekday] = weekday_from_days(t.days);
  f[wall_field::abbreviation_length] = static_cast<std::int32_t>(n);
  return time_status::ok;
}

double time_from_wall(int zone, int year, int month, int day, int hour, int minute, int second,
                      double millisecond, int disambiguation) {
  const resolved_arguments a = resolve(zone, std::nullopt, disambiguation);
  if (!a) return not_a_number;
  if (!std::isfinite(millisecond) || millisecond < 0 || millisecond >= 1000)
    return fail(time_failure::invalid_millisecond), not_a_number;
  wall_time w{year, month, day, hour, minute, second,
             static_cast<int>(std::floor(millisecond * 1000.0 + 0.5))};
  if (w.microsecond > 999999) w.microsecond = 999999;
  if (const char* bad = invalid_wall_field(w))
    return fail(time_failure::invalid_wall_field, bad), not_a_number;
  const resolution r = resolve_local(*a.zone->table, wall_to_local(w), a.disambiguation);
  if (!r.epoch_us) {
    const bool gap = r.kind == local_kind::skipped;
    return fail(gap ? time_failure::skipped_time : time_failure::repeated_time, a.zone->name),
           not_a_number;
  }
  if (!in_range(*r.epoch_us)) return out_of_range(0), not_a_number;
  return to_ms(*r.epoch_us);
}

double time_offset_at(int zone, double epoch_ms) {
  const resolved_arguments a = resolve(zone);
  if (!a) return not_a_number;
  std::int64_t us;
  if (!to_us(epoch_ms, &us)) return out_of_range(epoch_ms), not_a_number;
  return a.zone->table->offset_at(floor_div(us, us_per_second)).seconds;
}

double time_parse(int zone, int pattern, int length, double now_ms, int disambiguation) {
  auto& s = state();
  s.parse_report = "null";
  const resolved_arguments a = resolve(zone, pattern, disambiguation);
  if (!a) return not_a_number;
  if (length < 0 || static_cast<std::size_t>(length) > s.input_text.size())
    return fail(time_failure::length_exceeds_input), not_a_number;
  std::int64_t now_us;
  if (!to_us(now_ms, &now_us)) return out_of_range(now_ms), not_a_number;
  php_parse_options options;
  options.zone = a.zone->table;
  options.now_us = now_us;
  options.disambiguation = a.disambiguation;
  const php_parse_result r =
      parse_php_date(std::string_view(s.input_text.data(), static_cast<std::size_t>(length)),
                     a.pattern->pattern(), options);
  if (!r.warnings.empty() || !r.ok()) {
    std::string report;
    json_writer w(report);
    w.begin_object().plain_key("errors");
    write_messages(w, r.errors);
    w.plain_key("warnings");
    write_messages(w, r.warnings);
    w.end_object();
    s.parse_report = std::move(report);
  }
  if (!r.ok()) {
    const auto& e = r.errors.front();
    std::string errors;
    json_writer w(errors);
    write_messages(w, r.errors);
    failure_details details;
    details.position = e.position;
    details.errors = errors;
    return fail(e, a.pattern->pattern(), details), not_a_number;
  }
  return to_ms(*r.epoch_us);
}

std::string time_parse_report() { return state().parse_report; }

int time_parse_many(int zone, int pattern, int count, double now_ms, int disambiguation) {
  auto& s = state();
  const resolved_arguments a = resolve(zone, pattern, disambiguation);
  if (!a) return a.status;
  if (count < 0 || static_cast<std::size_t>(count) + 1 > s.input_offsets.size())
    return fail(time_failure::count_exceeds_input);
  std::int64_t now_us;
  if (!to_us(now_ms, &now_us)) return out_of_range(now_ms);
  const std::uint32_t* offsets = s.input_offsets.data();
  for (int k = 0; k < count; ++k)
    if (offsets[k] > offsets[k + 1] || offsets[k + 1] > s.input_text.size())
      return fail(time_failure::offsets_exceed_input);
  s.output_numbers.resize(static_cast<std::size_t>(count));
  php_parse_options options;
  options.zone = a.zone->table;
  options.now_us = now_us;
  options.disambiguation = a.disambiguation;
  int failures = 0;
  for (int k = 0; k < count; ++k) {
    const std::string_view text(s.input_text.data() + offsets[k], offsets[k + 1] - offsets[k]);
    const php_parse_result r = parse_php_date(text, a.pattern->pattern(), options);
    if (r.ok()) {
      s.output_numbers[k] = to_ms(*r.epoch_us);
      continue;
    }
    s.output_numbers[k] = not_a_number;
    if (failures++ == 0) {
      const auto& e = r.errors.front();
      failure_details details;
      details.position = e.position;
      details.index = static_cast<std::uint64_t>(k);
      fail(e, a.pattern->pattern(), details);
    }
  }
  return failures;
}

std::string time_last_error() { return state().last_error; }

}  // namespace core::api
