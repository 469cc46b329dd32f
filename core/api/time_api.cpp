#include "core/api/time_api.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <limits>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/common/boundary.h"
#include "core/time/filter_window.h"
#include "core/time/php_format.h"
#include "core/time/php_formatter.h"
#include "core/time/php_parser.h"
#include "core/time/tz_database.h"
#include "core/time/zone_list.h"

namespace core {
namespace api {
namespace {

using nlohmann::json;
using namespace core::time;

// A batch's texts stay below this (offsets are 32-bit, the length an int; and a page should
// not make the module's memory grow by gigabytes)
constexpr std::size_t kMaxBatchText = std::size_t{1} << 30;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct zone_handle {
  const zone_table* table;
  std::string name;  // as opened: what `e` writes, like PHP
};

struct time_api_state {
  std::vector<zone_handle> zones;  // handle - 1
  std::unordered_map<std::string, int> zone_ids;
  std::vector<std::unique_ptr<php_formatter>> patterns;  // handle - 1
  std::unordered_map<std::string, int> pattern_ids;
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

time_api_state& state() {
  static time_api_state s;
  return s;
}

int fail(int status, const std::string& code, const std::string& message,
         json details = json::object()) {
  state().last_error = error_json(code, message, std::move(details)).dump();
  return status;
}

const zone_handle* zone_of(int handle) {
  auto& zones = state().zones;
  return handle >= 1 && static_cast<std::size_t>(handle) <= zones.size() ? &zones[handle - 1]
                                                                          : nullptr;
}

// The name hosts are shown for an open zone (core::time::canonical_zone_name).
std::string canonical_of(const zone_handle& z) {
  return canonical_zone_name(z.name).value_or(std::string(z.table->name()));
}

const php_formatter* pattern_of(int handle) {
  auto& patterns = state().patterns;
  return handle >= 1 && static_cast<std::size_t>(handle) <= patterns.size()
             ? patterns[handle - 1].get()
             : nullptr;
}

// Epoch milliseconds -> microseconds.
bool to_us(double ms, std::int64_t* us) {
  epoch_parts t;
  if (!split_epoch_ms(ms, &t)) return false;
  *us = t.seconds() * us_per_second + t.microsecond;
  return true;
}

double to_ms(std::int64_t us) { return static_cast<double>(us) / 1000.0; }

int out_of_range(double ms) {
  return fail(time_status::out_of_range, "out_of_range",
              std::isfinite(ms) ? "The time is outside the supported years -9999 to 9999."
                                : "The time is not a finite number.");
}

std::optional<disambiguation_policy> disambiguation_of(int d) {
  if (d < 0 || static_cast<std::size_t>(d) >= std::size(disambiguations)) return std::nullopt;
  return disambiguations[d];
}

std::string offset_text(std::int32_t seconds) {
  const char sign = seconds < 0 ? '-' : '+';
  const int a = seconds < 0 ? -seconds : seconds;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, a / 3600, a / 60 % 60);
  return buf;
}

json messages_json(const std::vector<php_parse_message>& list) {
  json out = json::array();
  for (const auto& m : list)
    out.push_back({{"code", m.code}, {"message", m.message}, {"position", m.position}});
  return out;
}

json check_json(const php_format_check& c) {
  json out{{"ok", c.ok()}, {"warnings", json::array()}};
  if (c.error)
    out["error"] = {{"code", c.error->code}, {"message", c.error->message},
                    {"position", c.error->position}};
  for (const auto& w : c.warnings)
    out["warnings"].push_back({{"code", w.code}, {"message", w.message}, {"lost", w.lost}});
  return out;
}

// Reading JSON requests: a field error instead of an exception.
struct request_error {
  json error;
};

const json& field(const json& request, const char* name) {
  static const json missing;
  auto it = request.find(name);
  return it == request.end() ? missing : *it;
}

std::string string_field(const json& request, const char* name) {
  const json& v = field(request, name);
  if (!v.is_string())
    throw request_error{error_json(invalid_argument_code, std::string(name) + " must be a string",
                                  {{"field", name}})};
  return v.get<std::string>();
}

double number_field(const json& request, const char* name) {
  const json& v = field(request, name);
  if (!v.is_number())
    throw request_error{error_json(invalid_argument_code, std::string(name) + " must be a number",
                                  {{"field", name}})};
  return v.get<double>();
}

json unknown_zone(const std::string& zone, const char* field) {
  return error_json("unknown_zone", "Unknown time zone \"" + zone + "\".", {{"field", field}});
}

const zone_handle& zone_field(const json& request, const char* name) {
  const std::string zone = string_field(request, name);
  const zone_handle* z = zone_of(time_open_zone(zone));
  if (!z) throw request_error{unknown_zone(zone, name)};
  return *z;
}

template <class Fn>
std::string answer(const std::string& request, Fn&& fn) {
  return guarded_json([&]() -> json {
    try {
      return fn(json::parse(request));
    } catch (const request_error& e) {
      return e.error;
    }
  });
}

}  // namespace

std::string time_database_version() { return std::string(tz_database_version()); }

std::string time_canonical_zone(const std::string& name) {
  try {
    return canonical_zone_name(name).value_or(std::string());
  } catch (...) {
    return std::string();
  }
}

int time_open_zone(const std::string& name) {
  try {
    auto& s = state();
    auto it = s.zone_ids.find(name);
    if (it != s.zone_ids.end()) return it->second;
    const zone_table* table = find_zone(name);
    if (!table) {
      s.last_error = unknown_zone(name, "zone").dump();
      return 0;
    }
    s.zones.push_back({table, name});
    const int id = static_cast<int>(s.zones.size());
    s.zone_ids.emplace(name, id);
    return id;
  } catch (...) {
    return fail(time_status::internal, internal_code, "the zone could not be opened"), 0;
  }
}

int time_compile_pattern(const std::string& pattern) {
  try {
    if (pattern.size() > time_max_pattern_bytes) {
      return fail(time_status::invalid, "too_long",
                  "The date format may not be longer than " +
                      std::to_string(time_max_pattern_bytes) + " bytes.",
                  {{"field", "pattern"}, {"max", time_max_pattern_bytes}}), 0;
    }
    auto& s = state();
    auto it = s.pattern_ids.find(pattern);
    if (it != s.pattern_ids.end()) return it->second;
    s.patterns.push_back(std::make_unique<php_formatter>(pattern));
    const int id = static_cast<int>(s.patterns.size());
    s.pattern_ids.emplace(pattern, id);
    return id;
  } catch (...) {
    return fail(time_status::internal, internal_code, "the pattern could not be compiled"), 0;
  }
}

std::uintptr_t time_text_buffer() { return reinterpret_cast<std::uintptr_t>(state().text); }

std::uintptr_t time_input_text(int bytes) {
  auto& v = state().input_text;
  if (bytes > 0 && v.size() < static_cast<std::size_t>(bytes)) v.resize(bytes);
  return reinterpret_cast<std::uintptr_t>(v.data());
}

std::uintptr_t time_input_numbers(int count) {
  auto& v = state().input_numbers;
  if (count > 0 && v.size() < static_cast<std::size_t>(count)) v.resize(count);
  return reinterpret_cast<std::uintptr_t>(v.data());
}

std::uintptr_t time_batch_text() { return reinterpret_cast<std::uintptr_t>(state().batch_text.data()); }

std::uintptr_t time_batch_offsets() {
  return reinterpret_cast<std::uintptr_t>(state().batch_offsets.data());
}

int time_zone_list_text(double now_ms) {
  std::int64_t us;
  if (!to_us(now_ms, &us)) return out_of_range(now_ms);
  try {
    // Names, abbreviations and offsets come from tzdata: letters, digits, "/_-+" only, so
    // tabs, commas and line ends cannot occur inside a field (tests check it).
    std::string text;
    text.reserve(70000);
    for (const auto& e : zone_list(floor_div(us, us_per_second))) {
      for (int column = 0; column < zone_list_column::count; ++column) {
        if (column) text += zone_list_column_separator;
        switch (column) {
          case zone_list_column::id: text += e.id; break;
          case zone_list_column::region: text += e.region; break;
          case zone_list_column::label: text += e.label; break;
          case zone_list_column::offset: text += std::to_string(e.offset_seconds); break;
          case zone_list_column::offset_text: text += offset_text(e.offset_seconds); break;
          case zone_list_column::abbreviation: text += e.abbreviation; break;
          case zone_list_column::dst: text += e.dst ? '1' : '0'; break;
          case zone_list_column::aliases:
            for (std::size_t k = 0; k < e.aliases.size(); ++k) {
              if (k) text += zone_list_alias_separator;
              text += e.aliases[k];
            }
            break;
          case zone_list_column::count: break;
        }
      }
      text += zone_list_line_separator;
    }
    auto& s = state();
    if (s.batch_text.size() < text.size()) s.batch_text.resize(text.size());
    std::memcpy(s.batch_text.data(), text.data(), text.size());
    return static_cast<int>(text.size());
  } catch (...) {
    return fail(time_status::internal, internal_code, "the zone list could not be built");
  }
}

std::uintptr_t time_wall_fields() { return reinterpret_cast<std::uintptr_t>(state().wall); }

int time_format(int zone, int pattern, double epoch_ms) {
  const zone_handle* z = zone_of(zone);
  const php_formatter* p = pattern_of(pattern);
  if (!z || !p) return fail(time_status::bad_handle, "bad_handle", "Unknown zone or pattern handle.");
  epoch_parts t;
  if (!split_epoch_ms(epoch_ms, &t)) return out_of_range(epoch_ms);
  try {
    return static_cast<int>(p->format(to_zoned(*z->table, t), z->name, state().text));
  } catch (...) {
    return fail(time_status::internal, internal_code, "formatting failed");
  }
}

int time_format_many(int zone, int pattern, int count) {
  const zone_handle* z = zone_of(zone);
  const php_formatter* p = pattern_of(pattern);
  if (!z || !p) return fail(time_status::bad_handle, "bad_handle", "Unknown zone or pattern handle.");
  auto& s = state();
  if (count < 0 || static_cast<std::size_t>(count) > s.input_numbers.size())
    return fail(time_status::invalid, invalid_argument_code, "count exceeds the input area");
  try {
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
      if (pos + k * most > kMaxBatchText)
        return fail(time_status::invalid, "too_large",
                    "The texts of this batch would exceed 1 GiB; format it in smaller batches.");
      if (s.batch_text.size() < pos + k * most)
        s.batch_text.resize(std::max(pos + k * most, 2 * s.batch_text.size()));
      const std::size_t done = p->format_many(*z->table, z->name, s.input_numbers.data() + first,
                                              k, s.batch_text.data(), pos,
                                              s.batch_offsets.data() + first);
      if (done < k) {
        const std::size_t index = first + done;
        out_of_range(s.input_numbers[index]);
        s.last_error = error_json("out_of_range", "The time at index " + std::to_string(index) +
                                  " is not finite or outside the years -9999 to 9999.",
                                  {{"index", index}}).dump();
        return time_status::out_of_range;
      }
      pos = s.batch_offsets[first + k];
    }
    s.batch_offsets[n] = static_cast<std::uint32_t>(pos);
    return static_cast<int>(pos);
  } catch (...) {
    return fail(time_status::internal, internal_code, "formatting failed");
  }
}

int time_to_wall(int zone, double epoch_ms) {
  const zone_handle* z = zone_of(zone);
  if (!z) return fail(time_status::bad_handle, "bad_handle", "Unknown zone handle.");
  std::int64_t us;
  if (!to_us(epoch_ms, &us)) return out_of_range(epoch_ms);
  const zoned_time t = to_zoned(*z->table, us);
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
  const zone_handle* z = zone_of(zone);
  if (!z) return fail(time_status::bad_handle, "bad_handle", "Unknown zone handle."), kNaN;
  const auto d = disambiguation_of(disambiguation);
  if (!d)
    return fail(time_status::invalid, "invalid_disambiguation",
                "disambiguation must be compatible, earlier, later, reject or php",
                {{"field", "disambiguation"}}), kNaN;
  if (!std::isfinite(millisecond) || millisecond < 0 || millisecond >= 1000)
    return fail(time_status::invalid, "invalid_wall_time", "millisecond must be from 0 to 999.999",
                {{"field", "millisecond"}}), kNaN;
  wall_time w{year, month, day, hour, minute, second,
             static_cast<int>(std::floor(millisecond * 1000.0 + 0.5))};
  if (w.microsecond > 999999) w.microsecond = 999999;
  if (const char* bad = invalid_wall_field(w))
    return fail(time_status::invalid, "invalid_wall_time",
                std::string(bad) + " is out of range", {{"field", bad}}), kNaN;
  try {
    const resolution r = resolve_local(*z->table, wall_to_local(w), *d);
    if (!r.epoch_us) {
      const bool gap = r.kind == local_kind::skipped;
      return fail(time_status::rejected, gap ? "skipped_time" : "repeated_time",
                  gap ? "The wall-clock time does not exist in " + z->name +
                            " (skipped by a DST change)."
                      : "The wall-clock time happens twice in " + z->name +
                            " (repeated by a DST change).",
                  {{"field", "disambiguation"}}), kNaN;
    }
    if (!in_range(*r.epoch_us)) return out_of_range(0), kNaN;
    return to_ms(*r.epoch_us);
  } catch (...) {
    return fail(time_status::internal, internal_code, "conversion failed"), kNaN;
  }
}

double time_offset_at(int zone, double epoch_ms) {
  const zone_handle* z = zone_of(zone);
  if (!z) return fail(time_status::bad_handle, "bad_handle", "Unknown zone handle."), kNaN;
  std::int64_t us;
  if (!to_us(epoch_ms, &us)) return out_of_range(epoch_ms), kNaN;
  return z->table->offset_at(floor_div(us, us_per_second)).seconds;
}

double time_parse(int zone, int pattern, int length, double now_ms, int disambiguation) {
  auto& s = state();
  s.parse_report = "null";
  const zone_handle* z = zone_of(zone);
  const php_formatter* p = pattern_of(pattern);
  if (!z || !p) return fail(time_status::bad_handle, "bad_handle", "Unknown zone or pattern handle."), kNaN;
  const auto d = disambiguation_of(disambiguation);
  if (!d)
    return fail(time_status::invalid, "invalid_disambiguation",
                "disambiguation must be compatible, earlier, later, reject or php",
                {{"field", "disambiguation"}}), kNaN;
  if (length < 0 || static_cast<std::size_t>(length) > s.input_text.size())
    return fail(time_status::invalid, invalid_argument_code, "length exceeds the input area"), kNaN;
  std::int64_t now_us;
  if (!to_us(now_ms, &now_us)) return out_of_range(now_ms), kNaN;
  try {
    php_parse_options options;
    options.zone = z->table;
    options.now_us = now_us;
    options.disambiguation = *d;
    const php_parse_result r =
        parse_php_date(std::string_view(s.input_text.data(), static_cast<std::size_t>(length)),
                       p->pattern(), options);
    if (!r.warnings.empty() || !r.ok())
      s.parse_report = json{{"errors", messages_json(r.errors)},
                            {"warnings", messages_json(r.warnings)}}.dump();
    if (!r.ok()) {
      const auto& e = r.errors.front();
      return fail(time_status::parse_failed, e.code, e.message,
                  {{"position", e.position}, {"errors", messages_json(r.errors)}}), kNaN;
    }
    return to_ms(*r.epoch_us);
  } catch (...) {
    return fail(time_status::internal, internal_code, "parsing failed"), kNaN;
  }
}

std::string time_parse_report() { return state().parse_report; }

std::uintptr_t time_input_offsets(int count) {
  auto& v = state().input_offsets;
  if (count >= 0 && v.size() < static_cast<std::size_t>(count) + 1) v.resize(static_cast<std::size_t>(count) + 1);
  return reinterpret_cast<std::uintptr_t>(v.data());
}

std::uintptr_t time_output_numbers() {
  return reinterpret_cast<std::uintptr_t>(state().output_numbers.data());
}

int time_parse_many(int zone, int pattern, int count, double now_ms, int disambiguation) {
  auto& s = state();
  const zone_handle* z = zone_of(zone);
  const php_formatter* p = pattern_of(pattern);
  if (!z || !p) return fail(time_status::bad_handle, "bad_handle", "Unknown zone or pattern handle.");
  const auto d = disambiguation_of(disambiguation);
  if (!d)
    return fail(time_status::invalid, "invalid_disambiguation",
                "disambiguation must be compatible, earlier, later, reject or php",
                {{"field", "disambiguation"}});
  if (count < 0 || static_cast<std::size_t>(count) + 1 > s.input_offsets.size())
    return fail(time_status::invalid, invalid_argument_code, "count exceeds the input area");
  std::int64_t now_us;
  if (!to_us(now_ms, &now_us)) return out_of_range(now_ms);
  const std::uint32_t* offsets = s.input_offsets.data();
  for (int k = 0; k < count; ++k)
    if (offsets[k] > offsets[k + 1] || offsets[k + 1] > s.input_text.size())
      return fail(time_status::invalid, invalid_argument_code, "text offsets exceed the input area");
  try {
    s.output_numbers.resize(static_cast<std::size_t>(count));
    php_parse_options options;
    options.zone = z->table;
    options.now_us = now_us;
    options.disambiguation = *d;
    int failures = 0;
    for (int k = 0; k < count; ++k) {
      const std::string_view text(s.input_text.data() + offsets[k], offsets[k + 1] - offsets[k]);
      const php_parse_result r = parse_php_date(text, p->pattern(), options);
      if (r.ok()) {
        s.output_numbers[k] = to_ms(*r.epoch_us);
        continue;
      }
      s.output_numbers[k] = kNaN;
      if (failures++ == 0) {
        const auto& e = r.errors.front();
        fail(time_status::parse_failed, e.code, e.message, {{"position", e.position}, {"index", k}});
      }
    }
    return failures;
  } catch (...) {
    return fail(time_status::internal, internal_code, "parsing failed");
  }
}

std::string time_last_error() { return state().last_error; }

std::string time_check_format(const std::string& request) {
  return answer(request, [](const json& r) -> json {
    const std::string pattern = string_field(r, "pattern");
    php_format_use use = php_format_use::write_and_read;
    if (r.contains("use")) {
      const std::string u = string_field(r, "use");
      if (u == "write") use = php_format_use::write;
      else if (u == "read") use = php_format_use::read;
      else if (u != "write_and_read")
        return error_json(invalid_argument_code, "use must be write, read or write_and_read",
                          {{"field", "use"}});
    }
    return check_json(check_php_format(pattern, use));
  });
}

std::string time_filter_window(const std::string& request) {
  return answer(request, [](const json& r) -> json {
    const zone_handle& z = zone_field(r, "zone");
    const std::string format = string_field(r, "format");
    const double amount = number_field(r, "amount");
    const std::string unit_name = string_field(r, "unit");
    const double now_ms = number_field(r, "now");
    const auto unit = parse_window_unit(unit_name);
    if (!unit)
      return error_json("invalid_unit",
                        "unit must be one of seconds, minutes, hours, days, weeks, months, years",
                        {{"field", "unit"}});
    if (!(amount >= 0) || amount != std::floor(amount) || amount > 1e12)
      return error_json("invalid_amount", "amount must be a whole number from 0",
                        {{"field", "amount"}});
    std::int64_t now_us;
    if (!to_us(now_ms, &now_us))
      return error_json("out_of_range", "now is not a supported time", {{"field", "now"}});
    const auto window = last_window(*z.table, now_us, static_cast<std::int64_t>(amount), *unit);
    if (!window)
      return error_json("out_of_range", "The window starts before the year -9999",
                        {{"field", "amount"}});
    const php_formatter f(format);
    return {{"from", to_ms(window->from_us)},
            {"to", to_ms(window->to_us)},
            {"fromText", f.format(to_zoned(*z.table, window->from_us), z.name)},
            {"toText", f.format(to_zoned(*z.table, window->to_us), z.name)},
            {"zone", canonical_of(z)}};
  });
}

std::string time_preview(const std::string& request) {
  return answer(request, [](const json& r) -> json {
    const zone_handle& z = zone_field(r, "zone");
    const std::string format = string_field(r, "format");
    const double now_ms = number_field(r, "now");
    std::int64_t now_us;
    if (!to_us(now_ms, &now_us))
      return error_json("out_of_range", "now is not a supported time", {{"field", "now"}});
    const zoned_time t = to_zoned(*z.table, now_us);
    return {{"text", php_formatter(format).format(t, z.name)},
            {"zone", z.name},
            {"canonicalZone", canonical_of(z)},
            {"offset", t.offset.seconds},
            {"offsetText", offset_text(t.offset.seconds)},
            {"abbreviation", std::string(t.offset.abbreviation)},
            {"dst", t.offset.dst},
            {"check", check_json(check_php_format(format))}};
  });
}

}  // namespace api
}  // namespace core
