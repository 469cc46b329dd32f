#pragma once
// PBKDF2 with HMAC as its pseudorandom function (RFC 8018, section 5.2): stretches a
// password into `length` bytes of key. Each hash-sized block T_i of the output is
//   U_1 = HMAC(P, S || INT(i)),  U_j = HMAC(P, U_(j-1)),  T_i = U_1 ^ U_2 ^ ... ^ U_c
// so the work is c (the iteration count) HMACs per block: callers that take `c` from a
// file bound it first (pbkdf2_work).
#include <algorithm>
#include <cstdint>
#include <string>

#include "core/crypto/hmac.h"

namespace core::crypto {

// The HMAC computations a derivation costs: iterations times output blocks.
template <class Hash>
constexpr std::uint64_t pbkdf2_work(std::uint64_t iterations, std::size_t length) {
  return iterations * ((length + Hash::digest_size - 1) / Hash::digest_size);
}

template <class Hash>
std::string pbkdf2_hmac(byte_view password, byte_view salt, std::uint32_t iterations,
                        std::size_t length) {
  const hmac<Hash> prf(password);
  std::string out;
  out.reserve(length);
  for (std::uint32_t block = 1; out.size() < length; ++block) {
    Hash first = prf.start();
    first.update(salt);
    const std::uint8_t index[4] = {static_cast<std::uint8_t>(block >> 24),
                                   static_cast<std::uint8_t>(block >> 16),
                                   static_cast<std::uint8_t>(block >> 8),
                                   static_cast<std::uint8_t>(block)};
    first.update(byte_view(reinterpret_cast<const char*>(index), 4));
    typename Hash::digest u = prf.finish(first);
    typename Hash::digest t = u;
    for (std::uint32_t j = 1; j < iterations; ++j) {
      u = prf.mac(view_of(u));
      for (std::size_t k = 0; k < t.size(); ++k) t[k] ^= u[k];
    }
    const std::size_t take = std::min(t.size(), length - out.size());
    out.append(view_of(t).substr(0, take));
  }
  return out;
}

}  // namespace core::crypto
