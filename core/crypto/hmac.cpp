#include "core/crypto/hmac.h"

namespace core::crypto {

hmac::hmac(hash_algorithm algorithm, byte_view key) : inner_(algorithm), outer_(algorithm) {
  const std::size_t block_size = inner_.block_size();
  byte_array<128> padded{};  // the largest block
  if (key.size() > block_size) {
    const any_digest short_key = any_hash::of(algorithm, key);
    for (std::size_t i = 0; i < short_key.size; ++i) padded[i] = short_key.bytes[i];
  } else {
    for (std::size_t i = 0; i < key.size(); ++i) padded[i] = byte_at(key, i);
  }
  byte_array<128> pad;
  const byte_view pad_view(reinterpret_cast<const char*>(pad.data()), block_size);
  for (std::size_t i = 0; i < block_size; ++i) pad[i] = padded[i] ^ 0x36;
  inner_.update(pad_view);
  for (std::size_t i = 0; i < block_size; ++i) pad[i] = padded[i] ^ 0x5c;
  outer_.update(pad_view);
}

any_digest hmac::mac(byte_view message) const {
  any_hash inner = start();
  inner.update(message);
  return finish(inner);
}

any_digest hmac::finish(any_hash& inner) const {
  const any_digest inner_digest = inner.finish();
  any_hash outer = outer_;
  outer.update(inner_digest.view());
  return outer.finish();
}

}  // namespace core::crypto
