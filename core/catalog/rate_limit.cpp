#include "core/catalog/rate_limit.h"

namespace core::catalog {

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
