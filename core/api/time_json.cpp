// The picker's zone list as text and the JSON endpoints of the time domain (time_api.h):
// format check (by default the instance verdict, values/time_rules.h), filter window,
// preview, with the reading of their requests.
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/api/time_api.h"
#include "core/api/time_state.h"
#include "core/common/boundary.h"
#include "core/common/json_document.h"
#include "core/common/json_parse.h"
#include "core/common/json_writer.h"
#include "core/time/filter_window.h"
#include "core/time/php_format.h"
#include "core/time/php_formatter.h"
#include "core/time/zone_list.h"
#include "core/values/time_rules.h"

namespace core::api {

using namespace core::api::time_entry;
using namespace core::time;

namespace {

// A format check as {error?: {code, message, position}, ok, warnings: [{code, lost, message,
// position?}]}, members in key order: its error when it has one, then each warning.
void write_check_start(json_writer& w, const std::string* code, const std::string* message, std::size_t position) {
  w.begin_object();
  if (code) {
    w.plain_key("error").begin_object().string_member("code", *code).string_member("message", *message);
    w.unsigned_member("position", position).end_object();
  }
  w.boolean_member("ok", !code).plain_key("warnings").begin_array();
}

void write_warning(json_writer& w, const std::string& code, const std::vector<std::string>& lost,
                   const std::string& message, const std::size_t* position) {
  w.begin_object().string_member("code", code).plain_key("lost").begin_array();
  for (const auto& field : lost) w.string(field);
  w.end_array().string_member("message", message);
  if (position) w.unsigned_member("position", *position);
  w.end_object();
}

void write_check(json_writer& w, const php_format_check& c) {
  write_check_start(w, c.error ? &c.error->code : nullptr, c.error ? &c.error->message : nullptr,
                    c.error ? c.error->position : 0);
  for (const auto& warning : c.warnings) write_warning(w, warning.code, warning.lost, warning.message, nullptr);
  w.end_array().end_object();
}

// The instance verdict (values::check_date_format) in the same shape; a warning about a
// character has its position.
void write_check(json_writer& w, const values::date_format_check& c) {
  write_check_start(w, c.error ? &c.error->code : nullptr, c.error ? &c.error->message : nullptr,
                    c.error ? c.error->position : 0);
  for (const auto& warning : c.warnings) {
    write_warning(w, warning.code, warning.lost, warning.message,
                  warning.code == "unreadable_character" ? &warning.position : nullptr);
  }
  w.end_array().end_object();
}

// Reads the fields of one request. The first field that cannot be read makes the answer
// (failure()); a read after it returns a placeholder and records nothing.
class request_reader {
 public:
  explicit request_reader(json_view request) : request_(request) {}

  const std::optional<std::string>& failure() const { return failure_; }
  bool has(const char* name) const { return request_.member(name).present(); }

  std::string string(const char* name) {
    const json_view v = request_.member(name);
    if (v.is_string()) return std::string(v.get<std::string_view>());
    fail(failure_text(time_failure::field_not_string, name));
    return {};
  }

  double number(const char* name) {
    const json_view v = request_.member(name);
    if (v.is_number()) return v.get<double>();
    fail(failure_text(time_failure::field_not_number, name));
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

  // A failure of the request found after its fields were read.
  void fail(std::string error) {
    if (!failure_) failure_ = std::move(error);
  }

 private:
  json_view request_;
  std::optional<std::string> failure_;
};

// fn(in, out) writes the answer to the request into `out`, or records in `in` why it cannot.
template <class Fn>
std::string answer(const std::string& request, Fn&& fn) {
  json_read_report report;
  const auto document = json_document::read(request, report);
  if (!document) return invalid_json_text({report.position, report.reason});
  request_reader in(document->root());
  std::string out;
  json_writer w(out);
  fn(in, w);
  return in.failure() ? *in.failure() : out;
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
  return answer(request, [](request_reader& in, json_writer& out) {
    const std::string pattern = in.string("pattern");
    const std::string u = in.has("use") ? in.string("use") : "instance";
    if (in.failure()) return;
    if (u == "instance") return write_check(out, values::check_date_format(pattern));
    php_format_use use = php_format_use::write_and_read;
    if (u == "write") use = php_format_use::write;
    else if (u == "read") use = php_format_use::read;
    else if (u != "write_and_read")
      return in.fail(failure_text(time_failure::invalid_use));
    write_check(out, check_php_format(pattern, use));
  });
}

std::string time_filter_window(const std::string& request) {
  return answer(request, [](request_reader& in, json_writer& out) {
    const zone_handle* zone = in.zone("zone");
    const std::string format = in.format("format");
    const double amount = in.number("amount");
    const std::string unit_name = in.string("unit");
    const double now_ms = in.number("now");
    if (in.failure()) return;
    const zone_handle& z = *zone;
    const auto unit = parse_window_unit(unit_name);
    if (!unit) return in.fail(failure_text(time_failure::invalid_unit));
    if (!(amount >= 0) || amount != std::floor(amount) || amount > 1e12)
      return in.fail(failure_text(time_failure::invalid_amount));
    std::int64_t now_us;
    if (!to_us(now_ms, &now_us)) return in.fail(failure_text(time_failure::now_out_of_range));
    const auto window = last_window(*z.table, now_us, static_cast<std::int64_t>(amount), *unit);
    if (!window) return in.fail(failure_text(time_failure::window_before_years));
    const php_formatter f(format);
    out.begin_object();
    out.real_member("from", to_ms(window->from_us));
    out.string_member("fromText", f.format(to_zoned(*z.table, window->from_us), z.name));
    out.real_member("to", to_ms(window->to_us));
    out.string_member("toText", f.format(to_zoned(*z.table, window->to_us), z.name));
    out.string_member("zone", canonical_of(z));
    out.end_object();
  });
}

std::string time_preview(const std::string& request) {
  return answer(request, [](request_reader& in, json_writer& out) {
    const zone_handle* zone = in.zone("zone");
    const std::string format = in.format("format");
    const double now_ms = in.number("now");
    if (in.failure()) return;
    const zone_handle& z = *zone;
    std::int64_t now_us;
    if (!to_us(now_ms, &now_us)) return in.fail(failure_text(time_failure::now_out_of_range));
    const zoned_time t = to_zoned(*z.table, now_us);
    out.begin_object();
    out.string_member("abbreviation", t.offset.abbreviation);
    out.string_member("canonicalZone", canonical_of(z));
    out.plain_key("check");
    write_check(out, values::check_date_format(format));
    out.boolean_member("dst", t.offset.dst);
    out.integer_member("offset", t.offset.seconds);
    out.string_member("offsetText", offset_text(t.offset.seconds));
    out.string_member("text", php_formatter(format).format(t, z.name));
    out.string_member("zone", z.name);
    out.end_object();
  });
}

}  // namespace core::api
