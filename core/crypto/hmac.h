#pragma once
// HMAC (RFC 2104, FIPS 198-1) over any of the hash types here:
//   HMAC(K, m) = H((K' ^ opad) || H((K' ^ ipad) || m))
// where K' is the key padded with zeros to the hash's block size (hashed first when longer).
// The two padded keys fill exactly one block each, so the hash states after them are kept:
// each MAC then costs the message's blocks plus two, which is what makes the thousands of
// HMACs of a PBKDF2 derivation cheap.
#include "core/crypto/bytes.h"

namespace core::crypto {

template <class Hash>
class hmac {
 public:
  using digest = typename Hash::digest;
  static constexpr std::size_t digest_size = Hash::digest_size;

  explicit hmac(byte_view key) {
    byte_array<Hash::block_size> padded{};
    if (key.size() > Hash::block_size) {
      const digest short_key = Hash::of(key);
      for (std::size_t i = 0; i < digest_size; ++i) padded[i] = short_key[i];
    } else {
      for (std::size_t i = 0; i < key.size(); ++i) padded[i] = byte_at(key, i);
    }
    byte_array<Hash::block_size> pad;
    for (std::size_t i = 0; i < pad.size(); ++i) pad[i] = padded[i] ^ 0x36;
    inner_.update(view_of(pad));
    for (std::size_t i = 0; i < pad.size(); ++i) pad[i] = padded[i] ^ 0x5c;
    outer_.update(view_of(pad));
  }

  // The MAC of one message.
  digest mac(byte_view message) const {
    Hash inner = start();
    inner.update(message);
    return finish(inner);
  }

  // For a message given in pieces: update the hash start() returns, then finish() it.
  Hash start() const { return inner_; }
  digest finish(Hash& inner) const {
    const digest inner_digest = inner.finish();
    Hash outer = outer_;
    outer.update(view_of(inner_digest));
    return outer.finish();
  }

 private:
  Hash inner_;  // has absorbed K' ^ ipad
  Hash outer_;  // has absorbed K' ^ opad
};

}  // namespace core::crypto
