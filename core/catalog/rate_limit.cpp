#include "core/catalog/rate_limit.h"

namespace core::catalog {

std::optional<rate_unit> parse_rate_unit(std::string_view text) {
  if (text == "second") return rate_unit::second;
  if (text == "minute") return rate_unit::minute;
  if (text == "hour") return rate_unit::hour;
  if (text == "day") return rate_unit::day;
  return std::nullopt;
}

std::string_view to_string(rate_unit unit) {
  switch (unit) {
    case rate_unit::second: return "second";
    case rate_unit::minute: return "minute";
    case rate_unit::hour: return "hour";
    case rate_unit::day: return "day";
  }
  return "second";
}

}  // namespace core::catalog
