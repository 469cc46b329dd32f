// Epoch milliseconds as JS passes them -> day, second of the day, microsecond.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>

#include "core/time/calendar.h"
#include "core/time/zoned_time.h"

using namespace core::time;

namespace {
// the reference: exact integer arithmetic on microseconds (the fraction of a millisecond
// rounded half up, at most 999)
bool reference(double ms, std::int64_t* us) {
  if (!std::isfinite(ms) || ms < min_seconds * 1000.0 || ms >= end_seconds * 1000.0) return false;
  const double whole = std::floor(ms);
  int fraction = static_cast<int>(std::floor((ms - whole) * 1000.0 + 0.5));
  if (fraction > 999) fraction = 999;
  *us = static_cast<std::int64_t>(whole) * 1000 + fraction;
  return true;
}
}  // namespace

TEST_CASE("epoch ms: split into day, second and microsecond", "[time][epoch]") {
  const double cases[] = {0, -1, 1, -0.5, 0.5, -0.0004, 0.0005, 0.9996, -86400000, -86400001,
                          86399999.999, 86400000, 1.5e12, -1.5e12, 1700000000123.456,
                          -377705116800000.0, 253402300799999.0, 253402300799999.9};
  for (double ms : cases) {
    INFO(ms);
    std::int64_t us;
    REQUIRE(reference(ms, &us));
    epoch_parts t;
    REQUIRE(split_epoch_ms(ms, &t));
    CHECK(t.second_of_day >= 0);
    CHECK(t.second_of_day < 86400);
    CHECK(t.microsecond >= 0);
    CHECK(t.microsecond < 1000000);
    CHECK(t.seconds() * 1000000 + t.microsecond == us);
  }
  epoch_parts t;
  for (double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity(), -377705116800000.5, 253402300800000.0, 1e300}) {
    INFO(bad);
    CHECK_FALSE(split_epoch_ms(bad, &t));
  }
}

TEST_CASE("epoch ms: random values over the whole range agree with integer arithmetic", "[time][epoch]") {
  std::uint64_t seed = 7;
  int mismatches = 0;
  for (int k = 0; k < 2000000; ++k) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    const double span = 253402300800000.0 + 377705116800000.0;
    double ms = -377705116800000.0 + static_cast<double>(seed >> 11) / 9007199254740992.0 * span;
    if (k % 2) ms = std::floor(ms);                                  // whole milliseconds
    if (k % 7 == 0) ms = std::floor(ms / 86400000.0) * 86400000.0 - (k % 3);  // day edges
    std::int64_t us;
    epoch_parts t;
    if (!reference(ms, &us)) continue;
    mismatches += !split_epoch_ms(ms, &t) || t.seconds() * 1000000 + t.microsecond != us ||
                  t.second_of_day < 0 || t.second_of_day >= 86400;
  }
  CHECK(mismatches == 0);
}
