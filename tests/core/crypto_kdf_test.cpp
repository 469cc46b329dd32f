// HMAC (RFC 4231 for SHA-2, RFC 2202 for SHA-1), PBKDF2 (RFC 6070 for HMAC-SHA-1,
// RFC 7914 section 11 for HMAC-SHA-256), the PKCS#12 key derivation (the RFC 7292 vectors
// OpenSSL's evpkdf_pkcs12 tests use, and values of `openssl kdf PKCS12KDF` for the SHA-2
// cases) and EVP_BytesToKey (values of `openssl enc -P -md md5`).
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "core/crypto/evp_bytes_to_key.h"
#include "core/crypto/hash_algorithm.h"
#include "core/crypto/hmac.h"
#include "core/crypto/md5.h"
#include "core/crypto/pbkdf2.h"
#include "core/crypto/pkcs12_kdf.h"
#include "core/crypto/pkcs12_password.h"
#include "crypto_fixtures.h"

using namespace core::crypto;
using crypto_tests::hex;
using crypto_tests::repeat;
using crypto_tests::unhex;

TEST_CASE("hmac: RFC 4231 (SHA-224, SHA-256, SHA-384, SHA-512)", "[crypto]") {
  struct vector {
    std::string key, data;
    const char *sha224, *sha256, *sha384, *sha512;
  };
  const std::vector<vector> cases{
    {repeat(0x0b, 20), std::string("Hi There"),
     "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
     "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
     "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
    {std::string("Jefe"), std::string("what do ya want for nothing?"),
     "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
     "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
     "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
    {repeat(0xaa, 20), repeat(0xdd, 50),
     "7fb3cb3588c6c1f6ffa9694d7d6ad2649365b0c1f65d69d1ec8333ea",
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
     "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
     "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"},
    {unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), repeat(0xcd, 50),
     "6c11506874013cac6a2abc1bb382627cec6a90d86efc012de7afec5a",
     "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
     "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
     "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"},
    // test case 5: the RFC gives the first 128 bits only
    {repeat(0x0c, 20), std::string("Test With Truncation"),
     "0e2aea68a90c8d37c988bcdb9fca6fa8",
     "a3b6167473100ee06e0c796c2955552b",
     "3abf34c3503b2a23a46efc619baef897",
     "415fad6271580a531d4179bc891d87a6"},
    // test cases 6 and 7: a key longer than the block is hashed first
    {repeat(0xaa, 131), std::string("Test Using Larger Than Block-Size Key - Hash Key First"),
     "95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
     "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
     "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"},
    {repeat(0xaa, 131), std::string("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
     "3a854166ac5d9f023f54d517d0b39dbd946770db9c2b95c9f6f565d1",
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
     "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
     "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const vector& v = cases[i];
    INFO("RFC 4231 test case " << i + 1);
    // as long as the RFC shows (test case 5 shows the first 128 bits only)
    const auto shown = [](const std::string& full, const char* expected) {
      return full.substr(0, std::strlen(expected));
    };
    CHECK(shown(hex(hmac(hash_algorithm::sha224, v.key).mac(v.data).view()), v.sha224) == v.sha224);
    CHECK(shown(hex(hmac(hash_algorithm::sha256, v.key).mac(v.data).view()), v.sha256) == v.sha256);
    CHECK(shown(hex(hmac(hash_algorithm::sha384, v.key).mac(v.data).view()), v.sha384) == v.sha384);
    CHECK(shown(hex(hmac(hash_algorithm::sha512, v.key).mac(v.data).view()), v.sha512) == v.sha512);
  }
}

TEST_CASE("hmac: RFC 2202 (SHA-1)", "[crypto]") {
  struct vector {
    std::string key, data;
    const char* sha1;
  };
  const std::vector<vector> cases{
    {repeat(0x0b, 20), std::string("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00"},
    {std::string("Jefe"), std::string("what do ya want for nothing?"), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
    {repeat(0xaa, 20), repeat(0xdd, 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
    {unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), repeat(0xcd, 50), "4c9007f4026250c6bc8414f9bf50c86c2d7235da"},
    {repeat(0x0c, 20), std::string("Test With Truncation"), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"},
    {repeat(0xaa, 80), std::string("Test Using Larger Than Block-Size Key - Hash Key First"), "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
    {repeat(0xaa, 80), std::string("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"), "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    INFO("RFC 2202 test case " << i + 1);
    CHECK(hex(hmac(hash_algorithm::sha1, cases[i].key).mac(cases[i].data).view()) == cases[i].sha1);
  }
}

TEST_CASE("hmac: a message in pieces", "[crypto]") {
  const hmac mac(hash_algorithm::sha256, std::string("key"));
  any_hash h = mac.start();
  h.update("The quick brown fox ");
  h.update("jumps over the lazy dog");
  CHECK(hex(mac.finish(h).view()) == hex(mac.mac("The quick brown fox jumps over the lazy dog").view()));
  // the same object serves again
  CHECK(hex(mac.mac("The quick brown fox jumps over the lazy dog").view()) ==
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

TEST_CASE("pbkdf2: RFC 6070 (HMAC-SHA-1)", "[crypto]") {
  CHECK(hex(pbkdf2_hmac(hash_algorithm::sha1, "password", "salt", 1, 20)) ==
        "0c60c80f961f0e71f3a9b524af6012062fe037a6");
  CHECK(hex(pbkdf2_hmac(hash_algorithm::sha1, "password", "salt", 2, 20)) ==
        "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
  CHECK(hex(pbkdf2_hmac(hash_algorithm::sha1, "password", "salt", 4096, 20)) ==
        "4b007901b765489abead49d926f721d065a429c1");
  CHECK(hex(pbkdf2_hmac(hash_algorithm::sha1, "passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt",
                              4096, 25)) == "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
  CHECK(hex(pbkdf2_hmac(hash_algorithm::sha1, std::string("pass\0word", 9), std::string("sa\0lt", 5), 4096, 16)) ==
        "56fa6aa75548099dcc37d7f03425e0c3");
  // (RFC 6070's 16,777,216-iteration vector is left out: seconds of work for no new path)
}

TEST_CASE("pbkdf2: RFC 7914 section 11 (HMAC-SHA-256)", "[crypto]") {
  CHECK(hex(pbkdf2_hmac(hash_algorithm::sha256, "passwd", "salt", 1, 64)) ==
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
  CHECK(hex(pbkdf2_hmac(hash_algorithm::sha256, "Password", "NaCl", 80000, 64)) ==
        "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
        "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
  CHECK(pbkdf2_work(hash_algorithm::sha256, 80000, 64) == 160000);
  CHECK(pbkdf2_work(hash_algorithm::sha1, 2048, 32) == 4096);
}

TEST_CASE("pkcs12 password: BMPString with a terminating zero", "[crypto]") {
  CHECK(hex(*pkcs12_password("smeg")) == "0073006d006500670000");
  CHECK(hex(*pkcs12_password("")) == "0000");
  CHECK(hex(*pkcs12_password("\xC3\xA9")) == "00e90000");                // U+00E9
  CHECK(hex(*pkcs12_password("\xF0\x9F\x98\x80")) == "d83dde000000");    // U+1F600: surrogates
  CHECK_FALSE(pkcs12_password("\xC3"));                                   // truncated UTF-8
  CHECK_FALSE(pkcs12_password("\xED\xA0\x80"));                           // encoded surrogate
  CHECK(hex(pkcs12_password_bytewise("\xC3\xA9")) == "00c300a90000");
}

TEST_CASE("pkcs12 kdf: RFC 7292 vectors and openssl kdf PKCS12KDF", "[crypto]") {
  const std::string smeg = *pkcs12_password("smeg");
  const std::string queeg = *pkcs12_password("queeg");
  CHECK(hex(pkcs12_kdf(hash_algorithm::sha1, smeg, unhex("0A58CF64530D823F"), 1,
                             pkcs12_key_purpose::encryption_key, 24)) ==
        "8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3");
  CHECK(hex(pkcs12_kdf(hash_algorithm::sha1, smeg, unhex("0A58CF64530D823F"), 1,
                             pkcs12_key_purpose::initialization_vector, 8)) == "79993dfe048d3b76");
  CHECK(hex(pkcs12_kdf(hash_algorithm::sha1, queeg, unhex("1682C0FC5B3F7EC5"), 1000,
                             pkcs12_key_purpose::encryption_key, 24)) ==
        "483dd6e919d7de2e8e648ba8f862f3fbfbdc2bcb2c02957f");
  CHECK(hex(pkcs12_kdf(hash_algorithm::sha1, queeg, unhex("3D83C0E4546AC140"), 1000,
                             pkcs12_key_purpose::mac_key, 20)) ==
        "17b9e78ea534fc2b6a35512d03799d9ea3c461c0");
  // several output pieces (the I update runs), a password longer than a block, a salt that
  // is not a multiple of it
  std::string salt70;
  for (int i = 0; i < 70; ++i) salt70 += static_cast<char>(i);
  const std::string long_password = *pkcs12_password("correct horse battery staple, and more");
  CHECK(hex(pkcs12_kdf(hash_algorithm::sha256, long_password, salt70, 3, pkcs12_key_purpose::encryption_key,
                               100)) ==
        "423f13a37d7ec638ce776d0b223c01afb51640b6a78a43965eeacad940c60b2bcf0674a508c7ded27dad3e"
        "ed26cf0f66fc1dedf6167904cf0e810ecb1ad3282fc4dcaae9886a12bb849f98054182aae522dde342beaa"
        "a3a8b31ecb20b784a0870e4f81aa");
  CHECK(hex(pkcs12_kdf(hash_algorithm::sha512, long_password, unhex("0102030405060708"), 2048,
                               pkcs12_key_purpose::mac_key, 48)) ==
        "ae944d1718132acb09f48fe02281f7aedb67ceb47de401a91b9e3d8bd54ec172"
        "da1dac04a1160062361e66b7bc99589b");
  // no password at all: P is empty
  CHECK(hex(pkcs12_kdf(hash_algorithm::sha256, "", unhex("0102030405060708"), 2048, pkcs12_key_purpose::mac_key,
                               32)) ==
        "4a3d64fdf1e86c5bc5c37f2eb377b6ecd82e4aa4726e2e186521e06f42e24194");
}

TEST_CASE("evp_bytes_to_key: openssl enc -md md5 -P", "[crypto]") {
  // openssl enc -aes-256-cbc -pass pass:correct-horse -S 0102030405060708 -P -md md5
  CHECK(hex(evp_bytes_to_key_md5("correct-horse", unhex("0102030405060708"), 48)) ==
        "e6e1d613d61fc644b1ddf76ebb33f5ea71e6c67ba50bf04f44a0d415c093b5b5"
        "9a24a62dc6709d3596873ca55444b3df");
}

TEST_CASE("any_hash: the hash named at run time", "[crypto]") {
  CHECK(any_hash(hash_algorithm::sha1).digest_size() == 20);
  CHECK(any_hash(hash_algorithm::sha224).digest_size() == 28);
  CHECK(any_hash(hash_algorithm::sha256).digest_size() == 32);
  CHECK(any_hash(hash_algorithm::sha384).digest_size() == 48);
  CHECK(any_hash(hash_algorithm::sha512).digest_size() == 64);
  CHECK(any_hash(hash_algorithm::sha256).block_size() == 64);
  CHECK(any_hash(hash_algorithm::sha384).block_size() == 128);
  // the same digests as the hash types themselves, whole or in pieces
  const std::string message = repeat(0x61, 1000);
  CHECK(hex(any_hash::of(hash_algorithm::sha1, message).view()) == hex(sha1::of(message)));
  CHECK(hex(any_hash::of(hash_algorithm::sha224, message).view()) == hex(sha224::of(message)));
  CHECK(hex(any_hash::of(hash_algorithm::sha384, message).view()) == hex(sha384::of(message)));
  any_hash pieces(hash_algorithm::sha512);
  pieces.update(std::string_view(message).substr(0, 333));
  any_hash copy = pieces;  // a copy carries the state on
  copy.update(std::string_view(message).substr(333));
  CHECK(hex(copy.finish().view()) == hex(sha512::of(message)));
  // finish() leaves the object ready for a new message
  CHECK(hex(copy.finish().view()) == hex(sha512::of("")));
}
