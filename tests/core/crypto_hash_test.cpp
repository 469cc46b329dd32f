// SHA-1, SHA-2 and MD5 against the examples of FIPS 180-4 (NIST's "Example Algorithms"
// and the one-million-'a' message) and the test suite of RFC 1321.
#include <catch2/catch.hpp>

#include "core/crypto/md5.h"
#include "core/crypto/sha1.h"
#include "core/crypto/sha2.h"
#include "crypto_fixtures.h"

using namespace core::crypto;
using crypto_tests::hex;

namespace {

const std::string abc = "abc";
const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const std::string two_blocks_512 =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmn"
    "opqrsmnopqrstnopqrstu";
const std::string million_a(1000000, 'a');

// Whatever the pieces the message comes in, the digest is the same.
template <class Hash>
void check_split_invariance(const std::string& message) {
  const auto whole = Hash::of(message);
  for (std::size_t cut = 0; cut <= message.size(); ++cut) {
    Hash h;
    h.update(std::string_view(message).substr(0, cut));
    h.update(std::string_view(message).substr(cut));
    INFO("cut at " << cut);
    REQUIRE(hex(h.finish()) == hex(whole));
  }
  Hash reused;  // finish() leaves the object ready for a new message
  reused.update("something else");
  reused.finish();
  reused.update(message);
  CHECK(hex(reused.finish()) == hex(whole));
}

}  // namespace

TEST_CASE("sha1: FIPS 180 examples", "[crypto]") {
  CHECK(hex(sha1::of("")) == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  CHECK(hex(sha1::of(abc)) == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(hex(sha1::of(two_blocks)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  CHECK(hex(sha1::of(million_a)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST_CASE("sha256 and sha224: FIPS 180 examples", "[crypto]") {
  CHECK(hex(sha256::of("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hex(sha256::of(abc)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex(sha256::of(two_blocks)) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(hex(sha256::of(million_a)) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  CHECK(hex(sha224::of(abc)) == "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
  CHECK(hex(sha224::of(two_blocks)) == "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525");
}

TEST_CASE("sha512 and sha384: FIPS 180 examples", "[crypto]") {
  CHECK(hex(sha512::of(abc)) ==
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
        "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  CHECK(hex(sha512::of(two_blocks_512)) ==
        "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
        "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
  CHECK(hex(sha512::of(million_a)) ==
        "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
        "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
  CHECK(hex(sha384::of(abc)) ==
        "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
        "8086072ba1e7cc2358baeca134c825a7");
  CHECK(hex(sha384::of(two_blocks_512)) ==
        "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712"
        "fcc7c71a557e2db966c3e9fa91746039");
}

TEST_CASE("md5: RFC 1321 test suite", "[crypto]") {
  CHECK(hex(md5::of("")) == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(hex(md5::of("a")) == "0cc175b9c0f1b6a831c399e269772661");
  CHECK(hex(md5::of("abc")) == "900150983cd24fb0d6963f7d28e17f72");
  CHECK(hex(md5::of("message digest")) == "f96b697d7cb7938d525a2f31aaf161d0");
  CHECK(hex(md5::of("abcdefghijklmnopqrstuvwxyz")) == "c3fcd3d76192e4007dfb496cca67e13b");
  CHECK(hex(md5::of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")) ==
        "d174ab98d277d9f5a5611c2c9f419d9f");
  CHECK(hex(md5::of("1234567890123456789012345678901234567890123456789012345678901234567890"
                    "1234567890")) == "57edf4a22be3c955ac49da2e2107b67a");
}

TEST_CASE("hashes: padding at the block boundaries", "[crypto]") {
  // lengths where the length field just fits, just does not, or fills a whole block;
  // expected values from Python's hashlib (first 8 bytes)
  struct row {
    std::size_t n;
    const char *sha1, *sha256, *sha512, *md5;
  };
  for (const row& r : std::vector<row>{
           {55, "c1c8bbdc22796e28", "9f4390f8d30c2dd9", "b0220c772cbf6c18", "ef1772b6dff9a122"},
           {56, "c2db330f6083854c", "b35439a4ac6f0948", "962b64aae357d2a4", "3b0c8ac703f828b0"},
           {63, "03f09f5b158a7a8c", "7d3e74a05d7db15b", "c1b0f5c6d3b03dfe", "b06521f39153d618"},
           {64, "0098ba824b5c1642", "ffe054fe7ae0cb6d", "01d35c10c6c38c2d", "014842d480b57149"},
           {111, "ac877859d427d919", "6374f73208854473", "fa9121c7b32b9e01", "089f243d1e831c58"},
           {112, "689993727ba37386", "f54353008a255326", "c01d080efd492776", "9146ef3527c7cfcc"},
           {119, "ee971065aaa017e0", "31eba51c313a5c08", "130396a75cb483f2", "8a7bd0732ed6a28c"},
           {120, "f34c1488385346a5", "2f3d335432c70b58", "f241de612b01aa2f", "5f61c0ccad4cac44"},
           {127, "89d95fa32ed44a7c", "c57e9278af78fa3c", "828613968b501dc0", "020406e1d05cdc2a"},
           {128, "ad5b3fdbcb526778", "6836cf13bac400e9", "b73d1929aa615934", "e510683b3f5ffe40"}}) {
    const std::string m(r.n, 'a');
    INFO(r.n << " bytes");
    CHECK(hex(sha1::of(m)).substr(0, 16) == r.sha1);
    CHECK(hex(sha256::of(m)).substr(0, 16) == r.sha256);
    CHECK(hex(sha512::of(m)).substr(0, 16) == r.sha512);
    CHECK(hex(md5::of(m)).substr(0, 16) == r.md5);
  }
}

TEST_CASE("hashes: a message in pieces", "[crypto]") {
  const std::string message = two_blocks_512 + two_blocks + two_blocks_512;  // ~290 bytes
  check_split_invariance<sha1>(message);
  check_split_invariance<sha256>(message);
  check_split_invariance<sha224>(message);
  check_split_invariance<sha512>(message);
  check_split_invariance<sha384>(message);
  check_split_invariance<md5>(message);
}
