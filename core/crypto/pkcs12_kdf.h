#pragma once
// The key derivation of PKCS#12 (RFC 7292, appendix B.2), used by its MACs (SHA-1, SHA-2)
// and its legacy encryption algorithms. With v the hash's block size and u its digest size:
//   D = v bytes of the purpose ID;  I = S || P, the salt and the password each repeated to
//   a multiple of v bytes (empty when empty);
//   for each u-byte piece A_i of the output: A_i = H^r(D || I) (r: iteration count), then
//   every v-byte block I_j of I becomes (I_j + B + 1) mod 2^(8v), B = A_i repeated to v bytes.
// The password must already be in the BMPString form PKCS#12 specifies (pkcs12_password.h).
#include <cstdint>
#include <string>

#include "core/crypto/bytes.h"
#include "core/crypto/hash_algorithm.h"

namespace core::crypto {

enum class pkcs12_key_purpose : std::uint8_t {
  encryption_key = 1,
  initialization_vector = 2,
  mac_key = 3,
};

// The hash computations a derivation costs: iterations times output pieces.
std::uint64_t pkcs12_kdf_work(hash_algorithm algorithm, std::uint64_t iterations, std::size_t length);

std::string pkcs12_kdf(hash_algorithm algorithm, byte_view bmp_password, byte_view salt,
                       std::uint32_t iterations, pkcs12_key_purpose purpose, std::size_t length);

}  // namespace core::crypto
