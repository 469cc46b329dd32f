#pragma once
// SHA-1 (FIPS 180-4, section 6.1). Broken for collision resistance, but what PKCS#12 files
// still most often use for their MAC and key derivation (RFC 7292), and the default PRF of
// PBKDF2; HMAC-SHA-1 as a keyed function is not affected by the collision attacks.
#include "core/crypto/block_buffer.h"

namespace core::crypto {

class sha1 {
 public:
  static constexpr std::size_t block_size = 64;
  static constexpr std::size_t digest_size = 20;
  using digest = byte_array<digest_size>;

  void update(byte_view data);
  digest finish();  // the object is then ready for a new message
  static digest of(byte_view data);

 private:
  using state = std::array<std::uint32_t, 5>;
  static constexpr state initial{0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  void compress(const block_buffer<block_size>::block& block);

  state state_ = initial;
  block_buffer<block_size> buffer_;
};

}  // namespace core::crypto
