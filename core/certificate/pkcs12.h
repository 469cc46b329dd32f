#pragma once
// The structure of a PKCS#12 (PFX) file, RFC 7292:
//   PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData MacData OPTIONAL }
//   AuthenticatedSafe ::= SEQUENCE OF ContentInfo  (data, encryptedData or envelopedData)
//   SafeContents ::= SEQUENCE OF SafeBag           (keys, certificates, nested contents)
// Reading collects what is in clear (certificates, key bags) and sets aside what is
// encrypted with the password (encryptedData contents, shrouded key bags) for
// pkcs12_inspection.cpp to decrypt once the MAC has said the passphrase is right.
#include <optional>
#include <string>
#include <vector>

#include "core/certificate/der.h"
#include "core/certificate/password_based_encryption.h"

namespace core::certificate {

struct pkcs12_summary {
  bool has_mac = false;                   // integrity: macData present
  std::string mac_data;                   // its DER
  std::string authenticated_safe;         // the bytes the MAC covers
  bool has_encrypted_content = false;     // encryptedData / envelopedData / shrouded keys
  bool has_private_key = false;           // a keyBag or shroudedKeyBag was seen
  bool public_key_integrity = false;      // authSafe is signedData: bags not inspected
  std::size_t unopenable_parts = 0;       // envelopedData, encryptedData without content
  std::vector<std::string> certificates;  // DER of the certificates read so far
  std::vector<encrypted_content> encrypted_safes;  // encryptedData: SafeContents inside
  std::vector<encrypted_content> shrouded_keys;    // pkcs8ShroudedKeyBag: PrivateKeyInfo inside
};

// Reads a PKCS#12 file (BER allowed: some tools write indefinite lengths).
std::optional<pkcs12_summary> read_pkcs12(bytes_view der, std::string& error);

// Adds the bags of one SafeContents (e.g. decrypted from encryptedData) to `out`.
bool read_pkcs12_safe_contents(bytes_view der, pkcs12_summary& out, std::string& error);

}  // namespace core::certificate
