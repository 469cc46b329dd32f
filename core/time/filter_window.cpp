#include "core/time/filter_window.h"

#include <algorithm>
#include <utility>

#include "core/time/zoned_time.h"

namespace core {
namespace time {

std::optional<window_unit> parse_window_unit(std::string_view name) {
  // "m" is not among the short forms: it would be a minute to some readers, a month to others
  static constexpr std::pair<std::string_view, window_unit> short_forms[] = {
      {"s", window_unit::second}, {"min", window_unit::minute}, {"h", window_unit::hour},
      {"d", window_unit::day},    {"w", window_unit::week},     {"mo", window_unit::month},
      {"y", window_unit::year}};
  for (const auto& [text, unit] : short_forms) {
    if (name == text) return unit;
  }
  if (name.size() > 1 && name.back() == 's') name.remove_suffix(1);
  if (name == "second") return window_unit::second;
  if (name == "minute") return window_unit::minute;
  if (name == "hour") return window_unit::hour;
  if (name == "day") return window_unit::day;
  if (name == "week") return window_unit::week;
  if (name == "month") return window_unit::month;
  if (name == "year") return window_unit::year;
  return std::nullopt;
}

std::optional<filter_window> last_window(const zone_table& zone, std::int64_t now_us,
                                        std::int64_t amount, window_unit unit) {
  // 20000 years in any unit bounds every product below far from overflow
  constexpr std::int64_t kMaxAmount = std::int64_t{20000} * 366 * 86400;
  if (amount < 0 || amount > kMaxAmount || !in_range(now_us)) return std::nullopt;
  std::int64_t from;
  switch (unit) {
    case window_unit::second:
    case window_unit::minute:
    case window_unit::hour: {
      const std::int64_t unit_s = unit == window_unit::second ? 1 : unit == window_unit::minute ? 60 : 3600;
      from = now_us - amount * unit_s * us_per_second;
      break;
    }
    default: {
      if (amount > 20000 * 366) return std::nullopt;
      const zoned_time now = to_zoned(zone, now_us);
      wall_time w = now.wall;
      if (unit == window_unit::day || unit == window_unit::week) {
        const std::int64_t days = amount * (unit == window_unit::week ? 7 : 1);
        const civil_date d = civil_from_days(now.days - days);
        w.year = d.year;
        w.month = d.month;
        w.day = d.day;
      } else {
        const std::int64_t months = amount * (unit == window_unit::year ? 12 : 1);
        const std::int64_t index = std::int64_t{w.year} * 12 + (w.month - 1) - months;
        const std::int64_t year = floor_div(index, 12);
        if (year < min_year) return std::nullopt;
        w.year = static_cast<int>(year);
        w.month = static_cast<int>(index - year * 12) + 1;
        w.day = std::min(w.day, days_in_month(w.year, w.month));
      }
      if (w.year < min_year) return std::nullopt;
      const resolution r = resolve_local(zone, wall_to_local(w), disambiguation_policy::compatible);
      from = *r.epoch_us;
    }
  }
  if (!in_range(from)) return std::nullopt;
  return filter_window{from, now_us};
}

}  // namespace time
}  // namespace core
