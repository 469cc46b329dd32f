#include "core/time/zone_list.h"

#include <algorithm>
#include <map>

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

std::vector<ZoneListEntry> zone_list(std::int64_t now_seconds) {
  const auto& regions = zone_regions();
  std::map<std::string_view, std::vector<std::string>> aliases;
  for (const auto& link : zone_links()) aliases[link.zone].emplace_back(link.name);

  std::vector<ZoneListEntry> out;
  for (std::size_t zone = 0; zone < zone_count(); ++zone) {
    const std::string id(zone_name(zone));
    const auto slash = id.find('/');
    if (slash == std::string::npos) continue;
    const std::string region = id.substr(0, slash);
    const auto found = std::find(regions.begin(), regions.end(), region);
    if (found == regions.end()) continue;
    ZoneListEntry e;
    e.region_rank = static_cast<int>(found - regions.begin());
    e.id = id;
    e.region = region;
    for (char c : id.substr(slash + 1)) {
      if (c == '_') e.label += ' ';
      else if (c == '/') e.label += " / ";
      else e.label += c;
    }
    // one lookup per zone: no table built for zones nobody picks
    const ZoneOffset now = compiled_offset_at(zone, now_seconds);
    e.offset_seconds = now.seconds;
    e.abbreviation = std::string(now.abbreviation);
    e.dst = now.dst;
    auto a = aliases.find(id);
    if (a != aliases.end()) {
      e.aliases = a->second;
      std::sort(e.aliases.begin(), e.aliases.end());
    }
    out.push_back(std::move(e));
  }
  // stable: zones are numbered in name order
  std::stable_sort(out.begin(), out.end(), [&](const ZoneListEntry& a, const ZoneListEntry& b) {
    return a.region_rank < b.region_rank;
  });
  return out;
}

}  // namespace time
}  // namespace core
