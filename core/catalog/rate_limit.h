#pragma once
// A rate limit as a connector default or an instance setting: `amount` requests per `unit`.
// The units are the scheduler's too (core/values/rate_unit.h): one definition for both.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/values/rate_unit.h"

namespace core::catalog {

using values::parse_rate_unit;
using values::rate_unit;
using values::rate_units;

inline constexpr std::int64_t min_rate_amount = 1;
inline constexpr std::int64_t max_rate_amount =
    static_cast<std::int64_t>(values::max_rate_amount);

struct rate_limit {
  std::int64_t amount = 1;
  rate_unit unit = rate_unit::second;
};

// "second", "minute", "hour", "day" (values::rate_unit_name).
inline std::string_view to_string(rate_unit unit) { return values::rate_unit_name(unit); }

// The unit names in order, for messages and choices.
std::vector<std::string> rate_unit_names();

}  // namespace core::catalog
