#include "core/certificate/pkcs12_mac.h"

#include <vector>

#include "core/certificate/algorithm_identifier.h"
#include "core/certificate/object_identifiers.h"
#include "core/certificate/pbkdf2_parameters.h"
#include "core/crypto/constant_time.h"
#include "core/crypto/hmac.h"
#include "core/crypto/pkcs12_kdf.h"
#include "core/crypto/pkcs12_password.h"

namespace core::certificate {
namespace {

constexpr auto ber = encoding_rules::ber;
using kind = protection_problem::kind;

mac_verification not_possible(kind what, std::string detail, std::uint64_t iterations = 0) {
  return {mac_status::not_possible, {what, std::move(detail), iterations}};
}

bool has_non_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// The password forms the PKCS#12 derivation is tried with.
std::vector<std::string> bmp_candidates(std::optional<std::string_view> passphrase) {
  if (!passphrase) return {std::string(), std::string(2, '\0')};  // none, then ""
  std::vector<std::string> out;
  if (auto utf8 = crypto::pkcs12_password(*passphrase)) out.push_back(std::move(*utf8));
  if (has_non_ascii(*passphrase)) out.push_back(crypto::pkcs12_password_bytewise(*passphrase));
  return out;
}

bool mac_matches(crypto::hash_algorithm hash, bytes_view key, bytes_view authenticated_safe,
                 bytes_view expected) {
  const crypto::any_digest mac = crypto::hmac(hash, key).mac(authenticated_safe);
  return crypto::equal_in_constant_time(mac.view(), expected);
}

// RFC 7292: the key is the PKCS#12 derivation of the password with the same hash.
mac_verification verify_classic(crypto::hash_algorithm hash, bytes_view salt,
                                std::uint64_t iterations, bytes_view expected,
                                bytes_view authenticated_safe,
                                std::optional<std::string_view> passphrase,
                                derivation_budget& budget) {
  const std::size_t digest_size = crypto::any_hash::digest_size_of(hash);
  if (expected.size() != digest_size) {
    return not_possible(kind::malformed, "the MAC is not as long as the digest");
  }
  for (const std::string& password : bmp_candidates(passphrase)) {
    if (iterations > budget.total() || iterations > UINT32_MAX ||
        !budget.spend(crypto::pkcs12_kdf_work(hash, iterations, digest_size))) {
      return not_possible(kind::too_costly, "PKCS#12 MAC", iterations);
    }
    const std::string key =
        crypto::pkcs12_kdf(hash, password, salt, static_cast<std::uint32_t>(iterations),
                           crypto::pkcs12_key_purpose::mac_key, digest_size);
    if (mac_matches(hash, key, authenticated_safe, expected)) {
      return {mac_status::verified, {}};
    }
  }
  return {mac_status::mismatch, {}};
}

// RFC 9579: PBMAC1-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier,
//                                        messageAuthScheme AlgorithmIdentifier }
mac_verification verify_pbmac1(const algorithm_identifier& pbmac1, bytes_view expected,
                               bytes_view authenticated_safe,
                               std::optional<std::string_view> passphrase,
                               derivation_budget& budget) {
  std::string error;
  if (!pbmac1.parameters || pbmac1.parameters->tag != tag::sequence) {
    return not_possible(kind::malformed, "PBMAC1 parameters are not a SEQUENCE");
  }
  tlv_children members(*pbmac1.parameters, ber);
  auto kdf_element = members.next(error);
  auto kdf = kdf_element ? read_algorithm_identifier(*kdf_element, error) : std::nullopt;
  auto scheme_element = kdf ? members.next(error) : std::nullopt;
  auto scheme = scheme_element ? read_algorithm_identifier(*scheme_element, error) : std::nullopt;
  if (!scheme) return not_possible(kind::malformed, "PBMAC1 parameters: " + error);
  mac_verification out;
  auto parameters = read_pbkdf2_parameters(*kdf, out.problem);
  if (!parameters) return out;
  auto hash = hmac_algorithm(scheme->algorithm);
  if (!hash) return not_possible(kind::unsupported, object_identifier_text(scheme->algorithm));
  // RFC 9579, section 4: keyLength MUST be present (and OpenSSL refuses files without it)
  if (!parameters->key_length) return not_possible(kind::malformed, "PBMAC1 without keyLength");
  const std::string_view password = passphrase.value_or(std::string_view());
  auto key = derive_pbkdf2(*parameters, password, static_cast<std::size_t>(*parameters->key_length),
                           budget, out.problem);
  if (!key) return out;
  const bool matches = mac_matches(*hash, *key, authenticated_safe, expected);
  return {matches ? mac_status::verified : mac_status::mismatch, {}};
}

}  // namespace

mac_verification verify_pkcs12_mac(bytes_view mac_data, bytes_view authenticated_safe,
                                   std::optional<std::string_view> passphrase,
                                   derivation_budget& budget) {
  std::string error;
  const auto malformed = [&](std::string what) {
    return not_possible(kind::malformed, "MacData: " + what);
  };
  auto top = read_single(mac_data, tag::sequence, ber, error);
  if (!top) return malformed(error);
  tlv_children members(*top, ber);
  auto digest_info = members.next(tag::sequence, error);
  if (!digest_info) return malformed(error);
  auto salt_element = members.next(error);
  auto salt = salt_element ? octet_string_value(*salt_element, ber, error) : std::nullopt;
  if (!salt) return malformed("macSalt: " + error);
  std::uint64_t iterations = 1;
  if (auto count = members.next_if(tag::integer, error)) {
    auto value = unsigned_integer_value(*count, error);
    if (!value) return malformed("iterations: " + error);
    iterations = *value;
  } else if (!error.empty()) {
    return malformed("iterations: " + error);
  }
  if (!members.at_end()) return malformed("unexpected data after iterations");

  tlv_children digest_members(*digest_info, ber);
  auto algorithm_element = digest_members.next(tag::sequence, error);
  auto algorithm =
      algorithm_element ? read_algorithm_identifier(*algorithm_element, error) : std::nullopt;
  auto digest_element = algorithm ? digest_members.next(error) : std::nullopt;
  auto digest = digest_element ? octet_string_value(*digest_element, ber, error) : std::nullopt;
  if (!digest) return malformed("DigestInfo: " + error);
  if (!digest_members.at_end()) return malformed("unexpected data after the digest");

  if (oid_equals(algorithm->algorithm, oid::pbmac1)) {
    return verify_pbmac1(*algorithm, *digest, authenticated_safe, passphrase, budget);
  }
  auto hash = digest_algorithm(algorithm->algorithm);
  if (!hash) return not_possible(kind::unsupported, object_identifier_text(algorithm->algorithm));
  if (iterations == 0) return malformed("iterations is 0");
  return verify_classic(*hash, *salt, iterations, *digest, authenticated_safe, passphrase, budget);
}

}  // namespace core::certificate
