#pragma once
// HMAC (RFC 2104, FIPS 198-1) over any of the hashes of hash_algorithm.h:
//   HMAC(K, m) = H((K' ^ opad) || H((K' ^ ipad) || m))
// where K' is the key padded with zeros to the hash's block size (hashed first when longer).
// The two padded keys fill exactly one block each, so the hash states after them are kept:
// each MAC then costs the message's blocks plus two, which is what makes the thousands of
// HMACs of a PBKDF2 derivation cheap.
#include "core/crypto/bytes.h"
#include "core/crypto/hash_algorithm.h"

namespace core::crypto {

class hmac {
 public:
  hmac(hash_algorithm algorithm, byte_view key);

  std::size_t digest_size() const { return inner_.digest_size(); }

  // The MAC of one message.
  any_digest mac(byte_view message) const;

  // For a message given in pieces: update the hash start() returns, then finish() it.
  any_hash start() const { return inner_; }
  any_digest finish(any_hash& inner) const;

 private:
  any_hash inner_;  // has absorbed K' ^ ipad
  any_hash outer_;  // has absorbed K' ^ opad
};

}  // namespace core::crypto
