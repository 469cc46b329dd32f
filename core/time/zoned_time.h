#pragma once
// Instants <-> wall-clock times in a zone, with TC39 Temporal's disambiguation for wall
// times that a zone skips (gaps) or repeats (folds).
//
// Instants are microseconds since 1970-01-01T00:00:00Z; JS hosts pass milliseconds.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "core/time/calendar.h"
#include "core/time/zone_table.h"

namespace core {
namespace time {

struct wall_time {
  int year = 1970;
  int month = 1;   // 1-12
  int day = 1;     // 1-31
  int hour = 0;    // 0-23
  int minute = 0;  // 0-59
  int second = 0;  // 0-59
  int microsecond = 0;
};
constexpr bool operator==(const wall_time& a, const wall_time& b) {
  return a.year == b.year && a.month == b.month && a.day == b.day && a.hour == b.hour &&
         a.minute == b.minute && a.second == b.second && a.microsecond == b.microsecond;
}
constexpr bool operator!=(const wall_time& a, const wall_time& b) { return !(a == b); }

// An instant with its wall-clock time and offset in a zone.
struct zoned_time {
  std::int64_t epoch_us = 0;
  std::int64_t seconds = 0;  // floor(epoch_us / 1e6)
  wall_time wall;
  zone_offset offset;
  std::int64_t days = 0;  // wall-clock days since 1970-01-01 (weekday, ISO week)
};

// Temporal's `disambiguation` option of ZonedDateTime.from / PlainDateTime.toZonedDateTime:
//  compatible  fold: the earlier instant; gap: the wall time moved forward by the gap
//  earlier     fold: the earlier instant; gap: the wall time moved back by the gap
//  later       fold: the later instant;   gap: like compatible
//  reject      no answer for folds and gaps
// and PHP's own rule (timelib), for reading dates exactly as PHP 8.2 does:
//  php         gap: like compatible; fold: the earlier instant in zones west of UTC, the
//              later one east of it (PHP reads the wall time as UTC first)
enum class disambiguation_policy { compatible, earlier, later, reject, php };

// Every value, in the order of their numbers (the codes hosts pass: 0 compatible, 1 earlier,
// ...), and their names ("compatible", ...).
inline constexpr disambiguation_policy disambiguations[] = {
    disambiguation_policy::compatible, disambiguation_policy::earlier, disambiguation_policy::later,
    disambiguation_policy::reject, disambiguation_policy::php};
constexpr bool disambiguations_in_order() {
  for (std::size_t i = 0; i < sizeof disambiguations / sizeof disambiguations[0]; ++i)
    if (static_cast<std::size_t>(disambiguations[i]) != i) return false;
  return true;
}
static_assert(disambiguations_in_order(), "a disambiguation's code is its index");
std::string_view disambiguation_name(disambiguation_policy d);

std::optional<disambiguation_policy> parse_disambiguation(std::string_view name);

// Whether an instant lies in the supported years (min_year..max_year).
constexpr bool in_range(std::int64_t epoch_us) {
  return epoch_us >= min_seconds * us_per_second && epoch_us < end_seconds * us_per_second;
}

// An instant split the way formatting needs it: the UTC day, the second within it and the
// microsecond within that. 32-bit parts: the hot path then needs no 64-bit <-> double
// conversion or division, both slow in wasm.
struct epoch_parts {
  std::int32_t days = 0;           // since 1970-01-01
  std::int32_t second_of_day = 0;  // 0-86399
  std::int32_t microsecond = 0;    // 0-999999
  constexpr std::int64_t seconds() const {
    return std::int64_t{days} * seconds_per_day + second_of_day;
  }
};

// An integral double of magnitude below 2^31 as an int32, exactly: adding 1.5 * 2^52 puts
// the integer in the low bits of the mantissa. Why not a cast: wasm's float->int
// conversions check for overflow, and V8 compiles that check into a round, two
// conversions and a compare on the critical path (~20 cycles); this is an add and a move.
inline std::int32_t integral_to_int32(double integral) {
  const double shifted = integral + 6755399441055744.0;  // 1.5 * 2^52
  std::uint64_t bits;
  std::memcpy(&bits, &shifted, sizeof bits);
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(bits));
}

// Epoch milliseconds as JS hosts pass them (a double, possibly with a fraction, which is
// rounded to the microsecond) -> parts; false when not finite or outside the supported
// years. Double arithmetic, exact here: every value involved is below 2^53 and the day is
// found by a multiplication and one correction step.
inline bool split_epoch_ms(double ms, epoch_parts* parts) {
  constexpr double ms_per_day = 86400000.0;
  if (!(ms >= static_cast<double>(min_seconds) * 1000.0 &&
        ms < static_cast<double>(end_seconds) * 1000.0))
    return false;  // also NaN
  double day = std::floor(ms * (1.0 / ms_per_day));
  double rest = ms - day * ms_per_day;
  if (rest < 0) {
    day -= 1;
    rest += ms_per_day;
  } else if (rest >= ms_per_day) {
    day += 1;
    rest -= ms_per_day;
  }
  const double whole = std::floor(rest);
  int fraction = integral_to_int32(std::floor((rest - whole) * 1000.0 + 0.5));
  if (fraction > 999) fraction = 999;
  const std::int32_t whole_ms = integral_to_int32(whole);
  const auto second = static_cast<std::int32_t>(
      divide_by<1000, 86399999>::of(static_cast<std::uint32_t>(whole_ms)));
  parts->days = integral_to_int32(day);
  parts->second_of_day = second;
  parts->microsecond = (whole_ms - second * 1000) * 1000 + fraction;
  return true;
}

// The wall-clock time of an in-range instant.
zoned_time to_zoned(const zone_table& zone, std::int64_t epoch_us);
// The same from its parts. Inline: the hot path of formatting; a call that returns the
// fields through memory costs more in wasm than computing them (measured: 31 ns against
// ~10 for the computation).
CORE_ALWAYS_INLINE zoned_time to_zoned(const zone_table& zone, const epoch_parts& t) {
  zoned_time z;
  z.seconds = t.seconds();
  z.epoch_us = z.seconds * us_per_second + t.microsecond;
  z.offset = zone.offset_at(z.seconds);
  // the wall clock's day and second: at most one day away (offsets stay within 16 hours)
  std::int32_t second = t.second_of_day + z.offset.seconds;
  std::int32_t days = t.days;
  if (second < 0) {
    second += seconds_per_day;
    --days;
  } else if (second >= seconds_per_day) {
    second -= seconds_per_day;
    ++days;
  }
  z.days = days;
  const civil_date d = civil_from_days(days);
  z.wall.year = d.year;
  z.wall.month = d.month;
  z.wall.day = d.day;
  const time_of_day tod = to_time_of_day(second);
  z.wall.hour = tod.hour;
  z.wall.minute = tod.minute;
  z.wall.second = tod.second;
  z.wall.microsecond = t.microsecond;
  return z;
}

// The same from whole seconds and the microseconds within them (0-999999).
inline zoned_time to_zoned(const zone_table& zone, std::int64_t seconds, std::int32_t microsecond) {
  epoch_parts t;
  const std::int64_t days = days_of_seconds(seconds);
  t.days = static_cast<std::int32_t>(days);
  t.second_of_day = static_cast<std::int32_t>(seconds - days * seconds_per_day);
  t.microsecond = microsecond;
  return to_zoned(zone, t);
}

// The wall-clock fields of local microseconds, and back. wall_to_local accepts fields out
// of their range and carries them over like PHP's mktime (month 13 -> January next year,
// February 30 -> March 1 or 2, hour 24 -> next day).
wall_time local_to_wall(std::int64_t local_us);
std::int64_t wall_to_local(const wall_time& wall);

// The field of `wall` that is out of range (nullptr when every field is valid) and the
// reason: "month", "day", ...; the day is checked against the month's length.
const char* invalid_wall_field(const wall_time& wall);

struct resolution {
  std::optional<std::int64_t> epoch_us;  // empty only for disambiguation_policy::reject
  local_kind kind = local_kind::unique;
};

// The instant of a wall-clock time (local microseconds) in a zone.
resolution resolve_local(const zone_table& zone, std::int64_t local_us,
                         disambiguation_policy disambiguation);

// What PHP knows of a date read from a text when it turns the wall time into an instant in
// a zone identifier (timelib's have_zone and dst): a zone, offset or timestamp read from the
// text makes PHP look around a DST change before choosing the offset.
enum class php_text_dst : std::int8_t { unknown, standard, daylight };
struct php_zone_context {
  bool zone_in_text = false;            // a zone, offset or `U` was read
  php_text_dst dst = php_text_dst::unknown;
};

// disambiguation_policy::php with that context (timelib's do_adjust_timezone): the epoch
// microseconds of a wall time.
std::int64_t php_local_to_epoch(const zone_table& zone, std::int64_t local_us,
                                const php_zone_context& context);

}  // namespace time
}  // namespace core
