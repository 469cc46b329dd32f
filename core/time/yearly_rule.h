#pragma once
// One yearly transition of a zone's final rules: "in every year Y, at day(Y) * 86400 +
// seconds (UTC), the zone switches to type `type`", where day(Y) is one of the four forms of
// a tzdata rule's ON field. The build-time compiler (tools/tzcompile) infers these from
// date's answers for 2100-2500 and checks every year of that 400-year cycle; the run time
// (zone_table) evaluates them with exactly this code, so what was checked is what runs.
//
// `seconds` folds the rule's AT time, its s/u/w suffix and the offsets in effect into one
// constant: it may be negative or above 86400 (a rule at 00:00 local in UTC+14 fires the
// UTC day before).
#include <cstdint>

#include "core/time/calendar.h"

namespace core {
namespace time {

// How a rule names its day in a month.
enum class day_form : std::uint8_t {
  fixed,         // `day` of `month`                  (ON field "5")
  last_weekday,  // last `weekday` of `month`         ("lastSun")
  on_or_after,   // first `weekday` on or after `day` ("Sun>=8")
  on_or_before,  // last `weekday` on or before `day` ("Fri<=1")
};

struct yearly_rule {
  std::uint8_t month;    // 1-12
  std::uint8_t day;      // 1-31 (unused for last_weekday)
  std::uint8_t weekday;  // 0 = Sunday (unused for fixed)
  day_form form;
  std::int32_t seconds;  // UTC instant = day(Y) * 86400 + seconds
  std::uint16_t type;    // the zone's type from this transition on

  // Days since 1970-01-01 of the rule's day in `year`. Days past the month's end roll into
  // the next month, as zic does for e.g. "Sun>=29" in February.
  std::int64_t day_in(int year) const {
    switch (form) {
      case day_form::last_weekday: {
        const std::int64_t last = days_from_civil(year, month, days_in_month(year, month));
        return last - (weekday_from_days(last) - weekday + 7) % 7;
      }
      case day_form::on_or_after: {
        const std::int64_t d = days_from_civil(year, month, 1) + day - 1;
        return d + (weekday - weekday_from_days(d) + 7) % 7;
      }
      case day_form::on_or_before: {
        const std::int64_t d = days_from_civil(year, month, 1) + day - 1;
        return d - (weekday_from_days(d) - weekday + 7) % 7;
      }
      case day_form::fixed:
      default:
        return days_from_civil(year, month, 1) + day - 1;
    }
  }

  // The UTC instant (seconds since the epoch) of this transition in `year`.
  std::int64_t instant_in(int year) const { return day_in(year) * seconds_per_day + seconds; }
};

}  // namespace time
}  // namespace core
