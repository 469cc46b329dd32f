#include "core/time/zone_list.h"

#include <algorithm>
#include <map>

#include "core/time/php_legacy_zones.h"
#include "core/time/tz_database.h"
#include "core/time/zone_table.h"

namespace core {
namespace time {

const std::vector<std::string>& zone_regions() {
  static const std::vector<std::string> regions = {"Africa", "America", "Antarctica", "Asia",
                                                   "Atlantic", "Australia", "Europe", "Indian",
                                                   "Pacific", "Etc"};
  return regions;
}

std::vector<zone_list_entry> zone_choices() {
  const auto& regions = zone_regions();
  std::map<std::string_view, std::vector<std::string>> aliases;
  // PHP's legacy names (CET, EST, ...) lead to fixed offsets, not to the zone they link to
  for (const auto& link : zone_links())
    if (!find_php_legacy_zone(link.name)) aliases[link.zone].emplace_back(link.name);

  // one list per region, each in name order, joined in the regions' order
  std::vector<std::vector<zone_list_entry>> by_region(regions.size());
  for (std::size_t zone = 0; zone < zone_count(); ++zone) {
    // region and label from tzdata's name, the id is the canonical name ("Etc/UTC" -> "UTC")
    const std::string name(zone_name(zone));
    const auto slash = name.find('/');
    if (slash == std::string::npos) continue;
    const std::string region = name.substr(0, slash);
    const auto found = std::find(regions.begin(), regions.end(), region);
    if (found == regions.end()) continue;
    zone_list_entry e;
    e.region_rank = static_cast<int>(found - regions.begin());
    e.id = canonical_zone_name(zone);
    e.region = region;
    for (char c : name.substr(slash + 1)) {
      if (c == '_') e.label += ' ';
      else if (c == '/') e.label += " / ";
      else e.label += c;
    }
    e.zone = zone;
    auto a = aliases.find(name);
    if (a != aliases.end()) e.aliases = a->second;
    // the links come in name order (zone_links()); tzdata's own name goes in its place
    if (e.id != name) {
      e.aliases.erase(std::remove(e.aliases.begin(), e.aliases.end(), e.id), e.aliases.end());
      e.aliases.insert(std::lower_bound(e.aliases.begin(), e.aliases.end(), name), name);
    }
    by_region[static_cast<std::size_t>(e.region_rank)].push_back(std::move(e));
  }
  std::vector<zone_list_entry> out;
  for (auto& region : by_region)
    for (auto& e : region) out.push_back(std::move(e));
  return out;
}

std::vector<zone_list_entry> zone_list(std::int64_t now_seconds) {
  std::vector<zone_list_entry> out = zone_choices();
  for (auto& e : out) {
    // one lookup per zone: no table built for zones nobody picks
    const zone_offset now = compiled_offset_at(e.zone, now_seconds);
    e.offset_seconds = now.seconds;
    e.abbreviation = std::string(now.abbreviation);
    e.dst = now.dst;
  }
  return out;
}

}  // namespace time
}  // namespace core
