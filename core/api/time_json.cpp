// The picker's zone list as text and the JSON endpoints of the time domain (time_api.h):
// format check (by default the instance verdict, values/time_rules.h), filter window,
// preview, with the reading of their requests.
#include <cmath>
#include <cstring>

#include "core/api/time_api.h"
#include "core/api/time_state.h"
#include "core/common/boundary.h"
#include "core/common/json_object.h"
#include "core/common/json_parse.h"
#include "core/time/filter_window.h"
#include "core/time/php_format.h"
#include "core/time/php_formatter.h"
#include "core/time/zone_list.h"
#include "core/values/time_rules.h"

namespace core::api {

using nlohmann::json;
using namespace core::api::time_entry;
using namespace core::time;

namespace {

json check_json(const php_format_check& c) {
  json out = object_of("ok", c.ok(), "warnings", json::array());
  if (c.error)
    out["error"] = object_of({{"code", c.error->code}, {"message", c.error->message},
                              {"position", c.error->position}});
  for (const auto& w : c.warnings)
    out["warnings"].push_back(object_of({{"code", w.code}, {"message", w.message}, {"lost", w.lost}}));
  return out;
}

// The instance verdict (values::check_date_format) in the same shape; a warning about a
// character has its position.
json check_json(const values::date_format_check& c) {
  json out = object_of("ok", !c.error, "warnings", json::array());
  if (c.error)
    out["error"] = object_of({{"code", c.error->code}, {"message", c.error->message},
                              {"position", c.error->position}});
  for (const auto& w : c.warnings) {
    json warning = object_of({{"code", w.code}, {"message", w.message}, {"lost", w.lost}});
    if (w.code == "unreadable_character") warning["position"] = w.position;
    out["warnings"].push_back(std::move(warning));
  }
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
    throw request_error{failure_json(time_failure::field_not_string, name)};
  return v.get<std::string>();
}

double number_field(const json& request, const char* name) {
  const json& v = field(request, name);
  if (!v.is_number())
    throw request_error{failure_json(time_failure::field_not_number, name)};
  return v.get<double>();
}

// A format to write with: a string of at most max_php_format_length characters.
std::string format_field(const json& request, const char* name) {
  std::string format = string_field(request, name);
  if (auto issue = format_length_failure(format, name)) throw request_error{std::move(*issue)};
  return format;
}

const zone_handle& zone_field(const json& request, const char* name) {
  const std::string zone = string_field(request, name);
  const zone_handle* z = zone_of(time_open_zone(zone));
  if (!z) throw request_error{unknown_time_zone(zone, name)};
  return *z;
}

template <class Fn>
std::string answer(const std::string& request, Fn&& fn) {
  return guarded_json([&]() -> json {
    try {
      return fn(parse_json(request));
    } catch (const request_error& e) {
      return e.error;
    }
  });
}

}  // namespace

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
    return fail(time_failure::zone_list_failed);
  }
}

std::string time_check_format(const std::string& request) {
  return answer(request, [](const json& r) -> json {
    const std::string pattern = string_field(r, "pattern");
    const std::string u = r.contains("use") ? string_field(r, "use") : "instance";
    if (u == "instance") return check_json(values::check_date_format(pattern));
    php_format_use use = php_format_use::write_and_read;
    if (u == "write") use = php_format_use::write;
    else if (u == "read") use = php_format_use::read;
    else if (u != "write_and_read")
      return failure_json(time_failure::invalid_use);
    return check_json(check_php_format(pattern, use));
  });
}

std::string time_filter_window(const std::string& request) {
  return answer(request, [](const json& r) -> json {
    const zone_handle& z = zone_field(r, "zone");
    const std::string format = format_field(r, "format");
    const double amount = number_field(r, "amount");
    const std::string unit_name = string_field(r, "unit");
    const double now_ms = number_field(r, "now");
    const auto unit = parse_window_unit(unit_name);
    if (!unit) return failure_json(time_failure::invalid_unit);
    if (!(amount >= 0) || amount != std::floor(amount) || amount > 1e12)
      return failure_json(time_failure::invalid_amount);
    std::int64_t now_us;
    if (!to_us(now_ms, &now_us))
      return failure_json(time_failure::now_out_of_range);
    const auto window = last_window(*z.table, now_us, static_cast<std::int64_t>(amount), *unit);
    if (!window) return failure_json(time_failure::window_before_years);
    const php_formatter f(format);
    return object_of({{"from", to_ms(window->from_us)},
                      {"to", to_ms(window->to_us)},
                      {"fromText", f.format(to_zoned(*z.table, window->from_us), z.name)},
                      {"toText", f.format(to_zoned(*z.table, window->to_us), z.name)},
                      {"zone", canonical_of(z)}});
  });
}

std::string time_preview(const std::string& request) {
  return answer(request, [](const json& r) -> json {
    const zone_handle& z = zone_field(r, "zone");
    const std::string format = format_field(r, "format");
    const double now_ms = number_field(r, "now");
    std::int64_t now_us;
    if (!to_us(now_ms, &now_us))
      return failure_json(time_failure::now_out_of_range);
    const zoned_time t = to_zoned(*z.table, now_us);
    return object_of({{"text", php_formatter(format).format(t, z.name)},
                      {"zone", z.name},
                      {"canonicalZone", canonical_of(z)},
                      {"offset", t.offset.seconds},
                      {"offsetText", offset_text(t.offset.seconds)},
                      {"abbreviation", std::string(t.offset.abbreviation)},
                      {"dst", t.offset.dst},
                      {"check", check_json(values::check_date_format(format))}});
  });
}

}  // namespace core::api
