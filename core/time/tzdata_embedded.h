#pragma once
// The IANA time zone database as compiled into this library: the build machine's
// /usr/share/zoneinfo/tzdata.zi, expanded by scripts/expand-tzdata.mjs into the text form
// that date's parser reads (Rule/Zone/Link lines) and embedded by a generated source
// (build/<target>/generated/tzdata_embedded.cpp). Only core/time/tz_database.cpp reads it.
#include <cstddef>

namespace core {
namespace time {
namespace embedded {

extern const char tzdata_version[];   // e.g. "2025b"
extern const char* const tzdata_text;  // Rule, Zone and Link lines, '\n'-terminated
extern const std::size_t tzdata_size;  // bytes in tzdata_text

}  // namespace embedded
}  // namespace time
}  // namespace core
