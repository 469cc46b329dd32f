#pragma once
// The IANA time zone database compiled at build time (like zic does, but into C++ tables):
// tools/tzcompile parses the machine's tzdata with date's text-mode reader, walks every
// zone with date's public API and writes these tables into a generated source
// (build/<tree>/generated/tz_compiled.cpp, never committed). At run time no zone needs a
// parser: zone_table (zone_table.h) decodes one zone's tables in microseconds.
//
// Per zone:
//  - a few types (offset, dst flag, abbreviation); type 0 is in effect from the beginning
//    of time;
//  - the explicit transitions, in two columns: their times in one byte stream, per
//    transition a varint of the time since the previous one (the first: since the epoch,
//    zigzag-signed), and their new types' indexes in another, one byte each. A gap's varint
//    holds it in its largest whole unit: (hours << 2) (most: switches at whole hours),
//    (minutes << 2 | 1), else (seconds << 2 | 3) (the local-mean-time ones); about 3 bytes
//    per transition. Times and types apart, and gaps in hours, compress better (gzip finds
//    more repeated gaps);
//  - the final yearly rules (yearly_rule.h) that generate every transition from
//    `rules_from` on: the explicit list stops where they take over.
// Every table holds the zones' rows in zone order, and a zone record holds counts, not
// offsets: a column of growing offsets compresses poorly (gzip finds few repeats in it),
// and zone_table sums the counts once, on first use.
#include <cstddef>
#include <cstdint>

#include "core/time/yearly_rule.h"

namespace core {
namespace time {
namespace compiled {

struct zone_type {
  std::int32_t offset;         // seconds east of UTC
  std::uint16_t abbreviation;  // offset of a NUL-terminated name in `abbreviations`
  bool dst;                    // date's save != 0
};

// A zone's name is the zone's entry in `name_text` (the zones are sorted by name).
struct zone_record {
  std::uint16_t transition_count;  // explicit transitions
  std::uint16_t time_bytes;        // their times' bytes in `transition_times`
  std::uint8_t type_count;
  std::uint8_t rule_count;         // 0: the last type holds forever
  std::int16_t rules_from;         // first year the rules generate (when rule_count > 0)
};

extern const char version[];           // "2025b"
extern const zone_record zones[];  // sorted by name
extern const std::size_t zone_count;
// Every name, each NUL-terminated: the zones' in zone order (so sorted), then the links',
// sorted. tz_database merges the two and orders them case-insensitively on first use: as
// tables, a zone number per name and the case-insensitive order were 3.6 KB that gzip
// compressed poorly. Names rather than pointers to them: a column of pointers compresses
// poorly too, and tz_database finds where each starts in the same pass.
extern const char name_text[];
extern const std::uint16_t link_zones[];  // the zone each link names, in the links' order
extern const std::size_t link_count;
extern const zone_type types[];
extern const yearly_rule rules[];
extern const std::uint8_t transition_times[];
extern const std::uint8_t transition_types[];
extern const char abbreviations[];

// The most transitions the rules make in one year, in any zone (checked by the compiler):
// bounds the small buffers zone_table uses after its horizon.
constexpr int max_rules_per_zone = 8;

}  // namespace compiled
}  // namespace time
}  // namespace core
