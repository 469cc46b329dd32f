#pragma once
// Instants <-> wall-clock times in a zone, with TC39 Temporal's disambiguation for wall
// times that a zone skips (gaps) or repeats (folds).
//
// Instants are microseconds since 1970-01-01T00:00:00Z; JS hosts pass milliseconds.
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/time/calendar.h"
#include "core/time/zone_table.h"

namespace core {
namespace time {

struct WallTime {
  int year = 1970;
  int month = 1;   // 1-12
  int day = 1;     // 1-31
  int hour = 0;    // 0-23
  int minute = 0;  // 0-59
  int second = 0;  // 0-59
  int microsecond = 0;
};

// An instant with its wall-clock time and offset in a zone.
struct ZonedTime {
  std::int64_t epoch_us = 0;
  std::int64_t seconds = 0;  // floor(epoch_us / 1e6)
  WallTime wall;
  ZoneOffset offset;
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
enum class Disambiguation { compatible, earlier, later, reject, php };

std::optional<Disambiguation> parse_disambiguation(std::string_view name);

// Whether an instant lies in the supported years (min_year..max_year).
constexpr bool in_range(std::int64_t epoch_us) {
  return epoch_us >= min_seconds * us_per_second && epoch_us < end_seconds * us_per_second;
}

// The wall-clock time of an in-range instant.
ZonedTime to_zoned(const ZoneTable& zone, std::int64_t epoch_us);
// The same from whole seconds and the microseconds within them (0-999999): no 64-bit
// division, the hot path of formatting.
ZonedTime to_zoned(const ZoneTable& zone, std::int64_t seconds, std::int32_t microsecond);

// The wall-clock fields of local microseconds, and back. wall_to_local accepts fields out
// of their range and carries them over like PHP's mktime (month 13 -> January next year,
// February 30 -> March 1 or 2, hour 24 -> next day).
WallTime local_to_wall(std::int64_t local_us);
std::int64_t wall_to_local(const WallTime& wall);

// The field of `wall` that is out of range (nullptr when every field is valid) and the
// reason: "month", "day", ...; the day is checked against the month's length.
const char* invalid_wall_field(const WallTime& wall);

struct Resolution {
  std::optional<std::int64_t> epoch_us;  // empty only for Disambiguation::reject
  LocalLookup::Kind kind = LocalLookup::unique;
};

// The instant of a wall-clock time (local microseconds) in a zone.
Resolution resolve_local(const ZoneTable& zone, std::int64_t local_us,
                         Disambiguation disambiguation);

}  // namespace time
}  // namespace core
