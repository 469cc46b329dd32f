#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "catalog_fixtures.h"
#include "core/certificate/der.h"
#include "core/certificate/inspection.h"
#include "core/certificate/pem.h"
#include "core/certificate/x509.h"
#include "core/common/base64.h"

using namespace core::certificate;
using catalog_tests::certificate_fixture;

namespace {

struct validity {
  std::int64_t not_before_ms, not_after_ms;
};

// What `openssl x509 -startdate -enddate` said when make.sh generated the fixtures.
std::map<std::string, validity> openssl_validity() {
  std::map<std::string, validity> out;
  std::istringstream in(certificate_fixture("validity.txt"));
  std::string name;
  std::int64_t start, end;
  while (in >> name >> start >> end) out[name] = {start * 1000, end * 1000};
  return out;
}

std::vector<std::string> codes(const inspection& found) {
  std::vector<std::string> out;
  for (const auto& i : found.issues) out.push_back(i.code);
  return out;
}

inspection inspect(const std::string& data, std::optional<std::string_view> passphrase = {},
                   std::optional<std::int64_t> now = {}) {
  return inspect_certificate(data, inspection_options{passphrase, now});
}

}  // namespace

TEST_CASE("der: lengths are bounded by the buffer", "[certificate]") {
  std::string error;
  CHECK(read_tlv(std::string("\x30\x00", 2), encoding_rules::der, error));
  CHECK_FALSE(read_tlv(std::string("\x30\x05\x01", 3), encoding_rules::der, error));
  CHECK(error.find("truncated") != std::string::npos);
  CHECK_FALSE(read_tlv(std::string("\x30\x84\xFF\xFF\xFF\xFF", 6), encoding_rules::der, error));
  CHECK_FALSE(read_tlv(std::string("\x30\x85\x01\x01\x01\x01\x01", 7), encoding_rules::der, error));
  CHECK_FALSE(read_tlv(std::string("\x30\x81\x05" "abcde", 8), encoding_rules::der, error));
  CHECK(error.find("non-minimal") != std::string::npos);
  CHECK(read_tlv(std::string("\x30\x81\x05" "abcde", 8), encoding_rules::ber, error));
  CHECK_FALSE(read_tlv(std::string("\x1F\x01\x00", 3), encoding_rules::ber, error));
}

TEST_CASE("der: indefinite lengths only in BER, nesting bounded", "[certificate]") {
  std::string error;
  const std::string indefinite("\x30\x80\x02\x01\x05\x00\x00", 7);
  CHECK_FALSE(read_tlv(indefinite, encoding_rules::der, error));
  auto t = read_tlv(indefinite, encoding_rules::ber, error);
  REQUIRE(t);
  CHECK(t->size == 7);
  CHECK(t->content.size() == 3);
  CHECK_FALSE(read_tlv(std::string("\x30\x80\x02\x01\x05", 5), encoding_rules::ber, error));
  std::string deep;
  for (int i = 0; i < 1000; ++i) deep += std::string("\x30\x80", 2);
  CHECK_FALSE(read_tlv(deep, encoding_rules::ber, error));
  CHECK(error.find("nested") != std::string::npos);
}

TEST_CASE("x509: validity matches what openssl reads", "[certificate]") {
  const auto expected = openssl_validity();
  for (const auto& [file, name] : std::vector<std::pair<std::string, std::string>>{
           {"certificate-only.pem", "leaf"}, {"century.pem", "century"}}) {
    auto pem = parse_pem(certificate_fixture(file));
    REQUIRE_FALSE(pem.error);
    std::string error;
    auto summary = read_x509(pem.blocks.at(0).der, error);
    INFO(file << ": " << error);
    REQUIRE(summary);
    CHECK(summary->not_before_ms == expected.at(name).not_before_ms);
    CHECK(summary->not_after_ms == expected.at(name).not_after_ms);
  }
}

TEST_CASE("x509: times", "[certificate]") {
  CHECK(parse_asn1_time(tag::utc_time, "700101000000Z") == 0);
  CHECK(parse_asn1_time(tag::utc_time, "491231235959Z") == 2524607999000);  // 2049
  CHECK(parse_asn1_time(tag::utc_time, "500101000000Z") == -631152000000);   // 1950
  CHECK(parse_asn1_time(tag::generalized_time, "20500101000000Z") == 2524608000000);
  CHECK(parse_asn1_time(tag::generalized_time, "20500101000000.123Z") == 2524608000000);
  CHECK_FALSE(parse_asn1_time(tag::utc_time, "700230000000Z"));   // 30 February
  CHECK_FALSE(parse_asn1_time(tag::utc_time, "700101240000Z"));
  CHECK_FALSE(parse_asn1_time(tag::utc_time, "7001010000Z"));
  CHECK_FALSE(parse_asn1_time(tag::utc_time, "700101000000+0100"));
  CHECK_FALSE(parse_asn1_time(tag::generalized_time, "20500101000000.Z"));
  CHECK(iso_utc(0) == "1970-01-01T00:00:00Z");
  CHECK(iso_utc(2524607999000) == "2049-12-31T23:59:59Z");
  CHECK(iso_utc(-1) == "1969-12-31T23:59:59Z");
}

