#pragma once
// MD5 (RFC 1321). Broken as a hash; here only because OpenSSL's legacy encrypted PEM keys
// ("Proc-Type: 4,ENCRYPTED") derive their key from the passphrase with one round of it
// (evp_bytes_to_key.h).
#include "core/crypto/block_buffer.h"

namespace core::crypto {

class md5 {
 public:
  static constexpr std::size_t block_size = 64;
  static constexpr std::size_t digest_size = 16;
  using digest = byte_array<digest_size>;

  void update(byte_view data);
  digest finish();  // the object is then ready for a new message
  static digest of(byte_view data);

 private:
  using state = std::array<std::uint32_t, 4>;
  static constexpr state initial{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  void compress(const block_buffer<block_size>::block& block);

  state state_ = initial;
  block_buffer<block_size> buffer_;
};

}  // namespace core::crypto
