#pragma once
// The units a rate limit is expressed in, as fixed durations: a "day" is 86 400 s of the
// scheduler's clock (epoch milliseconds), not a calendar day, so a limit never depends on
// a time zone or a DST change.
#include <optional>
#include <string_view>

namespace core::values {

enum class rate_unit { second, minute, hour, day };

// Every unit, in this order: the one list validation, the wizard, the scheduler and the JS
// facade (through the generated constants.mjs) offer.
inline constexpr rate_unit rate_units[] = {rate_unit::second, rate_unit::minute,
                                           rate_unit::hour, rate_unit::day};

// "second", "minute", "hour", "day".
std::string_view rate_unit_name(rate_unit unit);

// A unit's name -> the unit; anything else -> nullopt.
std::optional<rate_unit> parse_rate_unit(std::string_view name);

// Length of the sliding window of a limit "amount per unit", in milliseconds.
constexpr double window_ms(rate_unit unit) {
  switch (unit) {
    case rate_unit::second: return 1000.0;
    case rate_unit::minute: return 60.0 * 1000.0;
    case rate_unit::hour: return 3600.0 * 1000.0;
    case rate_unit::day: return 86400.0 * 1000.0;
  }
  return 0.0;
}

// The largest amount the instance validation accepts; the scheduler refuses more.
inline constexpr double max_rate_amount = 1'000'000;

}  // namespace core::values
