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

// Reads the fields of one request. The first field that cannot be read makes the answer
// (failure()); a read after it returns a placeholder and records nothing.
class request_reader {
 public:
  explicit request_reader(const json& request) : request_(request) {}

  const std::optional<json>& failure() const { return failure_; }
  bool has(const char* name) const { return request_.contains(name); }

  std::string string(const char* name) {
    const json& v = field(name);
    if (v.is_string()) return v.get<std::string>();
    fail(failure_json(time_failure::field_not_string, name));
    return {};
  }

  double number(const char* name) {
    const json& v = field(name);
    if (v.is_number()) return v.get<double>();
    fail(failure_json(time_failure::field_not_number, name));
    return 0;
  }

  // A format to write with: a string of at most max_php_format_length characters.
  std::string format(const char* name) {
    std::string format = string(name);
    if (failure_) return {};
    if (auto issue = format_length_failure(format, name)) fail(std::move(*issue));
    return format;
  }

  // nullptr after a failure
  const zone_handle* zone(const char* name) {
    const std::string zone = string(name);
    if (failure_) return nullptr;
    const zone_handle* z = zone_of(time_open_zone(zone));
    if (!z) fail(unknown_time_zone(zone, name));
    return z;
  }

 private:
  const json& field(const char* name) const {
    static const json missing;
    auto it = request_.find(name);
    return it == request_.end() ? missing : *it;
  }
  void fail(json error) {
    if (!failure_) failure_ = std::move(error);
  }

  const json& request_;
  std::optional<json> failure_;
};

template <class Fn>
std::string answer(const std::string& request, Fn&& fn) {
  auto parsed = parse_json(request);
  if (!parsed.ok()) return json_text(invalid_json_error(parsed.error()));
  request_reader in(parsed.value());
  json out = fn(in);
  return json_text(in.failure() ? *in.failure() : out);
}

}  // namespace

int time_zone_list_text(double now_ms) {
  std::int64_t us;
  if (!to_us(now_ms, &us)) return out_of_range(now_ms);
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
}

std::string time_check_format(const std::string& request) {
  return answer(request, [](request_reader& in) -> json {
    const std::string pattern = in.string("pattern");
    const std::string u = in.has("use") ? in.string("use") : "instance";
    if (in.failure()) return {};
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
  return answer(request, [](request_reader& in) -> json {
    const zone_handle* zone = in.zone("zone");
    const std::string format = in.format("format");
    const double amount = in.number("amount");
    const std::string unit_name = in.string("unit");
    const double now_ms = in.number("now");
    if (in.failure()) return {};
    const zone_handle& z = *zone;
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
  return answer(request, [](request_reader& in) -> json {
    const zone_handle* zone = in.zone("zone");
    const std::string format = in.format("format");
    const double now_ms = in.number("now");
    if (in.failure()) return {};
    const zone_handle& z = *zone;
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
