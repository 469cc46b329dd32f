#include "core/schedule/rate_unit.h"

namespace core::schedule {

std::optional<rate_unit> parse_rate_unit(std::string_view name) {
  if (name == "second") return rate_unit::second;
  if (name == "minute") return rate_unit::minute;
  if (name == "hour") return rate_unit::hour;
  if (name == "day") return rate_unit::day;
  return std::nullopt;
}

}  // namespace core::schedule
