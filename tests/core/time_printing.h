#pragma once
// How the core's time values print in a failing test (Catch2 StringMaker) and in messages
// the tests build themselves (operator<<): "2024-03-31T02:30:00.000000", "+02:00 CEST dst".
#include <catch2/catch.hpp>

#include <cstdio>
#include <ostream>
#include <string>

#include "core/time/calendar.h"
#include "core/time/zone_table.h"
#include "core/time/zoned_time.h"

namespace core::time {

inline std::string to_test_text(const wall_time& w) {
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%06d", w.year, w.month, w.day,
                w.hour, w.minute, w.second, w.microsecond);
  return text;
}

inline std::string to_test_text(const zone_offset& o) {
  const std::int32_t magnitude = o.seconds < 0 ? -o.seconds : o.seconds;
  char text[48];
  std::snprintf(text, sizeof text, "%c%02d:%02d:%02d ", o.seconds < 0 ? '-' : '+', magnitude / 3600,
                magnitude / 60 % 60, magnitude % 60);
  return text + std::string(o.abbreviation) + (o.dst ? " dst" : "") + " from " + std::to_string(o.begin);
}

inline std::string to_test_text(local_kind k) {
  switch (k) {
    case local_kind::unique: return "unique";
    case local_kind::skipped: return "skipped";
    case local_kind::repeated: return "repeated";
  }
  return "?";
}

inline std::string to_test_text(const civil_date& d) {
  char text[32];
  std::snprintf(text, sizeof text, "%04lld-%02u-%02u", static_cast<long long>(d.year),
                static_cast<unsigned>(d.month), static_cast<unsigned>(d.day));
  return text;
}

inline std::ostream& operator<<(std::ostream& out, const wall_time& w) { return out << to_test_text(w); }
inline std::ostream& operator<<(std::ostream& out, const zone_offset& o) { return out << to_test_text(o); }
inline std::ostream& operator<<(std::ostream& out, local_kind k) { return out << to_test_text(k); }
inline std::ostream& operator<<(std::ostream& out, disambiguation_policy d) {
  return out << disambiguation_name(d);
}
inline std::ostream& operator<<(std::ostream& out, const civil_date& d) { return out << to_test_text(d); }

}  // namespace core::time

namespace Catch {
template <>
struct StringMaker<core::time::wall_time> {
  static std::string convert(const core::time::wall_time& w) { return core::time::to_test_text(w); }
};
template <>
struct StringMaker<core::time::zone_offset> {
  static std::string convert(const core::time::zone_offset& o) { return core::time::to_test_text(o); }
};
template <>
struct StringMaker<core::time::local_kind> {
  static std::string convert(core::time::local_kind k) { return core::time::to_test_text(k); }
};
template <>
struct StringMaker<core::time::disambiguation_policy> {
  static std::string convert(core::time::disambiguation_policy d) {
    return std::string(core::time::disambiguation_name(d));
  }
};
template <>
struct StringMaker<core::time::civil_date> {
  static std::string convert(const core::time::civil_date& d) { return core::time::to_test_text(d); }
};
}  // namespace Catch
