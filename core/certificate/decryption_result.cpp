#include "core/certificate/decryption_result.h"

#include "core/crypto/aes.h"
#include "core/crypto/aes_cbc.h"
#include "core/crypto/pkcs7_padding.h"

namespace core::certificate {

decryption_result decryption_not_possible(protection_problem::kind what, std::string detail) {
  decryption_result out;
  out.problem = {what, std::move(detail), 0};
  return out;
}

decryption_result decrypt_aes_cbc_padded(bytes_view key, bytes_view iv, bytes_view ciphertext) {
  auto plaintext = crypto::aes_cbc_decrypt(key, iv, ciphertext);
  if (!plaintext) {
    return decryption_not_possible(protection_problem::kind::malformed, "AES-CBC parameters");
  }
  decryption_result out;
  if (!crypto::remove_pkcs7_padding(*plaintext, crypto::aes_decryption::block_size)) {
    out.status = decryption_status::wrong_password;
    return out;
  }
  out.status = decryption_status::decrypted;
  out.plaintext = std::move(*plaintext);
  return out;
}

}  // namespace core::certificate