TEST_CASE("pem: blocks, headers and text around them", "[certificate]") {
  auto r = parse_pem("Bag Attributes\n    localKeyID: 01\nsubject=/CN=x\n" +
                     certificate_fixture("client-legacy-encrypted.pem"));
  REQUIRE_FALSE(r.error);
  REQUIRE(r.blocks.size() == 2);
  CHECK(r.blocks[0].label == "CERTIFICATE");
  CHECK(r.blocks[0].line == 4);
  CHECK(r.blocks[1].label == "EC PRIVATE KEY");
  CHECK(pem_header(r.blocks[1], "Proc-Type") == "4,ENCRYPTED");
  CHECK(pem_header(r.blocks[1], "DEK-Info").substr(0, 11) == "AES-128-CBC");
}

TEST_CASE("pem: malformed armour is reported with its line", "[certificate]") {
  const std::string cert = certificate_fixture("certificate-only.pem");
  auto unterminated = parse_pem(cert.substr(0, cert.find("-----END")));
  REQUIRE(unterminated.error);
  CHECK(unterminated.error->reason.find("no END line") != std::string::npos);
  CHECK(unterminated.error->line == 1);

  auto mismatch = parse_pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n");
  REQUIRE(mismatch.error);
  CHECK(mismatch.error->line == 3);

  auto bad_base64 = parse_pem("-----BEGIN CERTIFICATE-----\nAAAA\nA*AA\n-----END CERTIFICATE-----\n");
  REQUIRE(bad_base64.error);
  CHECK(bad_base64.error->reason.find("base64") != std::string::npos);

  CHECK(parse_pem("-----BEGIN X-----\n-----END X-----\n").error);           // empty
  CHECK(parse_pem("-----END X-----\n").error);                              // no BEGIN
  CHECK(parse_pem("-----BEGIN X-----\n-----BEGIN X-----\n").error);         // nested
}

TEST_CASE("inspection: valid PEM bundles", "[certificate]") {
  const auto expected = openssl_validity();
  for (const char* file : {"client.pem", "client-ec-key.pem", "century.pem", "chain.pem"}) {
    INFO(file);
    auto found = inspect(certificate_fixture(file), {}, expected.at("leaf").not_before_ms + 1000);
    CHECK(codes(found).empty());
    CHECK(found.format == container_format::pem);
    CHECK(found.has_private_key);
    CHECK_FALSE(found.private_key_encrypted);
  }
  auto chain = inspect(certificate_fixture("chain.pem"));
  REQUIRE(chain.certificates.size() == 2);
  CHECK(chain.certificates[0].subject_common_name == "chained.example.com");
  CHECK(chain.certificates[1].subject_common_name == "Test CA");
  // CRLF line ends, as pasted from Windows
  std::string crlf;
  for (char c : certificate_fixture("client.pem")) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  CHECK(codes(inspect(crlf)).empty());
}

TEST_CASE("inspection: expiry and not-yet-valid against the caller's now", "[certificate]") {
  const auto v = openssl_validity().at("leaf");
  const std::string pem = certificate_fixture("client.pem");
  CHECK(codes(inspect(pem, {}, v.not_after_ms)).empty());             // last valid instant
  auto expired = inspect(pem, {}, v.not_after_ms + 1);
  REQUIRE(codes(expired) == std::vector<std::string>{"certificate_expired"});
  CHECK(expired.issues[0].params["subject"] == "client.example.com");
  CHECK(expired.issues[0].params["notAfter"] == iso_utc(v.not_after_ms));
  CHECK(codes(inspect(pem, {}, v.not_before_ms)).empty());
  CHECK(codes(inspect(pem, {}, v.not_before_ms - 1)) ==
        std::vector<std::string>{"certificate_not_yet_valid"});
  CHECK(codes(inspect(pem)).empty());  // no now: not checked
  // a chain: the leaf expires first (30 days), the CA later
  const auto chained = openssl_validity().at("chained");
  CHECK(codes(inspect(certificate_fixture("chain.pem"), {}, chained.not_after_ms + 1)) ==
        std::vector<std::string>{"certificate_expired"});
}

