#include "core/crypto/sha2.h"

#include "core/crypto/words.h"

namespace core::crypto {
namespace {

// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
constexpr std::uint32_t round_constants_32[64] = {0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

// The first 64 bits of the fractional parts of the cube roots of the first 80 primes.
constexpr std::uint64_t round_constants_64[80] = {0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
    0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
    0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
    0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
    0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
    0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
    0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
    0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
    0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
    0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
    0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817};

template <class Word>
constexpr const Word* round_constants() {
  if constexpr (sizeof(Word) == 4) {
    return round_constants_32;
  } else {
    return round_constants_64;
  }
}

template <class Word>
constexpr Word rotr(Word x, unsigned n) {
  return static_cast<Word>((x >> n) | (x << (8 * sizeof(Word) - n)));
}

template <class Word>
Word load(const std::uint8_t* p) {
  if constexpr (sizeof(Word) == 4) {
    return load_be32(p);
  } else {
    return load_be64(p);
  }
}

template <class Word>
void store(std::uint8_t* p, Word v) {
  if constexpr (sizeof(Word) == 4) {
    store_be32(p, v);
  } else {
    store_be64(p, v);
  }
}

}  // namespace

// SHA-256 and SHA-512: the first 32 or 64 bits of the fractional parts of the square roots
// of the first 8 primes; SHA-224: the second 32 bits of those of the 9th to 16th primes;
// SHA-384: the first 64 bits of those of the 9th to 16th primes.
template <>
const std::array<std::uint32_t, 8> sha2<std::uint32_t, 32>::initial = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
template <>
const std::array<std::uint32_t, 8> sha2<std::uint32_t, 28>::initial = {0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4};
template <>
const std::array<std::uint64_t, 8> sha2<std::uint64_t, 64>::initial = {0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1, 0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179};
template <>
const std::array<std::uint64_t, 8> sha2<std::uint64_t, 48>::initial = {0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939, 0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4};

template <class Word, std::size_t DigestSize>
void sha2<Word, DigestSize>::compress(const typename block_buffer<block_size>::block& block) {
  using words = sha2_words<Word>;
  constexpr int rounds = words::rounds;
  const Word* k = round_constants<Word>();
  Word w[rounds];
  for (int t = 0; t < 16; ++t) w[t] = load<Word>(block.data() + sizeof(Word) * t);
  for (int t = 16; t < rounds; ++t) {
    const Word x = w[t - 15];
    const Word y = w[t - 2];
    const Word s0 = rotr(x, words::sigma0[0]) ^ rotr(x, words::sigma0[1]) ^ (x >> words::sigma0[2]);
    const Word s1 = rotr(y, words::sigma1[0]) ^ rotr(y, words::sigma1[1]) ^ (y >> words::sigma1[2]);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  Word v[8];
  for (int i = 0; i < 8; ++i) v[i] = state_[i];  // a, b, c, d, e, f, g, h
  for (int t = 0; t < rounds; ++t) {
    const Word e = v[4];
    const Word a = v[0];
    const Word sum1 = rotr(e, words::sum1[0]) ^ rotr(e, words::sum1[1]) ^ rotr(e, words::sum1[2]);
    const Word choose = (e & v[5]) ^ (~e & v[6]);
    const Word t1 = v[7] + sum1 + choose + k[t] + w[t];
    const Word sum0 = rotr(a, words::sum0[0]) ^ rotr(a, words::sum0[1]) ^ rotr(a, words::sum0[2]);
    const Word majority = (a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]);
    for (int i = 7; i > 0; --i) v[i] = v[i - 1];
    v[4] += t1;
    v[0] = t1 + sum0 + majority;
  }
  for (int i = 0; i < 8; ++i) state_[i] += v[i];
}

template <class Word, std::size_t DigestSize>
void sha2<Word, DigestSize>::update(byte_view data) {
  buffer_.update(data, [this](const auto& block) { compress(block); });
}

template <class Word, std::size_t DigestSize>
typename sha2<Word, DigestSize>::digest sha2<Word, DigestSize>::finish() {
  buffer_.finish(sha2_words<Word>::length_bytes, length_order::big_endian,
                 [this](const auto& block) { compress(block); });
  byte_array<8 * sizeof(Word)> full;
  for (std::size_t i = 0; i < state_.size(); ++i) store<Word>(full.data() + sizeof(Word) * i, state_[i]);
  state_ = initial;
  digest out;
  for (std::size_t i = 0; i < DigestSize; ++i) out[i] = full[i];
  return out;
}

template <class Word, std::size_t DigestSize>
typename sha2<Word, DigestSize>::digest sha2<Word, DigestSize>::of(byte_view data) {
  sha2 h;
  h.update(data);
  return h.finish();
}

template class sha2<std::uint32_t, 32>;
template class sha2<std::uint32_t, 28>;
template class sha2<std::uint64_t, 64>;
template class sha2<std::uint64_t, 48>;

}  // namespace core::crypto
