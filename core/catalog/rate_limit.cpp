#include "core/catalog/rate_limit.h"

namespace core::catalog {

std::vector<std::string> rate_unit_names() {
  std::vector<std::string> out;
  for (rate_unit unit : rate_units) out.emplace_back(to_string(unit));
  return out;
}

}  // namespace core::catalog
