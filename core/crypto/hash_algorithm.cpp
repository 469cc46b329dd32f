#include "core/crypto/hash_algorithm.h"

#include <cstring>
#include <new>
#include <type_traits>

namespace core::crypto {
namespace {

static_assert(std::is_trivially_copyable_v<sha1> && std::is_trivially_copyable_v<sha224> &&
              std::is_trivially_copyable_v<sha256> && std::is_trivially_copyable_v<sha384> &&
              std::is_trivially_copyable_v<sha512>);

template <class Hash>
any_digest digest_of(Hash& hash) {
  const auto d = hash.finish();
  any_digest out;
  std::memcpy(out.bytes.data(), d.data(), d.size());
  out.size = d.size();
  return out;
}

}  // namespace

any_hash::any_hash(hash_algorithm algorithm) : algorithm_(algorithm) {
  switch (algorithm) {
    case hash_algorithm::sha1: new (&state_.sha1) crypto::sha1(); return;
    case hash_algorithm::sha224: new (&state_.sha224) crypto::sha224(); return;
    case hash_algorithm::sha256: new (&state_.sha256) crypto::sha256(); return;
    case hash_algorithm::sha384: new (&state_.sha384) crypto::sha384(); return;
    case hash_algorithm::sha512: new (&state_.sha512) crypto::sha512(); return;
  }
}

std::size_t any_hash::block_size_of(hash_algorithm algorithm) {
  return algorithm == hash_algorithm::sha384 || algorithm == hash_algorithm::sha512 ? 128 : 64;
}

std::size_t any_hash::digest_size_of(hash_algorithm algorithm) {
  switch (algorithm) {
    case hash_algorithm::sha1: return sha1::digest_size;
    case hash_algorithm::sha224: return sha224::digest_size;
    case hash_algorithm::sha256: return sha256::digest_size;
    case hash_algorithm::sha384: return sha384::digest_size;
    case hash_algorithm::sha512: break;
  }
  return sha512::digest_size;
}

std::size_t any_hash::digests_for(hash_algorithm algorithm, std::size_t length) {
  const std::size_t digest_size = digest_size_of(algorithm);
  return (length + digest_size - 1) / digest_size;
}

void any_hash::update(byte_view data) {
  switch (algorithm_) {
    case hash_algorithm::sha1: return state_.sha1.update(data);
    case hash_algorithm::sha224: return state_.sha224.update(data);
    case hash_algorithm::sha256: return state_.sha256.update(data);
    case hash_algorithm::sha384: return state_.sha384.update(data);
    case hash_algorithm::sha512: return state_.sha512.update(data);
  }
}

any_digest any_hash::finish() {
  switch (algorithm_) {
    case hash_algorithm::sha1: return digest_of(state_.sha1);
    case hash_algorithm::sha224: return digest_of(state_.sha224);
    case hash_algorithm::sha256: return digest_of(state_.sha256);
    case hash_algorithm::sha384: return digest_of(state_.sha384);
    case hash_algorithm::sha512: break;
  }
  return digest_of(state_.sha512);
}

any_digest any_hash::of(hash_algorithm algorithm, byte_view data) {
  any_hash hash(algorithm);
  hash.update(data);
  return hash.finish();
}

}  // namespace core::crypto
