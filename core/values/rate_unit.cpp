#include "core/values/rate_unit.h"

namespace core::values {

std::string_view rate_unit_name(rate_unit unit) {
  switch (unit) {
    case rate_unit::second: return "second";
    case rate_unit::minute: return "minute";
    case rate_unit::hour: return "hour";
    case rate_unit::day: return "day";
  }
  return "second";
}

std::optional<rate_unit> parse_rate_unit(std::string_view name) {
  for (rate_unit unit : rate_units) {
    if (name == rate_unit_name(unit)) return unit;
  }
  return std::nullopt;
}

}  // namespace core::values
