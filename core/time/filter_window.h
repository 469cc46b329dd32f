#pragma once
// "Modified in the last N <unit>" -> the window [from, to] ending at `now`.
// Seconds, minutes and hours are exact durations. Days and longer are calendar arithmetic
// on the wall clock of the zone, as Temporal's ZonedDateTime.subtract does: the wall date
// moves back, the wall time stays, a month end is clamped (March 31 - 1 month = February
// 29 or 28), and the result is read back with `compatible` disambiguation (a wall time in
// a DST gap moves forward).
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/time/zone_table.h"

namespace core {
namespace time {

enum class window_unit { second, minute, hour, day, week, month, year };

// "second" or "seconds", ... "year" or "years", or a short form: s, min, h, d, w, mo, y.
std::optional<window_unit> parse_window_unit(std::string_view name);

struct filter_window {
  std::int64_t from_us;
  std::int64_t to_us;
};

// nullopt when `amount` is negative or the window leaves the supported years.
std::optional<filter_window> last_window(const zone_table& zone, std::int64_t now_us,
                                        std::int64_t amount, window_unit unit);

}  // namespace time
}  // namespace core
