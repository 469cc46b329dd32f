#include "core/crypto/aes_cbc.h"

#include "core/crypto/aes.h"

namespace core::crypto {

std::optional<std::string> aes_cbc_decrypt(byte_view key, byte_view iv, byte_view ciphertext) {
  constexpr std::size_t n = aes_decryption::block_size;
  if (iv.size() != n || ciphertext.empty() || ciphertext.size() % n != 0) return std::nullopt;
  const auto cipher = aes_decryption::with_key(key);
  if (!cipher) return std::nullopt;
  std::string out(ciphertext.size(), '\0');
  byte_view previous = iv;
  for (std::size_t offset = 0; offset < ciphertext.size(); offset += n) {
    aes_decryption::block block;
    for (std::size_t i = 0; i < n; ++i) block[i] = byte_at(ciphertext, offset + i);
    const aes_decryption::block plain = cipher->decrypt(block);
    for (std::size_t i = 0; i < n; ++i) {
      out[offset + i] = static_cast<char>(plain[i] ^ byte_at(previous, i));
    }
    previous = ciphertext.substr(offset, n);
  }
  return out;
}

}  // namespace core::crypto
