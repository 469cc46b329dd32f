// AES decryption against FIPS 197 appendix C (one block, 128/192/256-bit keys) and
// CBC decryption against NIST SP 800-38A F.2.2, F.2.4 and F.2.6; PKCS#7 padding.
#include <catch2/catch.hpp>

#include "core/crypto/aes.h"
#include "core/crypto/aes_cbc.h"
#include "core/crypto/pkcs7_padding.h"
#include "crypto_fixtures.h"

using namespace core::crypto;
using crypto_tests::hex;
using crypto_tests::unhex;

namespace {

aes_decryption::block block_of(const std::string& bytes) {
  aes_decryption::block b{};
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>(bytes.at(i));
  return b;
}

const std::string sp800_38a_plaintext = unhex(
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");

}  // namespace

TEST_CASE("aes: FIPS 197 appendix C", "[crypto]") {
  struct vector {
    const char *key, *ciphertext;
  };
  for (const vector& v : {
           vector{"000102030405060708090a0b0c0d0e0f", "69c4e0d86a7b0430d8cdb78070b4c55a"},
           vector{"000102030405060708090a0b0c0d0e0f1011121314151617",
                  "dda97ca4864cdfe06eaf70a0ec0d7191"},
           vector{"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                  "8ea2b7ca516745bfeafc49904b496089"}}) {
    INFO(v.key);
    auto cipher = aes_decryption::with_key(unhex(v.key));
    REQUIRE(cipher);
    CHECK(hex(cipher->decrypt(block_of(unhex(v.ciphertext)))) ==
          "00112233445566778899aabbccddeeff");
  }
  CHECK_FALSE(aes_decryption::with_key(std::string(15, 'k')));
  CHECK_FALSE(aes_decryption::with_key(std::string(20, 'k')));
  CHECK_FALSE(aes_decryption::with_key(""));
}

TEST_CASE("aes-cbc: SP 800-38A F.2 decryption", "[crypto]") {
  const std::string iv = unhex("000102030405060708090a0b0c0d0e0f");
  struct vector {
    const char *key, *ciphertext;
  };
  for (const vector& v : {
           vector{"2b7e151628aed2a6abf7158809cf4f3c",  // F.2.2 CBC-AES128.Decrypt
                  "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
                  "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"},
           vector{"8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",  // F.2.4 AES192
                  "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a"
                  "571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd"},
           vector{"603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",  // F.2.6
                  "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
                  "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b"}}) {
    INFO(v.key);
    auto plain = aes_cbc_decrypt(unhex(v.key), iv, unhex(v.ciphertext));
    REQUIRE(plain);
    CHECK(hex(*plain) == hex(sp800_38a_plaintext));
  }
  const std::string key = unhex("2b7e151628aed2a6abf7158809cf4f3c");
  CHECK_FALSE(aes_cbc_decrypt(key, iv, ""));                      // nothing to decrypt
  CHECK_FALSE(aes_cbc_decrypt(key, iv, std::string(17, 'c')));    // not whole blocks
  CHECK_FALSE(aes_cbc_decrypt(key, iv.substr(0, 8), std::string(16, 'c')));
  CHECK_FALSE(aes_cbc_decrypt(key.substr(0, 10), iv, std::string(16, 'c')));
}

TEST_CASE("pkcs7 padding", "[crypto]") {
  std::string s = "abc" + std::string(13, '\x0d');
  CHECK(remove_pkcs7_padding(s, 16));
  CHECK(s == "abc");
  std::string full = std::string(16, 'x') + std::string(16, '\x10');  // a whole block of padding
  CHECK(remove_pkcs7_padding(full, 16));
  CHECK(full == std::string(16, 'x'));
  for (std::string bad : {std::string("abc") + std::string(12, '\x0d') + "\x0c",  // uneven
                          std::string(15, 'x') + std::string(1, '\0'),             // zero
                          std::string(15, 'x') + "\x11",                           // > block
                          std::string(15, 'x'),                                    // not a block
                          std::string()}) {
    const std::string before = bad;
    CHECK_FALSE(remove_pkcs7_padding(bad, 16));
    CHECK(bad == before);
  }
  // the SP 800-38A plaintext is not padded: the check refuses it
  std::string unpadded = sp800_38a_plaintext;
  CHECK_FALSE(remove_pkcs7_padding(unpadded, 16));
}
