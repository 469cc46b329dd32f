#pragma once
// The hashes a file can name in its algorithm identifiers, for code that learns which one
// to use only at run time: with_hash(algorithm, f) calls f with a hash object of that type
// (e.g. f(sha256{})), so f can be a generic lambda that instantiates HMAC, PBKDF2 or the
// PKCS#12 derivation for it. Every branch of f must return the same type.
#include <utility>

#include "core/crypto/sha1.h"
#include "core/crypto/sha2.h"

namespace core::crypto {

enum class hash_algorithm { sha1, sha224, sha256, sha384, sha512 };

template <class F>
decltype(auto) with_hash(hash_algorithm algorithm, F&& f) {
  switch (algorithm) {
    case hash_algorithm::sha1: return std::forward<F>(f)(sha1{});
    case hash_algorithm::sha224: return std::forward<F>(f)(sha224{});
    case hash_algorithm::sha256: return std::forward<F>(f)(sha256{});
    case hash_algorithm::sha384: return std::forward<F>(f)(sha384{});
    case hash_algorithm::sha512: break;
  }
  return std::forward<F>(f)(sha512{});
}

}  // namespace core::crypto
