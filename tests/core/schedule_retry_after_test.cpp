// Retry-After values: delta-seconds and the three HTTP-date forms of RFC 9110.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/schedule/retry_after.h"

using core::schedule::parse_http_date;
using core::schedule::retry_after_ms;

namespace {
// 1994-11-06T08:49:37Z, the example instant of RFC 9110.
constexpr double rfc_example = 784111777000.0;
// 2024-01-01T00:00:00Z
constexpr double jan_2024 = 1704067200000.0;
}  // namespace

TEST_CASE("Retry-After as delta-seconds", "[schedule]") {
  CHECK(retry_after_ms("120", jan_2024) == 120000);
  CHECK(retry_after_ms("0", jan_2024) == 0);
  CHECK(retry_after_ms(" 5\t", jan_2024) == 5000);
  CHECK(std::isnan(retry_after_ms("-5", jan_2024)));
  CHECK(std::isnan(retry_after_ms("1.5", jan_2024)));
  CHECK(std::isnan(retry_after_ms("", jan_2024)));
  CHECK(std::isnan(retry_after_ms("soon", jan_2024)));
  CHECK(std::isnan(retry_after_ms("5 s", jan_2024)));
}

TEST_CASE("HTTP-date in its three forms", "[schedule]") {
  CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT", jan_2024) == rfc_example);
  CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", jan_2024) == rfc_example);
  CHECK(parse_http_date("Sun Nov  6 08:49:37 1994", jan_2024) == rfc_example);
  // A two-digit year is in this century unless that puts it more than 50 years ahead.
  CHECK(parse_http_date("Monday, 01-Jan-24 00:00:00 GMT", jan_2024) == jan_2024);
  CHECK(parse_http_date("Wednesday, 01-Jan-75 00:00:00 GMT", jan_2024) == 157766400000.0);
  CHECK(parse_http_date("Wednesday, 01-Jan-70 00:00:00 GMT", jan_2024) == 3155760000000.0);
  CHECK(parse_http_date("Sat, 29 Feb 2020 23:59:59 GMT", jan_2024) == 1583020799000.0);
  SECTION("malformed dates are refused") {
    for (const char* bad : {"Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT",
                            "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
                            "Sun, 06 Xyz 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT x",
                            "2024-01-01T00:00:00Z", "Sun Nov 6 08:49:37 1994"}) {
      INFO(bad);
      CHECK(std::isnan(parse_http_date(bad, jan_2024)));
    }
  }
}

TEST_CASE("Retry-After as an HTTP-date is the wait until that instant", "[schedule]") {
  CHECK(retry_after_ms("Mon, 01 Jan 2024 00:00:30 GMT", jan_2024) == 30000);
  CHECK(retry_after_ms("Mon, 01 Jan 2024 00:00:30 GMT", jan_2024 + 500) == 29500);
  CHECK(retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT", jan_2024) == 0);  // in the past
  CHECK(std::isnan(retry_after_ms("Mon, 01 Jan 2024 00:00:30 GMT", std::nan(""))));
}
