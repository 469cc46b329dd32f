#pragma once
// AES in CBC mode, decryption (NIST SP 800-38A, 6.2): P_i = AES^-1(C_i) ^ C_(i-1), with
// C_0 the initialization vector. The padding is left for the caller (pkcs7_padding.h):
// whether it is right is what tells a wrong key from the right one.
#include <optional>
#include <string>

#include "core/crypto/bytes.h"

namespace core::crypto {

// nullopt when the key is not 16, 24 or 32 bytes, the IV not 16 bytes, or the ciphertext
// not a whole, non-zero number of 16-byte blocks.
std::optional<std::string> aes_cbc_decrypt(byte_view key, byte_view iv, byte_view ciphertext);

}  // namespace core::crypto
