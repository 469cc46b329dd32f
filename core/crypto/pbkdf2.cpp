#include "core/crypto/pbkdf2.h"

#include <algorithm>

#include "core/crypto/hmac.h"

namespace core::crypto {

std::uint64_t pbkdf2_work(hash_algorithm algorithm, std::uint64_t iterations, std::size_t length) {
  return iterations * any_hash::digests_for(algorithm, length);
}

std::string pbkdf2_hmac(hash_algorithm algorithm, byte_view password, byte_view salt,
                        std::uint32_t iterations, std::size_t length) {
  const hmac prf(algorithm, password);
  std::string out;
  out.reserve(length);
  for (std::uint32_t block = 1; out.size() < length; ++block) {
    any_hash first = prf.start();
    first.update(salt);
    const std::uint8_t index[4] = {static_cast<std::uint8_t>(block >> 24),
                                   static_cast<std::uint8_t>(block >> 16),
                                   static_cast<std::uint8_t>(block >> 8),
                                   static_cast<std::uint8_t>(block)};
    first.update(byte_view(reinterpret_cast<const char*>(index), 4));
    any_digest u = prf.finish(first);
    any_digest t = u;
    for (std::uint32_t j = 1; j < iterations; ++j) {
      u = prf.mac(u.view());
      for (std::size_t k = 0; k < t.size; ++k) t.bytes[k] ^= u.bytes[k];
    }
    const std::size_t take = std::min(t.size, length - out.size());
    out.append(t.view().substr(0, take));
  }
  return out;
}

}  // namespace core::crypto
