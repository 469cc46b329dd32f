#include "core/certificate/encrypted_pem_key.h"

#include "core/certificate/private_key_structure.h"
#include "core/crypto/evp_bytes_to_key.h"

namespace core::certificate {
namespace {

using kind = protection_problem::kind;

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::optional<std::string> from_hex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    int value = 0;
    for (char c : text.substr(i, 2)) {
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        return std::nullopt;
      }
      value = value * 16 + digit;
    }
    out += static_cast<char>(value);
  }
  return out;
}

// The plaintext is the key the label announces, or the passphrase was wrong.
void check_structure(decryption_result& result, key_syntax syntax) {
  if (result.status == decryption_status::decrypted &&
      private_key_structure_error(result.plaintext, syntax, encoding_rules::ber)) {
    result.status = decryption_status::wrong_password;
    result.plaintext.clear();
  }
}

decryption_result decrypt_legacy(const pem_block& block, std::string_view passphrase) {
  // DEK-Info: <cipher>,<IV in hex>
  const std::string_view info = pem_header(block, "DEK-Info");
  const std::size_t comma = info.find(',');
  if (comma == std::string_view::npos) {
    return decryption_not_possible(kind::malformed, "DEK-Info is not <cipher>,<IV>");
  }
  const std::string_view cipher = info.substr(0, comma);
  std::size_t key_size = 0;
  if (equal_ignoring_case(cipher, "AES-128-CBC")) key_size = 16;
  if (equal_ignoring_case(cipher, "AES-192-CBC")) key_size = 24;
  if (equal_ignoring_case(cipher, "AES-256-CBC")) key_size = 32;
  if (key_size == 0) return decryption_not_possible(kind::unsupported, std::string(cipher));
  auto iv = from_hex(info.substr(comma + 1));
  if (!iv || iv->size() != 16) {
    return decryption_not_possible(kind::malformed, "DEK-Info IV is not 16 bytes of hex");
  }
  if (block.der.empty() || block.der.size() % 16 != 0) {
    return decryption_not_possible(kind::malformed,
                                   "the encrypted key is not a whole number of AES blocks");
  }
  const std::string key = crypto::evp_bytes_to_key_md5(passphrase, iv->substr(0, 8), key_size);
  return decrypt_aes_cbc_padded(key, *iv, block.der);
}

}  // namespace

decryption_result decrypt_pem_key(const pem_block& block, std::string_view passphrase,
                                  derivation_budget& budget) {
  if (block.label == "ENCRYPTED PRIVATE KEY") {
    std::string error;
    auto element = read_single(block.der, tag::sequence, encoding_rules::der, error);
    auto content = element ? read_encrypted_private_key_info(*element, encoding_rules::der, error)
                           : std::nullopt;
    if (!content) return decryption_not_possible(kind::malformed, error);
    decryption_result out = decrypt_with_password(*content, passphrase, budget);
    check_structure(out, key_syntax::private_key_info);
    return out;
  }
  decryption_result out = decrypt_legacy(block, passphrase);
  check_structure(out, key_syntax::traditional);
  return out;
}

}  // namespace core::certificate
