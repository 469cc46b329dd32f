#include <catch2/catch.hpp>

#include <cstdint>

#include "core/common/divide.h"

using core::divide_by;

namespace {

// Every x in [0, Max] when the range is small, else every x near a multiple of D plus a
// stride through the whole range: x / D only changes at multiples of D, so the values
// next to them are where a multiplier that is slightly off would show.
template <std::uint32_t D, std::uint64_t Max>
std::uint64_t mismatches() {
  std::uint64_t bad = 0;
  auto check = [&](std::uint64_t x) { bad += divide_by<D, Max>::of(x) != x / D; };
  if (Max <= (1u << 24)) {
    for (std::uint64_t x = 0; x <= Max; ++x) check(x);
    return bad;
  }
  for (std::uint64_t q = 0; q * D <= Max; q += 1 + q / 4096) {
    for (std::uint64_t x = q * D >= 2 ? q * D - 2 : 0; x <= q * D + 2 && x <= Max; ++x) check(x);
  }
  for (std::uint64_t x = Max; x > Max - 1000 && x > 0; --x) check(x);
  for (std::uint64_t x = 0; x <= Max - 7919; x += 7919) check(x);
  return bad;
}

}  // namespace

TEST_CASE("divide_by: exact over the whole declared range", "[divide]") {
  // the instances the calendar and the formatter use
  CHECK(mismatches<146097, (1u << 27)>() == 0);
  CHECK(mismatches<2141, 65535>() == 0);
  CHECK(mismatches<7, (1u << 26) - 1>() == 0);
  CHECK(mismatches<3600, 86399>() == 0);
  CHECK(mismatches<60, 3599>() == 0);
  CHECK(mismatches<1000, 86399999>() == 0);
  CHECK(mismatches<10, 0xFFFFFFFFu>() == 0);
  CHECK(mismatches<100, 9999>() == 0);
}

TEST_CASE("divide_by: picks the smallest shift that is exact", "[divide]") {
  // x / 10 for 32-bit x: the classic 0xCCCCCCCD >> 35
  CHECK(divide_by<10, 0xFFFFFFFFu>::shift == 35);
  CHECK(divide_by<10, 0xFFFFFFFFu>::multiplier == 0xCCCCCCCDu);
  // a range of one value needs no precision at all
  CHECK(divide_by<3, 2>::of(2) == 0);
  STATIC_REQUIRE(divide_by<60, 3599>::of(3599) == 59);
}
