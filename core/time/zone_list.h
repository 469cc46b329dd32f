#pragma once
// The zones a picker offers: every Zone of a geographic region (Africa, America,
// Antarctica, Asia, Atlantic, Australia, Europe, Indian, Pacific) plus UTC and the fixed
// Etc/GMT±N zones (region Etc), under their canonical names (canonical_zone_name), with the
// offset and abbreviation in effect at `now`, and the other names that lead to each (so
// "US/Eastern" finds America/New_York, "Etc/UTC" finds UTC). Legacy names without a region
// (EST5EDT, CET, ...) stay valid zones but are not offered. The one list of zones to choose
// from: the JS picker (m.time.zones) and the wizard's time zone choices both come from it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace core {
namespace time {

struct zone_list_entry {
  std::string id;            // America/Argentina/Buenos_Aires (canonical_zone_name)
  std::string region;        // America
  std::string label;         // Argentina / Buenos Aires
  std::int32_t offset_seconds = 0;
  std::string abbreviation;  // -03
  bool dst = false;
  std::vector<std::string> aliases;  // the other names of the zone, sorted
  int region_rank = 0;               // position of `region` in zone_regions()
  std::size_t zone = 0;              // number in the database (zone_name)
};

// The zones offered, without what depends on the time (offset_seconds 0, abbreviation
// empty, dst false). Ordered by region (in the order above, Etc last), then by tzdata name.
std::vector<zone_list_entry> zone_choices();

// zone_choices() with the offset, abbreviation and DST flag in effect at `now_seconds`.
std::vector<zone_list_entry> zone_list(std::int64_t now_seconds);

// The region names in picker order.
const std::vector<std::string>& zone_regions();

}  // namespace time
}  // namespace core
