#include "core/certificate/password_based_encryption.h"

#include "core/certificate/algorithm_identifier.h"
#include "core/certificate/object_identifiers.h"
#include "core/certificate/pbkdf2_parameters.h"

namespace core::certificate {
namespace {

constexpr auto ber = encoding_rules::ber;
using kind = protection_problem::kind;

// The AES key size an encryption scheme identifier names, 0 when not AES-CBC.
std::size_t aes_cbc_key_size(const tlv& oid) {
  if (oid_equals(oid, oid::aes128_cbc)) return 16;
  if (oid_equals(oid, oid::aes192_cbc)) return 24;
  if (oid_equals(oid, oid::aes256_cbc)) return 32;
  return 0;
}

// PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier,
//                             encryptionScheme AlgorithmIdentifier }
decryption_result decrypt_pbes2(const algorithm_identifier& pbes2, bytes_view ciphertext,
                                bytes_view password, derivation_budget& budget) {
  std::string error;
  if (!pbes2.parameters || pbes2.parameters->tag != tag::sequence) {
    return decryption_not_possible(kind::malformed, "PBES2 parameters are not a SEQUENCE");
  }
  tlv_children members(*pbes2.parameters, ber);
  auto kdf_element = members.next(error);
  auto kdf = kdf_element ? read_algorithm_identifier(*kdf_element, error) : std::nullopt;
  auto scheme_element = kdf ? members.next(error) : std::nullopt;
  auto scheme = scheme_element ? read_algorithm_identifier(*scheme_element, error) : std::nullopt;
  if (!scheme) return decryption_not_possible(kind::malformed, "PBES2 parameters: " + error);
  if (!members.at_end()) {
    return decryption_not_possible(kind::malformed, "unexpected data in PBES2 parameters");
  }

  decryption_result out;
  auto kdf_parameters = read_pbkdf2_parameters(*kdf, out.problem);
  if (!kdf_parameters) return out;
  const std::size_t key_size = aes_cbc_key_size(scheme->algorithm);
  if (key_size == 0) {
    return decryption_not_possible(kind::unsupported, object_identifier_text(scheme->algorithm));
  }
  // AES-IV ::= OCTET STRING (SIZE(16))
  auto iv = scheme->parameters ? octet_string_value(*scheme->parameters, ber, error) : std::nullopt;
  if (!iv || iv->size() != 16) {
    return decryption_not_possible(kind::malformed, "the AES-CBC IV is not 16 bytes");
  }
  if (kdf_parameters->key_length && *kdf_parameters->key_length != key_size) {
    return decryption_not_possible(kind::malformed,
                                   "PBKDF2 keyLength does not match the AES key size");
  }
  if (ciphertext.empty() || ciphertext.size() % 16 != 0) {
    return decryption_not_possible(kind::malformed,
                                   "the ciphertext is not a whole number of AES blocks");
  }
  auto key = derive_pbkdf2(*kdf_parameters, password, key_size, budget, out.problem);
  if (!key) return out;
  return decrypt_aes_cbc_padded(*key, *iv, ciphertext);
}

}  // namespace

std::optional<encrypted_content> read_encrypted_private_key_info(const tlv& element,
                                                                 encoding_rules rules,
                                                                 std::string& error) {
  if (element.tag != tag::sequence) {
    error = "EncryptedPrivateKeyInfo is not a SEQUENCE";
    return std::nullopt;
  }
  tlv_children members(element, rules);
  auto algorithm = members.next(tag::sequence, error);
  auto data = algorithm ? members.next(error) : std::nullopt;
  auto ciphertext = data ? octet_string_value(*data, rules, error) : std::nullopt;
  if (!ciphertext) return std::nullopt;
  if (!members.at_end()) {
    error = "unexpected data after the encrypted key";
    return std::nullopt;
  }
  return encrypted_content{std::string(algorithm->whole), std::move(*ciphertext)};
}

decryption_result decrypt_with_password(const encrypted_content& content, bytes_view password,
                                        derivation_budget& budget) {
  std::string error;
  auto element = read_single(content.algorithm, tag::sequence, ber, error);
  auto algorithm = element ? read_algorithm_identifier(*element, error) : std::nullopt;
  if (!algorithm) return decryption_not_possible(kind::malformed, "encryption algorithm: " + error);
  if (!oid_equals(algorithm->algorithm, oid::pbes2)) {
    return decryption_not_possible(kind::unsupported, object_identifier_text(algorithm->algorithm));
  }
  return decrypt_pbes2(*algorithm, content.ciphertext, password, budget);
}

}  // namespace core::certificate
