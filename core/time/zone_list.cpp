#include "core/time/zone_list.h"

#include <algorithm>
#include <map>

#include "core/time/tz_database.h"

namespace core {
namespace time {

const std::vector<std::string>& zone_regions() {
  static const std::vector<std::string> regions = {"Africa", "America", "Antarctica", "Asia",
                                                   "Atlantic", "Australia", "Europe", "Indian",
                                                   "Pacific", "Etc"};
  return regions;
}

std::vector<ZoneListEntry> zone_list(std::int64_t now_seconds) {
  const auto& db = tz_database();
  const auto& regions = zone_regions();
  std::map<std::string, std::vector<std::string>> aliases;
  for (const auto& link : db.links)
    if (auto target = canonical_zone_name(link.name())) aliases[*target].push_back(link.name());

  std::vector<ZoneListEntry> out;
  const date::sys_seconds now{std::chrono::seconds{now_seconds}};
  for (const auto& zone : db.zones) {
    const std::string& id = zone.name();
    const auto slash = id.find('/');
    if (slash == std::string::npos) continue;
    const std::string region = id.substr(0, slash);
    if (std::find(regions.begin(), regions.end(), region) == regions.end()) continue;
    ZoneListEntry e;
    e.id = id;
    e.region = region;
    for (char c : id.substr(slash + 1)) {
      if (c == '_') e.label += ' ';
      else if (c == '/') e.label += " / ";
      else e.label += c;
    }
    // one lookup per zone: date directly, no table built for zones nobody picks
    const date::sys_info info = zone.get_info(now);
    e.offset_seconds = static_cast<std::int32_t>(info.offset.count());
    e.abbreviation = info.abbrev;
    e.dst = info.save.count() != 0;
    auto a = aliases.find(id);
    if (a != aliases.end()) {
      e.aliases = a->second;
      std::sort(e.aliases.begin(), e.aliases.end());
    }
    out.push_back(std::move(e));
  }
  auto rank = [&](const std::string& r) { return std::find(regions.begin(), regions.end(), r) - regions.begin(); };
  std::sort(out.begin(), out.end(), [&](const ZoneListEntry& a, const ZoneListEntry& b) {
    const auto ra = rank(a.region), rb = rank(b.region);
    return ra != rb ? ra < rb : a.id < b.id;
  });
  return out;
}

}  // namespace time
}  // namespace core
