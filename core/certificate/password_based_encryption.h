#pragma once
// Opening data encrypted with a password: PKCS#8 encrypted private keys, PKCS#12 shrouded
// key bags and PKCS#12 encrypted contents all name their algorithm in an
// AlgorithmIdentifier followed by the ciphertext. Implemented: PBES2 (RFC 8018, 6.2) with
// PBKDF2 and AES-128/192/256-CBC, what OpenSSL 3 writes by default. Not implemented (the
// result says "unsupported"): PBES1, the PKCS#12 PBE algorithms of `openssl -legacy`
// (RC2, RC4, 3DES with the RFC 7292 derivation), and other PBES2 ciphers (DES, 3DES, GCM).
#include <optional>
#include <string>

#include "core/certificate/decryption_result.h"
#include "core/certificate/der.h"
#include "core/certificate/derivation_budget.h"

namespace core::certificate {

struct encrypted_content {
  std::string algorithm;   // DER of the AlgorithmIdentifier
  std::string ciphertext;
};

// EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier,
//                                        encryptedData OCTET STRING }
// (PEM "ENCRYPTED PRIVATE KEY", PKCS#12 pkcs8ShroudedKeyBag)
std::optional<encrypted_content> read_encrypted_private_key_info(const tlv& element,
                                                                 encoding_rules rules,
                                                                 std::string& error);

// `password`: the bytes PBKDF2 takes (the passphrase as UTF-8, as OpenSSL passes it).
decryption_result decrypt_with_password(const encrypted_content& content, bytes_view password,
                                        derivation_budget& budget);

}  // namespace core::certificate
