#pragma once
// The integrity check of a password-protected PKCS#12 file: an HMAC over the
// AuthenticatedSafe (the bytes inside authSafe's OCTET STRING), keyed from the password.
//   MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
//   DigestInfo ::= SEQUENCE { digestAlgorithm AlgorithmIdentifier, digest OCTET STRING }
// Two ways to key it:
//  - RFC 7292: digestAlgorithm is the hash (SHA-1, SHA-2); the key comes from the PKCS#12
//    derivation (appendix B, purpose 3) of the password as a BMPString, with macSalt and
//    iterations;
//  - RFC 9579: digestAlgorithm is PBMAC1, whose parameters name PBKDF2 (with its own salt,
//    count and key length, the password as UTF-8 bytes) and the HMAC; macSalt and
//    iterations are then not used.
// As OpenSSL does, an absent passphrase is tried as "no password" and as the empty one,
// and a non-ASCII passphrase also in the byte-wise form of OpenSSL before 1.1.0.
#include <optional>
#include <string_view>

#include "core/certificate/der.h"
#include "core/certificate/derivation_budget.h"
#include "core/certificate/protection_problem.h"

namespace core::certificate {

enum class mac_status {
  verified,      // the passphrase (or its absence) is the file's password
  mismatch,      // it is not
  not_possible,  // see `problem`
};

struct mac_verification {
  mac_status status = mac_status::not_possible;
  protection_problem problem;
};

// `mac_data`: the DER of MacData; `authenticated_safe`: what the MAC covers.
mac_verification verify_pkcs12_mac(bytes_view mac_data, bytes_view authenticated_safe,
                                   std::optional<std::string_view> passphrase,
                                   derivation_budget& budget);

}  // namespace core::certificate
