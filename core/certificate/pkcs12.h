#pragma once
// The outer structure of a PKCS#12 (PFX) file, RFC 7292:
//   PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData MacData OPTIONAL }
// and, where it is not encrypted, the bags inside: certificates stored in clear (e.g.
// `openssl pkcs12 -export -certpbe NONE`) can then be checked for expiry. Encrypted
// contents cannot be opened without the passphrase and a cipher implementation, so their
// presence is only reported.
#include <optional>
#include <string>
#include <vector>

#include "core/certificate/der.h"

namespace core::certificate {

struct pkcs12_summary {
  bool has_mac = false;                   // integrity: macData present
  bool has_encrypted_content = false;     // encryptedData / envelopedData / shrouded keys
  bool has_private_key = false;           // a keyBag or shroudedKeyBag was seen
  bool public_key_integrity = false;      // authSafe is signedData: bags not inspected
  std::vector<std::string> certificates;  // DER of the certificates stored in clear
};

// Reads a PKCS#12 file (BER allowed: some tools write indefinite lengths).
std::optional<pkcs12_summary> read_pkcs12(bytes_view der, std::string& error);

}  // namespace core::certificate
