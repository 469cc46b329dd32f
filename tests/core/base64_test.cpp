#include <catch2/catch.hpp>

#include "core/common/base64.h"

using core::decode_base64;

TEST_CASE("base64: decodes with and without padding chars", "[base64]") {
  CHECK(*decode_base64("", false).bytes == "");
  CHECK(*decode_base64("TQ==", false).bytes == "M");
  CHECK(*decode_base64("TWE=", false).bytes == "Ma");
  CHECK(*decode_base64("TWFu", false).bytes == "Man");
  CHECK(*decode_base64("TW\nFu\r\nTQ ==", true).bytes == "ManM");
}

TEST_CASE("base64: rejects malformed text with the offset", "[base64]") {
  CHECK_FALSE(decode_base64("TWF", false).bytes);      // missing padding
  CHECK_FALSE(decode_base64("TQ=", false).bytes);      // half padding
  CHECK_FALSE(decode_base64("T===", false).bytes);
  CHECK_FALSE(decode_base64("TQ==TQ==", false).bytes);  // data after padding
  CHECK_FALSE(decode_base64("TR==", false).bytes);     // non-zero padding bits
  auto r = decode_base64("TW*u", false);
  CHECK_FALSE(r.bytes);
  CHECK(r.error_offset == 2);
  CHECK_FALSE(decode_base64("TW Fu", false).bytes);    // spaces only when allowed
}
