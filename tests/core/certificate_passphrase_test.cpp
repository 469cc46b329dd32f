// The passphrase of encrypted PEM keys and PKCS#12 files: checked against the MAC, used to
// decrypt, refused when wrong; the certificates of decrypted contents dated; hostile
// iteration counts refused before any work; damaged files never crash the inspection.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "catalog_fixtures.h"
#include "core/certificate/der.h"
#include "core/certificate/inspection.h"
#include "core/certificate/object_identifiers.h"
#include "core/common/base64.h"
#include "der_builder.h"

using namespace core::certificate;
using catalog_tests::certificate_fixture;
namespace b = der_builder;

namespace {

using codes_t = std::vector<std::string>;

codes_t codes(const inspection& found) {
  codes_t out;
  for (const auto& i : found.issues) out.push_back(i.code);
  return out;
}

inspection inspect(const std::string& data, std::optional<std::string_view> passphrase = {},
                   std::optional<std::int64_t> now = {}) {
  return inspect_certificate(data, inspection_options{passphrase, now});
}

std::pair<std::int64_t, std::int64_t> validity_of(const std::string& name) {
  std::istringstream in(certificate_fixture("validity.txt"));
  std::string n;
  std::int64_t start, end;
  while (in >> n >> start >> end) {
    if (n == name) return {start * 1000, end * 1000};
  }
  throw std::runtime_error("no validity for " + name);
}

std::string der_of(const std::string& fixture) {
  return *core::decode_base64(certificate_fixture(fixture), true).bytes;
}

const std::string_view right = "correct-horse";
const std::string_view wrong = "incorrect-horse";

// client.p12 with its MacData iterations replaced by `iterations` (a DER element).
std::string with_mac_iterations(const std::string& iterations) {
  const std::string der = der_of("client.p12.b64");
  std::string error;
  auto pfx = read_single(der, tag::sequence, encoding_rules::ber, error);
  REQUIRE(pfx);
  tlv_children parts(*pfx, encoding_rules::ber);
  auto version = parts.next(error);
  auto auth_safe = parts.next(error);
  auto mac_data = parts.next(error);
  REQUIRE(mac_data);
  tlv_children mac_parts(*mac_data, encoding_rules::ber);
  auto digest_info = mac_parts.next(error);
  auto salt = mac_parts.next(error);
  REQUIRE(salt);
  return b::base64(b::sequence({std::string(version->whole), std::string(auth_safe->whole),
                                b::sequence({std::string(digest_info->whole),
                                             std::string(salt->whole), iterations})}));
}

// A PEM bundle whose ENCRYPTED PRIVATE KEY is built from parts (the ciphertext is random:
// it only decrypts to garbage).
struct crafted_key {
  std::string cipher = b::oid(oid::aes256_cbc);
  std::string iv = std::string(16, 'i');
  std::string iterations = b::integer(2048);
  std::string key_length;  // omitted unless set
  std::string prf = b::sequence({b::oid(oid::hmac_with_sha256), b::null()});
  std::string ciphertext = std::string(32, 'c');

  std::string bundle() const {
    const std::string kdf_parameters =
        b::sequence({b::octets("saltsalt"), iterations, key_length, prf});
    const std::string algorithm = b::sequence(
        {b::oid(oid::pbes2),
         b::sequence({b::sequence({b::oid(oid::pbkdf2), kdf_parameters}),
                      b::sequence({cipher, b::octets(iv)})})});
    return certificate_fixture("certificate-only.pem") +
           b::pem("ENCRYPTED PRIVATE KEY", b::sequence({algorithm, b::octets(ciphertext)}));
  }
};

}  // namespace

TEST_CASE("pkcs12 passphrase: OpenSSL 3 defaults (AES-256-CBC, SHA-256 MAC)", "[certificate]") {
  const std::string p12 = certificate_fixture("client.p12.b64");
  const auto [not_before, not_after] = validity_of("leaf");
  auto ok = inspect(p12, right, not_before + 1000);
  CHECK(codes(ok).empty());
  REQUIRE(ok.certificates.size() == 1);  // read from the decrypted contents
  CHECK(ok.certificates[0].not_before_ms == not_before);
  CHECK(ok.certificates[0].not_after_ms == not_after);
  CHECK(ok.certificates[0].subject_common_name == "client.example.com");
  CHECK(ok.has_private_key);
  CHECK(ok.unopened_parts == 0);

  auto refused = inspect(p12, wrong, not_before + 1000);
  REQUIRE(codes(refused) == codes_t{"passphrase_incorrect"});
  CHECK(refused.issues[0].about_passphrase);
  CHECK(refused.certificates.empty());

  for (std::optional<std::string_view> none : {std::optional<std::string_view>(),
                                               std::optional<std::string_view>("")}) {
    auto missing = inspect(p12, none);
    REQUIRE(codes(missing) == codes_t{"passphrase_required"});
    CHECK(missing.issues[0].about_passphrase);
  }
  // the passphrase is compared as given: no trimming, case matters
  CHECK(codes(inspect(p12, std::string_view("Correct-horse"))) == codes_t{"passphrase_incorrect"});
  CHECK(codes(inspect(p12, std::string_view("correct-horse "))) == codes_t{"passphrase_incorrect"});
}

