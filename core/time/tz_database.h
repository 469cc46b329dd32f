#pragma once
// The IANA time zone database of this library: every zone and link of the build machine's
// tzdata, compiled at build time into tables (compiled_zones.h; tools/tzcompile), the same
// in the native and the WebAssembly builds. Nothing here parses: names are binary searches
// in sorted tables, and a zone's offsets are decoded on its first use (zone_table.h), in
// microseconds.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core {
namespace time {

class zone_table;

// The IANA release of the compiled data, e.g. "2025b".
std::string_view tz_database_version() noexcept;

// Zones are numbered 0 .. zone_count() - 1 in name order.
std::size_t zone_count() noexcept;
std::string_view zone_name(std::size_t zone) noexcept;

// The zone number for a zone or link name, or nullopt when unknown. An exact
// (case-sensitive) match wins; otherwise the name is matched ignoring ASCII case, as PHP's
// DateTimeZone does ("europe/berlin" -> Europe/Berlin).
std::optional<std::size_t> find_zone_id(std::string_view name) noexcept;

// The offsets of the zone for a zone or link name (built on first use, zone_table.h), or
// nullptr when unknown; matched as find_zone_id.
const zone_table* find_zone(std::string_view name);

// The zone PHP opens for a name: find_zone, except PHP's legacy names (CET, EST, GMT+0, ...:
// php_legacy_zones.h), which are one fixed offset. Zone handles open names with this.
const zone_table* find_php_zone(std::string_view name);

// The canonical name of a zone or link name, matched as find_zone_id: the Zone a Link
// leads to ("US/Eastern" -> "America/New_York", "Europe/Berlin" -> "Europe/Berlin"), except
// that the UTC zone and its links ("Etc/UTC", "UTC", "Zulu", "Etc/Universal", ...) are
// called "UTC", as ECMA-402 (Intl) and PHP name it, and PHP's legacy names are themselves
// in capitals ("cet" -> "CET": PHP opens them as fixed offsets). nullopt when unknown. The one function
// that decides what a zone is called: instances store this name, and every answer of the
// library that names a zone (canonicalZone, previews, filter windows, the picker list)
// uses it. zone_name() and zone_table::name() are tzdata's Zone names ("Etc/UTC").
std::optional<std::string> canonical_zone_name(std::string_view name);
// The same for a zone number (0 .. zone_count() - 1).
std::string canonical_zone_name(std::size_t zone);

// Whether `name` is a Link (an alias) rather than a Zone, after case folding; false when
// unknown.
bool is_zone_link(std::string_view name) noexcept;

struct zone_link {
  std::string_view name;  // "US/Eastern"
  std::string_view zone;  // "America/New_York"
};
// Every link, sorted by name.
std::vector<zone_link> zone_links();

}  // namespace time
}  // namespace core
