#include "core/time/zoned_time.h"

#include <limits>

namespace core {
namespace time {

std::string_view disambiguation_name(disambiguation_policy d) {
  switch (d) {
    case disambiguation_policy::compatible: return "compatible";
    case disambiguation_policy::earlier: return "earlier";
    case disambiguation_policy::later: return "later";
    case disambiguation_policy::reject: return "reject";
    case disambiguation_policy::php: return "php";
  }
  return "compatible";
}

std::optional<disambiguation_policy> parse_disambiguation(std::string_view name) {
  for (disambiguation_policy d : disambiguations) {
    if (name == disambiguation_name(d)) return d;
  }
  return std::nullopt;
}

wall_time local_to_wall(std::int64_t local_us) {
  const std::int64_t secs = floor_div(local_us, us_per_second);
  const std::int64_t days = floor_div(secs, seconds_per_day);
  const int sod = static_cast<int>(secs - days * seconds_per_day);
  const civil_date d = civil_from_days(days);
  wall_time w;
  w.year = d.year;
  w.month = d.month;
  w.day = d.day;
  const time_of_day tod = to_time_of_day(sod);
  w.hour = tod.hour;
  w.minute = tod.minute;
  w.second = tod.second;
  w.microsecond = static_cast<int>(local_us - secs * us_per_second);
  return w;
}

std::int64_t wall_to_local(const wall_time& w) {
  // months first (they change the year), then everything else as a count of days/seconds
  const std::int64_t m0 = static_cast<std::int64_t>(w.month) - 1;
  const std::int64_t year = w.year + floor_div(m0, 12);
  const int month = static_cast<int>(floor_mod(m0, 12)) + 1;
  const std::int64_t days = days_from_civil(static_cast<int>(year), month, 1) + (w.day - 1);
  const std::int64_t secs = days * seconds_per_day + static_cast<std::int64_t>(w.hour) * 3600 +
                            static_cast<std::int64_t>(w.minute) * 60 + w.second;
  return secs * us_per_second + w.microsecond;
}

const char* invalid_wall_field(const wall_time& w) {
  if (w.year < min_year || w.year > max_year) return "year";
  if (w.month < 1 || w.month > 12) return "month";
  if (w.day < 1 || w.day > days_in_month(w.year, w.month)) return "day";
  if (w.hour < 0 || w.hour > 23) return "hour";
  if (w.minute < 0 || w.minute > 59) return "minute";
  if (w.second < 0 || w.second > 59) return "second";
  if (w.microsecond < 0 || w.microsecond > 999999) return "microsecond";
  return nullptr;
}

zoned_time to_zoned(const zone_table& zone, std::int64_t epoch_us) {
  const std::int64_t secs = floor_div(epoch_us, us_per_second);
  return to_zoned(zone, secs, static_cast<std::int32_t>(epoch_us - secs * us_per_second));
}

resolution resolve_local(const zone_table& zone, std::int64_t local_us,
                         disambiguation_policy disambiguation) {
  const std::int64_t secs = floor_div(local_us, us_per_second);
  const std::int64_t frac = local_us - secs * us_per_second;
  resolution r;
  if (disambiguation == disambiguation_policy::php) {
    r.kind = zone.lookup_local(secs).kind;
    r.epoch_us = php_local_to_epoch(zone, local_us, php_zone_context{});
    return r;
  }
  const local_lookup at = zone.lookup_local(secs);
  r.kind = at.kind;
  auto instant = [&](const zone_offset& o) { return (secs - o.seconds) * us_per_second + frac; };
  switch (at.kind) {
    case local_kind::unique:
      r.epoch_us = instant(at.first);
      break;
    case local_kind::repeated:
      if (disambiguation == disambiguation_policy::later)
        r.epoch_us = instant(at.second);
      else if (disambiguation != disambiguation_policy::reject)
        r.epoch_us = instant(at.first);
      break;
    case local_kind::skipped:
      // Temporal: `earlier` shifts the wall time back by the gap (read with the offset
      // after it), `later`/`compatible` forward (read with the offset before it).
      if (disambiguation == disambiguation_policy::earlier)
        r.epoch_us = instant(at.second);
      else if (disambiguation != disambiguation_policy::reject)
        r.epoch_us = instant(at.first);
      break;
  }
  return r;
}

std::int64_t php_local_to_epoch(const zone_table& zone, std::int64_t local_us,
                                const php_zone_context& context) {
  const std::int64_t secs = floor_div(local_us, us_per_second);
  const std::int64_t frac = local_us - secs * us_per_second;
  // timelib's do_adjust_timezone: take the offset at the wall time read as UTC, then the
  // offset at the instant that gives; keep the first unless the second's transition lies
  // between them. With a zone from the text, PHP first looks two hours around a change
  // the two lookups did not see.
  const zone_offset current = zone.offset_at(secs);
  const zone_offset after = zone.offset_at(secs - current.seconds);
  zone_offset actual = after;
  if (current.seconds == after.seconds && context.zone_in_text) {
    if (current.seconds >= 0 && context.dst != php_text_dst::standard && !current.dst) {
      const zone_offset earlier = zone.offset_at(secs - current.seconds - 7200);
      if (earlier.seconds != after.seconds && secs - earlier.seconds < after.begin) actual = earlier;
    } else if (current.seconds <= 0 && current.dst && context.dst == php_text_dst::standard) {
      const zone_offset later = zone.offset_at(secs - current.seconds + 7200);
      if (later.seconds != after.seconds && secs - later.seconds >= later.begin) actual = later;
    }
  }
  const std::int64_t t = secs - actual.seconds;
  const bool in_transition = actual.begin != std::numeric_limits<std::int64_t>::min() &&
                             t >= actual.begin + (current.seconds - actual.seconds) &&
                             t < actual.begin;
  const zone_offset& use = current.seconds != actual.seconds && !in_transition ? actual : current;
  return (secs - use.seconds) * us_per_second + frac;
}

}  // namespace time
}  // namespace core
