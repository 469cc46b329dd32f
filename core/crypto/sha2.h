#pragma once
// SHA-2 (FIPS 180-4, section 6): SHA-224 and SHA-256 work on 32-bit words and 64-byte
// blocks, SHA-384 and SHA-512 on 64-bit words and 128-byte blocks. They share one message
// schedule and one compression function; what a word size sets (rounds, rotation and shift
// counts, round constants) is in sha2_words. The shorter digests start from other initial
// values and keep the first bytes of the result. OpenSSL writes PKCS#12 MACs with any of
// them on request (-macalg).
#include <array>
#include <cstdint>

#include "core/crypto/block_buffer.h"

namespace core::crypto {

template <class Word>
struct sha2_words;

template <>
struct sha2_words<std::uint32_t> {
  static constexpr std::size_t block_size = 64;
  static constexpr std::size_t length_bytes = 8;  // the message length that ends the padding
  static constexpr int rounds = 64;
  // σ0, σ1: rotate, rotate, shift; Σ0, Σ1: three rotations
  static constexpr unsigned sigma0[3] = {7, 18, 3}, sigma1[3] = {17, 19, 10};
  static constexpr unsigned sum0[3] = {2, 13, 22}, sum1[3] = {6, 11, 25};
};

template <>
struct sha2_words<std::uint64_t> {
  static constexpr std::size_t block_size = 128;
  static constexpr std::size_t length_bytes = 16;
  static constexpr int rounds = 80;
  static constexpr unsigned sigma0[3] = {1, 8, 7}, sigma1[3] = {19, 61, 6};
  static constexpr unsigned sum0[3] = {28, 34, 39}, sum1[3] = {14, 18, 41};
};

template <class Word, std::size_t DigestSize>
class sha2 {
  // 32 and 28 bytes on 32-bit words, 64 and 48 on 64-bit words
  static_assert(sizeof(Word) == 4 ? (DigestSize == 32 || DigestSize == 28)
                                  : (DigestSize == 64 || DigestSize == 48));

 public:
  static constexpr std::size_t block_size = sha2_words<Word>::block_size;
  static constexpr std::size_t digest_size = DigestSize;
  using digest = byte_array<digest_size>;

  void update(byte_view data);
  digest finish();  // the object is then ready for a new message
  static digest of(byte_view data);

 private:
  using state = std::array<Word, 8>;
  static const state initial;
  void compress(const typename block_buffer<block_size>::block& block);

  state state_ = initial;
  block_buffer<block_size> buffer_;
};

// The initial values, one per digest (sha2.cpp).
template <>
const std::array<std::uint32_t, 8> sha2<std::uint32_t, 32>::initial;
template <>
const std::array<std::uint32_t, 8> sha2<std::uint32_t, 28>::initial;
template <>
const std::array<std::uint64_t, 8> sha2<std::uint64_t, 64>::initial;
template <>
const std::array<std::uint64_t, 8> sha2<std::uint64_t, 48>::initial;

using sha256 = sha2<std::uint32_t, 32>;
using sha224 = sha2<std::uint32_t, 28>;
using sha512 = sha2<std::uint64_t, 64>;
using sha384 = sha2<std::uint64_t, 48>;

extern template class sha2<std::uint32_t, 32>;
extern template class sha2<std::uint32_t, 28>;
extern template class sha2<std::uint64_t, 64>;
extern template class sha2<std::uint64_t, 48>;

}  // namespace core::crypto