TEST_CASE("pkcs12 passphrase: the expiry of a certificate inside encrypted contents", "[certificate]") {
  const std::string p12 = certificate_fixture("expired.p12.b64");
  const auto [not_before, not_after] = validity_of("expired");
  CHECK(not_after == 1609459200000);  // 2021-01-01
  auto found = inspect(p12, right, validity_of("leaf").first);
  REQUIRE(codes(found) == codes_t{"certificate_expired"});
  CHECK_FALSE(found.issues[0].about_passphrase);
  CHECK(found.issues[0].params["subject"] == "expired.example.com");
  CHECK(found.issues[0].params["notAfter"] == "2021-01-01T00:00:00Z");
  CHECK(codes(inspect(p12, right, not_before - 1)) == codes_t{"certificate_not_yet_valid"});
  CHECK(codes(inspect(p12, right, not_before)).empty());
  // a wrong passphrase: the dates are not known, only the passphrase is reported
  CHECK(codes(inspect(p12, wrong, validity_of("leaf").first)) == codes_t{"passphrase_incorrect"});
}

TEST_CASE("pkcs12 passphrase: SHA-512 MAC, AES-128 and AES-192, a chain", "[certificate]") {
  const std::string p12 = certificate_fixture("variants.p12.b64");
  auto ok = inspect(p12, right, validity_of("chained").first + 1000);
  CHECK(codes(ok).empty());
  REQUIRE(ok.certificates.size() == 2);
  CHECK(ok.certificates[0].subject_common_name == "chained.example.com");
  CHECK(ok.certificates[1].subject_common_name == "Test CA");
  CHECK(codes(inspect(p12, {}, validity_of("chained").second + 1)) == codes_t{"passphrase_required"});
  CHECK(codes(inspect(p12, right, validity_of("chained").second + 1)) ==
        codes_t{"certificate_expired"});
  CHECK(codes(inspect(p12, wrong)) == codes_t{"passphrase_incorrect"});
}

TEST_CASE("pkcs12 passphrase: a PBMAC1 MAC (RFC 9579)", "[certificate]") {
  const std::string p12 = certificate_fixture("pbmac1.p12.b64");
  auto ok = inspect(p12, right);
  CHECK(codes(ok).empty());
  CHECK(ok.certificates.size() == 1);
  CHECK(codes(inspect(p12, wrong)) == codes_t{"passphrase_incorrect"});
  CHECK(codes(inspect(p12)) == codes_t{"passphrase_required"});
}

TEST_CASE("pkcs12 passphrase: no MAC, decryption decides", "[certificate]") {
  const std::string p12 = certificate_fixture("nomac.p12.b64");
  auto ok = inspect(p12, right);
  CHECK(codes(ok).empty());
  CHECK(ok.certificates.size() == 1);
  CHECK(codes(inspect(p12, wrong)) == codes_t{"passphrase_incorrect"});
  CHECK(codes(inspect(p12)) == codes_t{"passphrase_required"});
}

TEST_CASE("pkcs12 passphrase: an empty password is tried when none is given", "[certificate]") {
  const std::string p12 = certificate_fixture("empty-password.p12.b64");
  auto none = inspect(p12);
  CHECK(codes(none).empty());
  CHECK(none.certificates.size() == 1);
  CHECK(codes(inspect(p12, std::string_view(""))).empty());
  CHECK(codes(inspect(p12, std::string_view("something"))) == codes_t{"passphrase_incorrect"});
}

TEST_CASE("pkcs12 passphrase: non-ASCII, beyond the BMP", "[certificate]") {
  const std::string p12 = certificate_fixture("unicode.p12.b64");
  auto ok = inspect(p12, std::string_view("cl\xC3\xA9-\xE2\x9C\x93-\xF0\x9F\x98\x80"));
  CHECK(codes(ok).empty());
  CHECK(ok.certificates.size() == 1);
  CHECK(codes(inspect(p12, std::string_view("cle-\xE2\x9C\x93-\xF0\x9F\x98\x80"))) ==
        codes_t{"passphrase_incorrect"});
}

