#pragma once
// The zone names PHP 8.2 does not open from tzdb: `new DateTimeZone("CET")` reads "CET" as
// its abbreviation (a fixed UTC offset, no daylight saving) before it looks for a zone
// identifier, and "GMT+0"/"GMT-0" as the offset +00:00. Checked against php8.2-cli:
//   CET MET +01:00, EET +02:00, WET GMT UCT +00:00, EST -05:00, MST -07:00, HST -10:00 all
//   year; `e` and `T` write the name in capitals; "GMT+0" and "GMT-0" (capitals only) write
//   `e` as "+00:00", `T` as "GMT+0000" and `p` as "Z".
// Everything that opens a zone by name (zone handles, validation, the parser's `e`) opens
// these as PHP does, and validation warns when one is chosen.
#include <cstdint>
#include <string_view>

namespace core {
namespace time {

class zone_table;

struct php_legacy_zone {
  std::string_view name;          // the name as chosen and stored: "CET", "GMT+0"
  std::string_view written_name;  // what `e` writes: "CET", "+00:00"
  std::string_view abbreviation;  // what `T` writes: "CET", "GMT+0000"
  std::int32_t offset_seconds;    // the whole year
  std::string_view instead;       // the zone people usually mean: "Europe/Paris"
  std::string_view instead_place; // its place in words: "Paris"
};

// The legacy name PHP opens this way (abbreviations: any ASCII case; GMT+0/GMT-0: as
// written), or nullptr.
const php_legacy_zone* find_php_legacy_zone(std::string_view name) noexcept;

// The zone table of a legacy name: one fixed offset under its abbreviation, forever.
const zone_table& php_legacy_zone_table(const php_legacy_zone& zone);

}  // namespace time
}  // namespace core
