#pragma once
// The hashes a file can name in its algorithm identifiers, and a hash of one of them chosen
// at run time. HMAC, PBKDF2 and the PKCS#12 derivation work on `any_hash`, so each is
// compiled once rather than once per hash type (five copies of each came to some 11 KB of
// WebAssembly); only the hashes' own code is per type. A call dispatches on the algorithm,
// which costs nothing next to a block's compression.
#include <cstddef>
#include <cstdint>

#include "core/crypto/bytes.h"
#include "core/crypto/sha1.h"
#include "core/crypto/sha2.h"

namespace core::crypto {

enum class hash_algorithm { sha1, sha224, sha256, sha384, sha512 };

// The digest of any of them: at most 64 bytes.
struct any_digest {
  byte_array<64> bytes;
  std::size_t size = 0;

  byte_view view() const { return byte_view(reinterpret_cast<const char*>(bytes.data()), size); }
};

class any_hash {
 public:
  explicit any_hash(hash_algorithm algorithm);

  hash_algorithm algorithm() const { return algorithm_; }
  std::size_t block_size() const { return block_size_of(algorithm_); }
  std::size_t digest_size() const { return digest_size_of(algorithm_); }
  static std::size_t block_size_of(hash_algorithm algorithm);
  static std::size_t digest_size_of(hash_algorithm algorithm);
  // How many digests `length` bytes of derived output take: what a derivation's work is
  // counted in (pbkdf2_work, pkcs12_kdf_work).
  static std::size_t digests_for(hash_algorithm algorithm, std::size_t length);

  void update(byte_view data);
  any_digest finish();  // the object is then ready for a new message
  static any_digest of(hash_algorithm algorithm, byte_view data);

 private:
  hash_algorithm algorithm_;
  // the state of the one in use (all trivially copyable: an any_hash copies as bytes)
  union state {
    state() {}
    crypto::sha1 sha1;
    crypto::sha224 sha224;
    crypto::sha256 sha256;
    crypto::sha384 sha384;
    crypto::sha512 sha512;
  } state_;
};

}  // namespace core::crypto
