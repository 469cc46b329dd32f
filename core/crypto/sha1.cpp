#include "core/crypto/sha1.h"

#include "core/crypto/words.h"

namespace core::crypto {

void sha1::compress(const block_buffer<block_size>::block& block) {
  std::uint32_t w[80];
  for (int t = 0; t < 16; ++t) w[t] = load_be32(block.data() + 4 * t);
  for (int t = 16; t < 80; ++t) w[t] = rotl32(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
  std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3], e = state_[4];
  // four stages of 20 steps, each with its function and constant (written as four loops
  // rather than one with a branch per step: the compiler then keeps them branch-free)
  const auto step = [&](std::uint32_t f, std::uint32_t k, std::uint32_t word) {
    const std::uint32_t temp = rotl32(a, 5) + f + e + k + word;
    e = d;
    d = c;
    c = rotl32(b, 30);
    b = a;
    a = temp;
  };
  for (int t = 0; t < 20; ++t) step((b & c) | (~b & d), 0x5A827999, w[t]);            // Ch
  for (int t = 20; t < 40; ++t) step(b ^ c ^ d, 0x6ED9EBA1, w[t]);                    // Parity
  for (int t = 40; t < 60; ++t) step((b & c) | (b & d) | (c & d), 0x8F1BBCDC, w[t]);  // Maj
  for (int t = 60; t < 80; ++t) step(b ^ c ^ d, 0xCA62C1D6, w[t]);                    // Parity
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
  state_[4] += e;
}

void sha1::update(byte_view data) {
  buffer_.update(data, [this](const auto& block) { compress(block); });
}

sha1::digest sha1::finish() {
  buffer_.finish(8, length_order::big_endian, [this](const auto& block) { compress(block); });
  digest out;
  for (std::size_t i = 0; i < state_.size(); ++i) store_be32(out.data() + 4 * i, state_[i]);
  state_ = initial;
  return out;
}

sha1::digest sha1::of(byte_view data) {
  sha1 h;
  h.update(data);
  return h.finish();
}

}  // namespace core::crypto
