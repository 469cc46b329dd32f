#include <catch2/catch.hpp>

#include <cinttypes>
#include <cstdio>
#include <limits>
#include <random>

#include "core/common/padded_decimal.h"

TEST_CASE("padded decimal: what printf's %0<width>lld writes", "[common]") {
  std::mt19937_64 rng(2026);
  std::vector<std::int64_t> values{0, 1, -1, 9, -9, 10, -10, 99, 2026, -2026, 123456789,
                                   std::numeric_limits<std::int64_t>::max(),
                                   std::numeric_limits<std::int64_t>::min()};
  for (int i = 0; i < 2000; ++i) values.push_back(static_cast<std::int64_t>(rng()) >> (rng() % 63));
  for (const std::int64_t v : values) {
    for (int width = 0; width <= 6; ++width) {
      char expected[40];
      std::snprintf(expected, sizeof expected, "%0*" PRId64, width, v);
      std::string got = "x";
      core::append_padded_decimal(got, v, width);
      REQUIRE(got == std::string("x") + expected);
    }
  }
}
