#pragma once
// The IANA time zone database as text: the build machine's /usr/share/zoneinfo/tzdata.zi,
// expanded by scripts/expand-tzdata.mjs into the form date's text parser reads (Rule/Zone/
// Link lines) and embedded by a generated source (build/native/generated/tzdata_embedded.cpp).
// Native only: the input of the compiler (tzcompile) and the reference of the tests; the
// library itself reads the compiled tables (core/time/compiled_zones.h).
#include <cstddef>

namespace tzcompile {
namespace embedded {

extern const char tzdata_version[];   // e.g. "2025b"
extern const char* const tzdata_text;  // Rule, Zone and Link lines, '\n'-terminated
extern const std::size_t tzdata_size;  // bytes in tzdata_text

}  // namespace embedded
}  // namespace tzcompile
