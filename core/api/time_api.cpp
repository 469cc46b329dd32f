#include "core/api/time_api.h"

#include "core/time/tz_database.h"

namespace core {
namespace api {

std::string time_database_version() { return std::string(time::tz_database_version()); }

std::string time_canonical_zone(const std::string& name) {
  try {
    return time::canonical_zone_name(name).value_or(std::string());
  } catch (...) {
    return std::string();
  }
}

}  // namespace api
}  // namespace core
