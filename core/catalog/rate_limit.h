#pragma once
// A rate limit as a connector default or an instance setting: `amount` requests per `unit`.
#include <cstdint>
#include <optional>
#include <string_view>

namespace core::catalog {

enum class rate_unit { second, minute, hour, day };

inline constexpr std::int64_t min_rate_amount = 1;
inline constexpr std::int64_t max_rate_amount = 1'000'000;

struct rate_limit {
  std::int64_t amount = 1;
  rate_unit unit = rate_unit::second;
};

// "second", "minute", "hour", "day" (exact, lower case).
std::optional<rate_unit> parse_rate_unit(std::string_view text);
std::string_view to_string(rate_unit unit);

}  // namespace core::catalog
