#pragma once
// SHA-256 and SHA-224 (FIPS 180-4, sections 6.2 and 6.3): one compression function on
// 32-bit words; SHA-224 starts from other initial values and keeps 28 bytes of the result.
#include "core/crypto/block_buffer.h"

namespace core::crypto {

template <std::size_t DigestSize>  // 32: SHA-256, 28: SHA-224
class sha256_family {
  static_assert(DigestSize == 32 || DigestSize == 28);

 public:
  static constexpr std::size_t block_size = 64;
  static constexpr std::size_t digest_size = DigestSize;
  using digest = byte_array<digest_size>;

  void update(byte_view data);
  digest finish();  // the object is then ready for a new message
  static digest of(byte_view data);

 private:
  using state = std::array<std::uint32_t, 8>;
  // The first 32 bits of the fractional parts of the square roots of the first 8 primes
  // (SHA-256); SHA-224 takes the second 32 bits of those of the 9th to 16th primes.
  static constexpr state initial =
      DigestSize == 32 ? state{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}
                       : state{0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939,
                               0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4};
  void compress(const block_buffer<block_size>::block& block);

  state state_ = initial;
  block_buffer<block_size> buffer_;
};

using sha256 = sha256_family<32>;
using sha224 = sha256_family<28>;

extern template class sha256_family<32>;
extern template class sha256_family<28>;

}  // namespace core::crypto
