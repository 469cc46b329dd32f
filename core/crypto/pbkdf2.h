#pragma once
// PBKDF2 with HMAC as its pseudorandom function (RFC 8018, section 5.2): stretches a
// password into `length` bytes of key. Each hash-sized block T_i of the output is
//   U_1 = HMAC(P, S || INT(i)),  U_j = HMAC(P, U_(j-1)),  T_i = U_1 ^ U_2 ^ ... ^ U_c
// so the work is c (the iteration count) HMACs per block: callers that take `c` from a
// file bound it first (pbkdf2_work).
#include <cstdint>
#include <string>

#include "core/crypto/bytes.h"
#include "core/crypto/hash_algorithm.h"

namespace core::crypto {

// The HMAC computations a derivation costs: iterations times output blocks.
std::uint64_t pbkdf2_work(hash_algorithm algorithm, std::uint64_t iterations, std::size_t length);

std::string pbkdf2_hmac(hash_algorithm algorithm, byte_view password, byte_view salt,
                        std::uint32_t iterations, std::size_t length);

}  // namespace core::crypto
