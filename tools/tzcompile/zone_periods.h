#pragma once
// A zone's periods as date's public API reports them (time_zone::get_info), merged where
// date splits a period without changing the clock (a rule that changes only what it
// would save, or a new zone line with the same offset and name). This is what the compiled
// tables must reproduce: the compiler walks it, the tests compare against it.
#include <date/tz.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tzcompile {

struct zone_period {
  std::int64_t begin;  // first UTC second (INT64_MIN for the first period)
  std::int32_t offset;
  bool dst;
  std::string abbreviation;

  bool same_clock(const zone_period& o) const {
    return offset == o.offset && dst == o.dst && abbreviation == o.abbreviation;
  }
};

// Seconds before any zone's first entry (year -10000): where walking starts.
constexpr std::int64_t before_everything = -377705116800;

// Every period that begins before `until` (UTC seconds), from the beginning of time.
std::vector<zone_period> zone_periods(const date::time_zone& zone, std::int64_t until);

// The period date reports for one instant (not merged: its begin may be a split point).
zone_period period_at(const date::time_zone& zone, std::int64_t utc_seconds);

}  // namespace tzcompile
