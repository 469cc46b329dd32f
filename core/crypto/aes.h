#pragma once
// The AES block cipher, decryption direction only (FIPS 197): what is needed to open the
// AES-CBC encrypted keys and PKCS#12 contents OpenSSL writes. Keys of 16, 24 or 32 bytes
// (AES-128, -192, -256; 10, 12 or 14 rounds).
//
// Byte-oriented, with table lookups indexed by key-dependent bytes: not constant-time. That
// is acceptable here because the data decrypted belongs to whoever submits it and is opened
// once per validation; it is not a general-purpose cipher to serve secrets with.
#include <optional>

#include "core/crypto/bytes.h"

namespace core::crypto {

class aes_decryption {
 public:
  static constexpr std::size_t block_size = 16;
  using block = byte_array<block_size>;

  // nullopt unless the key has 16, 24 or 32 bytes.
  static std::optional<aes_decryption> with_key(byte_view key);

  block decrypt(const block& ciphertext) const;

 private:
  aes_decryption() = default;
  byte_array<16 * 15> round_keys_{};  // (rounds + 1) round keys of 16 bytes
  int rounds_ = 0;
};

}  // namespace core::crypto