TEST_CASE("pkcs12 passphrase: legacy ciphers are left closed, the SHA-1 MAC still checks", "[certificate]") {
  const std::string p12 = certificate_fixture("legacy.p12.b64");
  auto ok = inspect(p12, right, validity_of("leaf").second + 1);
  CHECK(codes(ok).empty());  // the certificate is RC2-encrypted: not dated
  CHECK(ok.certificates.empty());
  CHECK(ok.unopened_parts == 2);  // RC2-40 certificates, 3DES shrouded key
  CHECK(ok.has_private_key);
  CHECK_FALSE(ok.passphrase_unchecked);  // the MAC confirmed it
  CHECK(codes(inspect(p12, wrong)) == codes_t{"passphrase_incorrect"});
  CHECK(codes(inspect(p12)) == codes_t{"passphrase_required"});
}

TEST_CASE("pkcs12 passphrase: legacy ciphers and no MAC: left to the host", "[certificate]") {
  const std::string p12 = certificate_fixture("legacy-nomac.p12.b64");
  for (auto passphrase : {right, wrong}) {
    auto found = inspect(p12, passphrase);
    CHECK(codes(found).empty());
    CHECK(found.passphrase_unchecked);
    CHECK(found.unopened_parts >= 1);
  }
}

TEST_CASE("passphrase checked: whenever the core could try it", "[certificate]") {
  for (const char* file : {"client.p12.b64", "nomac.p12.b64", "clear.p12.b64", "client-encrypted-key.pem",
                           "client-legacy-encrypted.pem", "client.pem"}) {
    INFO(file);
    CHECK_FALSE(inspect(certificate_fixture(file), right).passphrase_unchecked);
  }
}

TEST_CASE("pkcs12 passphrase: a file in clear needs none", "[certificate]") {
  const std::string p12 = certificate_fixture("clear.p12.b64");
  CHECK(codes(inspect(p12)).empty());
  CHECK(codes(inspect(p12, wrong)).empty());  // nothing it protects
}

TEST_CASE("pem passphrase: PKCS#8 PBES2 and legacy AES keys are opened", "[certificate]") {
  for (const char* file : {"client-encrypted-key.pem", "client-legacy-encrypted.pem"}) {
    INFO(file);
    const std::string pem = certificate_fixture(file);
    CHECK(codes(inspect(pem, right)).empty());
    auto refused = inspect(pem, wrong);
    REQUIRE(codes(refused) == codes_t{"passphrase_incorrect"});
    CHECK(refused.issues[0].about_passphrase);
    CHECK(codes(inspect(pem)) == codes_t{"passphrase_required"});
  }
  // DES-EDE3-CBC is not implemented: the passphrase cannot be checked, nothing is said
  const std::string des = certificate_fixture("client-legacy-3des.pem");
  CHECK(codes(inspect(des, right)).empty());
  CHECK(codes(inspect(des, wrong)).empty());
  CHECK(inspect(des, wrong).passphrase_unchecked);  // the host checks it
  CHECK(codes(inspect(des)) == codes_t{"passphrase_required"});
}

