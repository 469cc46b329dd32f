#pragma once
// The key derivation of PKCS#12 (RFC 7292, appendix B.2), used by its MACs (SHA-1, SHA-2)
// and its legacy encryption algorithms. With v the hash's block size and u its digest size:
//   D = v bytes of the purpose ID;  I = S || P, the salt and the password each repeated to
//   a multiple of v bytes (empty when empty);
//   for each u-byte piece A_i of the output: A_i = H^r(D || I) (r: iteration count), then
//   every v-byte block I_j of I becomes (I_j + B + 1) mod 2^(8v), B = A_i repeated to v bytes.
// The password must already be in the BMPString form PKCS#12 specifies (pkcs12_password.h).
#include <algorithm>
#include <cstdint>
#include <string>

#include "core/crypto/bytes.h"

namespace core::crypto {

enum class pkcs12_key_purpose : std::uint8_t {
  encryption_key = 1,
  initialization_vector = 2,
  mac_key = 3,
};

// The hash computations a derivation costs: iterations times output pieces.
template <class Hash>
constexpr std::uint64_t pkcs12_kdf_work(std::uint64_t iterations, std::size_t length) {
  return iterations * ((length + Hash::digest_size - 1) / Hash::digest_size);
}

template <class Hash>
std::string pkcs12_kdf(byte_view bmp_password, byte_view salt, std::uint32_t iterations,
                       pkcs12_key_purpose purpose, std::size_t length) {
  constexpr std::size_t v = Hash::block_size;
  const auto fill = [](byte_view source) {  // repeated to a multiple of v bytes
    std::string out;
    if (source.empty()) return out;
    const std::size_t size = v * ((source.size() + v - 1) / v);
    out.reserve(size);
    while (out.size() < size) out.append(source.substr(0, size - out.size()));
    return out;
  };
  std::string input = fill(salt) + fill(bmp_password);  // I
  const std::string diversifier(v, static_cast<char>(purpose));  // D
  std::string out;
  out.reserve(length);
  while (true) {
    Hash h;
    h.update(diversifier);
    h.update(input);
    typename Hash::digest a = h.finish();
    for (std::uint32_t r = 1; r < iterations; ++r) a = Hash::of(view_of(a));
    out.append(view_of(a).substr(0, std::min(a.size(), length - out.size())));
    if (out.size() >= length) return out;
    // I_j = (I_j + B + 1) mod 2^(8v), big-endian, for every v-byte block of I
    for (std::size_t j = 0; j < input.size(); j += v) {
      unsigned carry = 1;
      for (std::size_t k = v; k-- > 0;) {
        const unsigned sum = byte_at(view_of(a), k % a.size()) +
                             static_cast<std::uint8_t>(input[j + k]) + carry;
        input[j + k] = static_cast<char>(sum & 0xFF);
        carry = sum >> 8;
      }
    }
  }
}

}  // namespace core::crypto
