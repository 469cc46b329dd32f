#pragma once
// SHA-512 and SHA-384 (FIPS 180-4, sections 6.4 and 6.5): one compression function on
// 64-bit words and 128-byte blocks; SHA-384 starts from other initial values and keeps 48
// bytes of the result. OpenSSL writes PKCS#12 MACs with them on request (-macalg).
#include "core/crypto/block_buffer.h"

namespace core::crypto {

template <std::size_t DigestSize>  // 64: SHA-512, 48: SHA-384
class sha512_family {
  static_assert(DigestSize == 64 || DigestSize == 48);

 public:
  static constexpr std::size_t block_size = 128;
  static constexpr std::size_t digest_size = DigestSize;
  using digest = byte_array<digest_size>;

  void update(byte_view data);
  digest finish();  // the object is then ready for a new message
  static digest of(byte_view data);

 private:
  using state = std::array<std::uint64_t, 8>;
  // The first 64 bits of the fractional parts of the square roots of the first 8 primes
  // (SHA-512), of the 9th to 16th primes (SHA-384).
  static constexpr state initial =
      DigestSize == 64
          ? state{0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b,
                  0xa54ff53a5f1d36f1, 0x510e527fade682d1, 0x9b05688c2b3e6c1f,
                  0x1f83d9abfb41bd6b, 0x5be0cd19137e2179}
          : state{0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17,
                  0x152fecd8f70e5939, 0x67332667ffc00b31, 0x8eb44a8768581511,
                  0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4};
  void compress(const block_buffer<block_size>::block& block);

  state state_ = initial;
  block_buffer<block_size> buffer_;
};

using sha512 = sha512_family<64>;
using sha384 = sha512_family<48>;

extern template class sha512_family<64>;
extern template class sha512_family<48>;

}  // namespace core::crypto
