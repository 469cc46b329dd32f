#pragma once
// The IANA time zone database of this library: every zone and link of the machine's tzdata
// at build time, the same data natively and in WebAssembly (see tzdata_embedded.h).
//
// date's text-mode reader parses the whole database once, on first use of a zone's rules
// (~60 ms in wasm). The version and the name lookups (canonical_zone_name, is_zone_link)
// do not need that parse: they read the Zone and Link lines directly.
#include <date/tz.h>

#include <optional>
#include <string>
#include <string_view>

namespace core {
namespace time {

// The IANA release of the embedded data, e.g. "2025b".
std::string_view tz_database_version() noexcept;

// The parsed database (zones, links, rules). Parses on first call (~60 ms in wasm);
// thread-safe. Name lookups below do not need it, except find_zone.
// Throws std::runtime_error if the embedded data cannot be staged for the parser.
const date::tzdb& tz_database();

// The zone for a zone or link name, or nullptr when unknown. An exact (case-sensitive)
// match wins; otherwise the name is matched ignoring ASCII case, as PHP's DateTimeZone
// does ("europe/berlin" -> Europe/Berlin).
const date::time_zone* find_zone(std::string_view name);

// The canonical (Zone, not Link) name for a zone or link name: "US/Eastern" ->
// "America/New_York", "Europe/Berlin" -> "Europe/Berlin"; nullopt when unknown.
std::optional<std::string> canonical_zone_name(std::string_view name);

// Whether `name` is a Link (an alias) rather than a Zone, after case folding; false when
// unknown.
bool is_zone_link(std::string_view name);

}  // namespace time
}  // namespace core
