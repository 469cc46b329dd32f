#include "core/time/php_legacy_zones.h"

#include <iterator>
#include <memory>
#include <vector>

#include "core/time/zone_table.h"

namespace core {
namespace time {
namespace {

constexpr php_legacy_zone legacy_zones[] = {
    {"CET", "CET", "CET", 3600, "Europe/Paris", "Paris"},
    {"EET", "EET", "EET", 7200, "Europe/Athens", "Athens"},
    {"MET", "MET", "MET", 3600, "Europe/Paris", "Paris"},
    {"WET", "WET", "WET", 0, "Europe/Lisbon", "Lisbon"},
    {"EST", "EST", "EST", -18000, "America/New_York", "New York"},
    {"HST", "HST", "HST", -36000, "Pacific/Honolulu", "Honolulu"},
    {"MST", "MST", "MST", -25200, "America/Denver", "Denver"},
    {"GMT", "GMT", "GMT", 0, "Europe/London", "London"},
    {"UCT", "UCT", "UCT", 0, "UTC", "UTC"},
    {"GMT+0", "+00:00", "GMT+0000", 0, "UTC", "UTC"},
    {"GMT-0", "+00:00", "GMT+0000", 0, "UTC", "UTC"},
};
constexpr std::size_t abbreviation_count = 9;  // the first ones; the others are offsets

bool same_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    char x = a[k], y = b[k];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 32);
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 32);
    if (x != y) return false;
  }
  return true;
}

}  // namespace

const php_legacy_zone* find_php_legacy_zone(std::string_view name) noexcept {
  for (std::size_t k = 0; k < std::size(legacy_zones); ++k) {
    const php_legacy_zone& z = legacy_zones[k];
    if (k < abbreviation_count ? same_ignoring_case(name, z.name) : name == z.name) return &z;
  }
  return nullptr;
}

const zone_table& php_legacy_zone_table(const php_legacy_zone& zone) {
  // built once (thread-safe) and kept for the process's life, as zone_table_for does
  static const std::vector<std::unique_ptr<zone_table>> tables = [] {
    std::vector<std::unique_ptr<zone_table>> v;
    for (const php_legacy_zone& z : legacy_zones)
      v.push_back(std::make_unique<zone_table>(z.name, z.offset_seconds, z.abbreviation));
    return v;
  }();
  return *tables[static_cast<std::size_t>(&zone - legacy_zones)];
}

}  // namespace time
}  // namespace core
