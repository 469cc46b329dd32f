#include "core/crypto/pkcs12_kdf.h"

#include <algorithm>

namespace core::crypto {
namespace {

// `source` repeated to a multiple of v bytes (empty when empty).
std::string fill(byte_view source, std::size_t v) {
  std::string out;
  if (source.empty()) return out;
  const std::size_t size = v * ((source.size() + v - 1) / v);
  out.reserve(size);
  while (out.size() < size) out.append(source.substr(0, size - out.size()));
  return out;
}

}  // namespace

std::uint64_t pkcs12_kdf_work(hash_algorithm algorithm, std::uint64_t iterations, std::size_t length) {
  return iterations * any_hash::digests_for(algorithm, length);
}

std::string pkcs12_kdf(hash_algorithm algorithm, byte_view bmp_password, byte_view salt,
                       std::uint32_t iterations, pkcs12_key_purpose purpose, std::size_t length) {
  const std::size_t v = any_hash::block_size_of(algorithm);
  std::string input = fill(salt, v) + fill(bmp_password, v);  // I
  const std::string diversifier(v, static_cast<char>(purpose));  // D
  std::string out;
  out.reserve(length);
  while (true) {
    any_hash h(algorithm);
    h.update(diversifier);
    h.update(input);
    any_digest a = h.finish();
    for (std::uint32_t r = 1; r < iterations; ++r) a = any_hash::of(algorithm, a.view());
    out.append(a.view().substr(0, std::min(a.size, length - out.size())));
    if (out.size() >= length) return out;
    // I_j = (I_j + B + 1) mod 2^(8v), big-endian, for every v-byte block of I
    for (std::size_t j = 0; j < input.size(); j += v) {
      unsigned carry = 1;
      for (std::size_t k = v; k-- > 0;) {
        const unsigned sum = a.bytes[k % a.size] + static_cast<std::uint8_t>(input[j + k]) + carry;
        input[j + k] = static_cast<char>(sum & 0xFF);
        carry = sum >> 8;
      }
    }
  }
}

}  // namespace core::crypto
