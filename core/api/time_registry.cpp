// The time entry points that open zones and compile patterns into handles, and name the
// database and zones (time_api.h).
#include <memory>

#include "core/api/time_api.h"
#include "core/api/time_state.h"
#include "core/time/php_formatter.h"
#include "core/time/php_legacy_zones.h"
#include "core/time/tz_database.h"

namespace core::api {

using namespace core::api::time_entry;
using namespace core::time;

std::string time_database_version() { return std::string(tz_database_version()); }

std::string time_canonical_zone(const std::string& name) {
  return canonical_zone_name(name).value_or(std::string());
}

int time_open_zone(const std::string& name) {
  auto& s = state();
  auto it = s.zone_ids.find(name);
  if (it != s.zone_ids.end()) return it->second;
  const zone_table* table = find_php_zone(name);
  if (!table) {
    s.last_error = unknown_time_zone(name, "zone");
    return 0;
  }
  // `e` writes the name as opened, except PHP's legacy names (CET -> "CET", GMT+0 -> "+00:00")
  const php_legacy_zone* legacy = find_php_legacy_zone(name);
  s.zones.push_back({table, legacy ? std::string(legacy->written_name) : name});
  const int id = static_cast<int>(s.zones.size());
  s.zone_ids.emplace(name, id);
  return id;
}

int time_compile_pattern(const std::string& pattern) {
  if (auto issue = format_length_failure(pattern, "pattern")) {
    state().last_error = std::move(*issue);
    return 0;
  }
  auto& s = state();
  auto it = s.pattern_ids.find(pattern);
  if (it != s.pattern_ids.end()) return it->second;
  s.patterns.push_back(std::make_unique<php_formatter>(pattern));
  const int id = static_cast<int>(s.patterns.size());
  s.pattern_ids.emplace(pattern, id);
  return id;
}

}  // namespace core::api
