#include "core/time/filter_window.h"

#include <algorithm>

#include "core/time/zoned_time.h"

namespace core {
namespace time {

std::optional<WindowUnit> parse_window_unit(std::string_view name) {
  if (name.size() > 1 && name.back() == 's') name.remove_suffix(1);
  if (name == "second") return WindowUnit::second;
  if (name == "minute") return WindowUnit::minute;
  if (name == "hour") return WindowUnit::hour;
  if (name == "day") return WindowUnit::day;
  if (name == "week") return WindowUnit::week;
  if (name == "month") return WindowUnit::month;
  if (name == "year") return WindowUnit::year;
  return std::nullopt;
}

std::optional<FilterWindow> last_window(const ZoneTable& zone, std::int64_t now_us,
                                        std::int64_t amount, WindowUnit unit) {
  // 20000 years in any unit bounds every product below far from overflow
  constexpr std::int64_t kMaxAmount = std::int64_t{20000} * 366 * 86400;
  if (amount < 0 || amount > kMaxAmount || !in_range(now_us)) return std::nullopt;
  std::int64_t from;
  switch (unit) {
    case WindowUnit::second:
    case WindowUnit::minute:
    case WindowUnit::hour: {
      const std::int64_t unit_s = unit == WindowUnit::second ? 1 : unit == WindowUnit::minute ? 60 : 3600;
      from = now_us - amount * unit_s * us_per_second;
      break;
    }
    default: {
      if (amount > 20000 * 366) return std::nullopt;
      const ZonedTime now = to_zoned(zone, now_us);
      WallTime w = now.wall;
      if (unit == WindowUnit::day || unit == WindowUnit::week) {
        const std::int64_t days = amount * (unit == WindowUnit::week ? 7 : 1);
        const CivilDate d = civil_from_days(now.days - days);
        w.year = d.year;
        w.month = d.month;
        w.day = d.day;
      } else {
        const std::int64_t months = amount * (unit == WindowUnit::year ? 12 : 1);
        const std::int64_t index = std::int64_t{w.year} * 12 + (w.month - 1) - months;
        const std::int64_t year = floor_div(index, 12);
        if (year < min_year) return std::nullopt;
        w.year = static_cast<int>(year);
        w.month = static_cast<int>(index - year * 12) + 1;
        w.day = std::min(w.day, days_in_month(w.year, w.month));
      }
      if (w.year < min_year) return std::nullopt;
      const Resolution r = resolve_local(zone, wall_to_local(w), Disambiguation::compatible);
      from = *r.epoch_us;
    }
  }
  if (!in_range(from)) return std::nullopt;
  return FilterWindow{from, now_us};
}

}  // namespace time
}  // namespace core