TEST_CASE("inspection: missing parts", "[certificate]") {
  CHECK(codes(inspect(certificate_fixture("certificate-only.pem"))) ==
        std::vector<std::string>{"missing_private_key"});
  CHECK(codes(inspect(certificate_fixture("key-only.pem"))) ==
        std::vector<std::string>{"missing_certificate"});
}

TEST_CASE("inspection: encrypted keys need the passphrase", "[certificate]") {
  for (const char* file : {"client-encrypted-key.pem", "client-legacy-encrypted.pem"}) {
    INFO(file);
    const std::string pem = certificate_fixture(file);
    auto without = inspect(pem);
    REQUIRE(codes(without) == std::vector<std::string>{"passphrase_required"});
    CHECK(without.issues[0].about_passphrase);
    CHECK(codes(inspect(pem, std::string_view(""))) == std::vector<std::string>{"passphrase_required"});
    auto with = inspect(pem, std::string_view("correct-horse"));
    CHECK(codes(with).empty());
    CHECK(with.private_key_encrypted);
  }
}

TEST_CASE("inspection: corrupted DER inside valid armour", "[certificate]") {
  std::string pem = certificate_fixture("client.pem");
  // flip the certificate's outer length byte: MIIB3T... -> the SEQUENCE length changes
  const std::size_t body = pem.find('\n') + 1;
  pem[body + 3] = pem[body + 3] == 'A' ? 'B' : 'A';
  auto found = inspect(pem);
  REQUIRE_FALSE(found.issues.empty());
  CHECK(found.issues[0].code == "invalid_der");
  CHECK(found.issues[0].params["block"] == "CERTIFICATE");
  // a certificate block that holds a key
  const std::string key = certificate_fixture("key-only.pem");
  std::string swapped = key;
  swapped.replace(swapped.find("PRIVATE KEY"), 11, "CERTIFICATE");
  swapped.replace(swapped.rfind("PRIVATE KEY"), 11, "CERTIFICATE");
  CHECK(codes(inspect(swapped + key))[0] == "invalid_der");
}

TEST_CASE("inspection: PKCS#12 in base64", "[certificate]") {
  const auto v = openssl_validity().at("leaf");
  auto encrypted = inspect(certificate_fixture("client.p12.b64"), std::string_view("correct-horse"),
                           v.not_after_ms + 1);
  CHECK(encrypted.format == container_format::pkcs12);
  // decrypted with the passphrase: the certificate inside is dated like a clear one
  CHECK(codes(encrypted) == std::vector<std::string>{"certificate_expired"});
  REQUIRE(encrypted.certificates.size() == 1);
  CHECK(encrypted.certificates[0].not_after_ms == v.not_after_ms);

  auto clear = inspect(certificate_fixture("clear.p12.b64"), {}, v.not_before_ms + 1);
  CHECK(codes(clear).empty());
  REQUIRE(clear.certificates.size() == 1);
  CHECK(clear.certificates[0].not_after_ms == v.not_after_ms);
  CHECK(clear.has_private_key);
  CHECK(codes(inspect(certificate_fixture("clear.p12.b64"), {}, v.not_after_ms + 1)) ==
        std::vector<std::string>{"certificate_expired"});
  CHECK(codes(inspect(certificate_fixture("clear-no-key.p12.b64"))) ==
        std::vector<std::string>{"missing_private_key"});
}

TEST_CASE("inspection: what is neither PEM nor PKCS#12", "[certificate]") {
  CHECK(codes(inspect("hello world")) == std::vector<std::string>{"invalid_certificate_format"});
  CHECK(codes(inspect("   ")) == std::vector<std::string>{"invalid_certificate_format"});
  CHECK(codes(inspect("aGVsbG8=")) == std::vector<std::string>{"invalid_pkcs12"});
  // a truncated PKCS#12
  std::string p12 = certificate_fixture("clear.p12.b64");
  auto bytes = *core::decode_base64(p12, true).bytes;
  bytes.resize(bytes.size() / 2);
  std::string truncated;
  {
    // re-encode with the test's own small encoder
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
      const unsigned n = (unsigned char)bytes[i] << 16 | (unsigned char)bytes[i + 1] << 8 |
                         (unsigned char)bytes[i + 2];
      for (int s = 18; s >= 0; s -= 6) truncated += alphabet[(n >> s) & 63];
    }
    // drop a 1-2 byte tail: the DER is cut anyway
  }
  CHECK(codes(inspect(truncated)) == std::vector<std::string>{"invalid_pkcs12"});
}
