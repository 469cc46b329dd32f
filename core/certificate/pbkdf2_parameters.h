#pragma once
// The parameters of PBKDF2 as they appear in files (RFC 8018, A.2), shared by PBES2
// (encrypted keys and PKCS#12 contents) and PBMAC1 (PKCS#12 MACs, RFC 9579):
//   PBKDF2-params ::= SEQUENCE {
//     salt CHOICE { specified OCTET STRING, otherSource AlgorithmIdentifier },
//     iterationCount INTEGER (1..MAX),
//     keyLength INTEGER (1..MAX) OPTIONAL,
//     prf AlgorithmIdentifier DEFAULT hmacWithSHA1 }
#include <optional>
#include <string>

#include "core/certificate/algorithm_identifier.h"
#include "core/certificate/derivation_budget.h"
#include "core/certificate/protection_problem.h"

namespace core::certificate {

inline constexpr std::uint64_t max_pbkdf2_key_length = 1024;  // bytes

struct pbkdf2_parameters {
  std::string salt;
  std::uint64_t iterations = 0;
  std::optional<std::uint64_t> key_length;  // bytes
  crypto::hash_algorithm prf = crypto::hash_algorithm::sha1;
};

// Reads the parameters of an id-PBKDF2 AlgorithmIdentifier; on failure sets `problem`
// (unsupported: another KDF, an otherSource salt or a PRF other than HMAC-SHA-1/2).
std::optional<pbkdf2_parameters> read_pbkdf2_parameters(const algorithm_identifier& kdf,
                                                        protection_problem& problem);

// Derives `length` bytes if the budget allows it (else sets `problem` to too_costly).
std::optional<std::string> derive_pbkdf2(const pbkdf2_parameters& parameters,
                                         bytes_view password, std::size_t length,
                                         derivation_budget& budget,
                                         protection_problem& problem);

}  // namespace core::certificate