TEST_CASE("pem passphrase: crafted PBES2 parameters", "[certificate]") {
  crafted_key key;
  CHECK(codes(inspect(key.bundle(), right)) == codes_t{"passphrase_incorrect"});  // garbage
  CHECK(codes(inspect(key.bundle())) == codes_t{"passphrase_required"});

  SECTION("unsupported cipher or PRF: not checked") {
    key.cipher = b::oid("\x2A\x86\x48\x86\xF7\x0D\x03\x07");  // des-ede3-cbc
    CHECK(codes(inspect(key.bundle(), right)).empty());
    key = crafted_key();
    key.prf = b::sequence({b::oid("\x2A\x86\x48\x86\xF7\x0D\x02\x06"), b::null()});  // hmacWithMD5
    CHECK(codes(inspect(key.bundle(), right)).empty());
  }
  SECTION("malformed parameters: invalid_der") {
    for (int c = 0; c < 5; ++c) {
      key = crafted_key();
      if (c == 0) key.iv = std::string(8, 'i');
      if (c == 1) key.key_length = b::integer(16);  // AES-256 needs 32
      if (c == 2) key.iterations = b::integer(0);
      if (c == 3) key.iterations = b::element(0x02, "\xFF");  // negative
      if (c == 4) key.ciphertext = std::string(33, 'c');
      INFO("case " << c);
      auto found = inspect(key.bundle(), right);
      REQUIRE(codes(found) == codes_t{"invalid_der"});
      CHECK(found.issues[0].params["block"] == "ENCRYPTED PRIVATE KEY");
    }
  }
  SECTION("hostile iteration counts are refused before any work") {
    key.iterations = b::integer(max_derivation_work + 1);
    auto found = inspect(key.bundle(), right);
    REQUIRE(codes(found) == codes_t{"key_derivation_too_costly"});
    CHECK_FALSE(found.issues[0].about_passphrase);
    CHECK(found.issues[0].params["iterations"] == max_derivation_work + 1);
    CHECK(found.issues[0].params["max"] == max_derivation_work);
    key.iterations = b::integer(4'000'000'000);
    CHECK(codes(inspect(key.bundle(), right)) == codes_t{"key_derivation_too_costly"});
    key.iterations = b::integer_bytes(std::string(40, '\x7F'));  // far beyond 64 bits
    CHECK(codes(inspect(key.bundle(), right)) == codes_t{"key_derivation_too_costly"});
    // the budget is for the whole inspection: blocks of keys add up
    std::string many = certificate_fixture("certificate-only.pem");
    const std::string one_key = certificate_fixture("client-encrypted-key.pem");
    const std::string key_block = one_key.substr(one_key.find("-----BEGIN ENCRYPTED"));
    for (int i = 0; i < 4; ++i) many += key_block;
    inspection_options options{right, std::nullopt};
    options.derivation_work_limit = 5000;  // two of the 2048-iteration keys fit, not four
    CHECK(codes(inspect_certificate(many, options)) == codes_t{"key_derivation_too_costly"});
    options.derivation_work_limit = 10000;
    CHECK(codes(inspect_certificate(many, options)).empty());
  }
}

TEST_CASE("pkcs12 passphrase: hostile MAC iteration counts", "[certificate]") {
  auto costly = inspect(with_mac_iterations(b::integer(10'000'001)), right);
  REQUIRE(codes(costly) == codes_t{"key_derivation_too_costly"});
  CHECK_FALSE(costly.issues[0].about_passphrase);
  CHECK(costly.issues[0].params["iterations"] == 10'000'001);
  CHECK(codes(inspect(with_mac_iterations(b::integer_bytes(std::string(9, '\x7F'))))) ==
        codes_t{"key_derivation_too_costly"});
  CHECK(codes(inspect(with_mac_iterations(b::integer(0)), right)) == codes_t{"invalid_pkcs12"});
  CHECK(codes(inspect(with_mac_iterations(b::element(0x02, "\x80")), right)) ==
        codes_t{"invalid_pkcs12"});
  // the unchanged count (2048) still verifies: the rewriting itself is sound
  CHECK(codes(inspect(with_mac_iterations(b::integer(2048)), right)).empty());
  // MAC (2048) + certificates (2048) fit in 5000, the key (2048 more) does not
  inspection_options options{right, std::nullopt};
  options.derivation_work_limit = 5000;
  auto limited = inspect_certificate(certificate_fixture("client.p12.b64"), options);
  REQUIRE(codes(limited) == codes_t{"key_derivation_too_costly"});
  CHECK(limited.issues[0].params["max"] == 5000);
}

TEST_CASE("pkcs12 passphrase: damaged files never crash", "[certificate]") {
  for (const char* fixture : {"client.p12.b64", "nomac.p12.b64", "legacy.p12.b64",
                              "pbmac1.p12.b64", "variants.p12.b64"}) {
    const std::string der = der_of(fixture);
    const std::size_t step = der.size() / 50 + 1;
    for (std::size_t cut = 0; cut < der.size(); cut += step) {
      INFO(fixture << " cut at " << cut);
      inspection found;
      REQUIRE_NOTHROW(found = inspect(b::base64(der.substr(0, cut)), right));
      CHECK_FALSE(found.issues.empty());
    }
    for (std::size_t at = 0; at < der.size(); at += step) {
      for (unsigned char flip : {0x01, 0x80, 0xFF}) {
        std::string damaged = der;
        damaged[at] = static_cast<char>(damaged[at] ^ flip);
        INFO(fixture << " byte " << at << " ^ " << int(flip));
        REQUIRE_NOTHROW(inspect(b::base64(damaged), right));
        REQUIRE_NOTHROW(inspect(b::base64(damaged)));
      }
    }
  }
}

TEST_CASE("pem passphrase: damaged encrypted keys never crash", "[certificate]") {
  const std::string pem = certificate_fixture("client-encrypted-key.pem");
  const std::size_t begin = pem.find("-----BEGIN ENCRYPTED");
  const std::string cert = pem.substr(0, begin);
  std::string body = pem.substr(begin);
  body = body.substr(body.find('\n') + 1);
  body = body.substr(0, body.find("-----END"));
  const std::string der = *core::decode_base64(body, true).bytes;
  for (std::size_t at = 0; at < der.size(); ++at) {
    std::string damaged = der;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x41);
    INFO("byte " << at);
    REQUIRE_NOTHROW(inspect(cert + b::pem("ENCRYPTED PRIVATE KEY", damaged), right));
  }
  for (std::size_t cut = 0; cut < der.size(); cut += 7) {
    INFO("cut at " << cut);
    auto found = inspect(cert + b::pem("ENCRYPTED PRIVATE KEY", der.substr(0, cut)), right);
    CHECK_FALSE(found.issues.empty());
  }
}
