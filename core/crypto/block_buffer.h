#pragma once
// The part MD5, SHA-1 and the SHA-2 family share (the Merkle-Damgard construction): the
// message goes to a compression function one fixed-size block at a time, and the end is
// padded with a 1 bit, zero bits, and the message length in bits, so that messages of
// different lengths never pad to the same blocks.
#include <cstring>

#include "core/crypto/bytes.h"

namespace core::crypto {

enum class length_order { big_endian, little_endian };  // SHA: big; MD5: little

template <std::size_t BlockSize>
class block_buffer {
 public:
  static constexpr std::size_t block_size = BlockSize;
  using block = byte_array<BlockSize>;

  // Calls compress(const block&) for every block that fills up.
  template <class Compress>
  void update(byte_view data, Compress&& compress) {
    length_ += data.size();
    const auto* p = reinterpret_cast<const std::uint8_t*>(data.data());
    std::size_t n = data.size();
    if (used_ != 0) {
      const std::size_t take = n < BlockSize - used_ ? n : BlockSize - used_;
      std::memcpy(block_.data() + used_, p, take);
      used_ += take;
      p += take;
      n -= take;
      if (used_ < BlockSize) return;
      compress(block_);
      used_ = 0;
    }
    for (; n >= BlockSize; p += BlockSize, n -= BlockSize) {
      std::memcpy(block_.data(), p, BlockSize);
      compress(block_);
    }
    std::memcpy(block_.data(), p, n);
    used_ = n;
  }

  // Pads and compresses the last block(s). `length_field_size` is 8 bytes for MD5, SHA-1
  // and SHA-256, 16 for SHA-512 (whose upper 8 bytes stay zero: messages here are far
  // below 2^64 bits).
  template <class Compress>
  void finish(std::size_t length_field_size, length_order order, Compress&& compress) {
    const std::uint64_t bits = length_ * 8;
    block_[used_++] = 0x80;
    if (used_ > BlockSize - length_field_size) {
      std::memset(block_.data() + used_, 0, BlockSize - used_);
      compress(block_);
      used_ = 0;
    }
    std::memset(block_.data() + used_, 0, BlockSize - used_);
    for (std::size_t i = 0; i < 8; ++i) {
      const auto b = static_cast<std::uint8_t>(bits >> (8 * i));
      if (order == length_order::big_endian) {
        block_[BlockSize - 1 - i] = b;
      } else {
        block_[BlockSize - length_field_size + i] = b;
      }
    }
    compress(block_);
    used_ = 0;
    length_ = 0;
  }

 private:
  block block_{};
  std::size_t used_ = 0;      // bytes waiting in block_
  std::uint64_t length_ = 0;  // bytes given so far
};

}  // namespace core::crypto
