#pragma once
// Helpers shared by the time tests: a zone's table by name (the test fails when the name is
// unknown) and UTC instants from calendar fields.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string_view>

#include "core/time/calendar.h"
#include "core/time/tz_database.h"
#include "core/time/zone_table.h"
#include "time_printing.h"

namespace time_fixtures {

inline const core::time::zone_table& table(std::string_view name) {
  const core::time::zone_table* z = core::time::find_zone(name);
  REQUIRE(z);
  return *z;
}

// microseconds since the epoch of a UTC calendar time
inline std::int64_t utc_us(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int us = 0) {
  return (core::time::days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) *
             core::time::us_per_second + us;
}

}  // namespace time_fixtures
