// Timings of the password-based checks, for the documentation; hidden (tag [.]), run with
//   build/native/core_tests "[timing]"
// Nothing is asserted about time: the numbers are printed.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>

#include "catalog_fixtures.h"
#include "core/certificate/encrypted_pem_key.h"
#include "core/certificate/inspection.h"
#include "core/certificate/pkcs12.h"
#include "core/certificate/pkcs12_mac.h"
#include "core/common/base64.h"
#include "core/crypto/pbkdf2.h"
#include "core/crypto/pkcs12_kdf.h"
#include "core/crypto/sha1.h"
#include "core/crypto/sha2.h"

using namespace core::certificate;
using catalog_tests::certificate_fixture;

namespace {

template <class F>
double milliseconds_per_run(int runs, F&& f) {
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < runs; ++i) f();
  const std::chrono::duration<double, std::milli> spent = std::chrono::steady_clock::now() - start;
  return spent.count() / runs;
}

}  // namespace

TEST_CASE("timing: passphrase checks", "[.][timing]") {
  const std::string p12 = *core::decode_base64(certificate_fixture("client.p12.b64"), true).bytes;
  std::string error;
  const auto summary = read_pkcs12(p12, error);
  REQUIRE(summary);

  const double mac = milliseconds_per_run(50, [&] {
    derivation_budget budget;
    auto r = verify_pkcs12_mac(summary->mac_data, summary->authenticated_safe,
                               std::string_view("correct-horse"), budget);
    REQUIRE(r.status == mac_status::verified);
  });
  std::printf("PKCS#12 MAC, HMAC-SHA256, PKCS#12 KDF 2048 iterations: %.3f ms\n", mac);

  const auto pem = parse_pem(certificate_fixture("client-encrypted-key.pem"));
  const pem_block& key = pem.blocks.at(1);
  const double pbes2 = milliseconds_per_run(50, [&] {
    derivation_budget budget;
    auto r = decrypt_pem_key(key, "correct-horse", budget);
    REQUIRE(r.status == decryption_status::decrypted);
  });
  std::printf("PBES2 key, PBKDF2-HMAC-SHA256 2048 iterations + AES-256-CBC: %.3f ms\n", pbes2);

  const std::string p12_text = certificate_fixture("client.p12.b64");
  const double whole = milliseconds_per_run(20, [&] {
    inspection_options options{std::string_view("correct-horse"), 1800000000000};
    REQUIRE(inspect_certificate(p12_text, options).issues.empty());
  });
  std::printf("inspect client.p12 (MAC + 2 PBES2 parts, 3 x 2048 iterations): %.3f ms\n", whole);

  const double wrong = milliseconds_per_run(20, [&] {
    inspection_options options{std::string_view("wrong"), 1800000000000};
    REQUIRE(inspect_certificate(p12_text, options).issues.size() == 1);
  });
  std::printf("inspect client.p12 with a wrong passphrase (MAC only): %.3f ms\n", wrong);

  using namespace core::crypto;
  const double pbkdf2_256 = milliseconds_per_run(3, [] {
    (void)pbkdf2_hmac(hash_algorithm::sha256, "correct-horse", "saltsalt", 1'000'000, 32);
  });
  const double pbkdf2_1 = milliseconds_per_run(3, [] {
    (void)pbkdf2_hmac(hash_algorithm::sha1, "correct-horse", "saltsalt", 1'000'000, 20);
  });
  const double kdf12 = milliseconds_per_run(3, [] {
    (void)pkcs12_kdf(hash_algorithm::sha256, std::string(28, 'p'), "saltsalt", 1'000'000,
                             pkcs12_key_purpose::mac_key, 32);
  });
  std::printf("1,000,000 iterations: PBKDF2-HMAC-SHA256 %.0f ms, PBKDF2-HMAC-SHA1 %.0f ms, "
              "PKCS#12 KDF SHA-256 %.0f ms\n", pbkdf2_256, pbkdf2_1, kdf12);
}
