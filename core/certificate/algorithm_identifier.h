#pragma once
// AlgorithmIdentifier (RFC 5280, 4.1.1.2) and the hash algorithms it can name:
//   AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }
#include <optional>
#include <string>

#include "core/certificate/der.h"
#include "core/crypto/hash_algorithm.h"

namespace core::certificate {

struct algorithm_identifier {
  tlv algorithm;                  // the OBJECT IDENTIFIER
  std::optional<tlv> parameters;  // absent when omitted
};

// Reads a SEQUENCE { OID, ANY OPTIONAL } (BER accepted: it comes from PKCS#12 files).
std::optional<algorithm_identifier> read_algorithm_identifier(const tlv& element,
                                                              std::string& error);

// The hash of a digest algorithm identifier (MacData: sha1, sha256, ...).
std::optional<crypto::hash_algorithm> digest_algorithm(const tlv& oid);
// The hash of an HMAC algorithm identifier (PBKDF2's prf, PBMAC1's messageAuthScheme).
std::optional<crypto::hash_algorithm> hmac_algorithm(const tlv& oid);

// Dotted-decimal text of an OBJECT IDENTIFIER ("1.2.840.113549.1.12.1.3"), for messages
// that name an algorithm this code does not implement.
std::string object_identifier_text(const tlv& oid);

}  // namespace core::certificate
