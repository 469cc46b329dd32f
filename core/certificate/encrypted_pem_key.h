#pragma once
// Opening the encrypted private key of a PEM bundle with the passphrase, which tells a
// right passphrase from a wrong one:
//  - "ENCRYPTED PRIVATE KEY" (PKCS#8 EncryptedPrivateKeyInfo): password_based_encryption.h;
//    the plaintext must be a PrivateKeyInfo;
//  - OpenSSL's legacy form, "Proc-Type: 4,ENCRYPTED" and "DEK-Info: AES-256-CBC,<hex IV>"
//    (`openssl rsa|ec -aes256`): key from EVP_BytesToKey (MD5, salt = first 8 IV bytes),
//    AES-CBC; the plaintext must be the traditional key (SEQUENCE { INTEGER, ... }).
//    DEK-Info ciphers other than AES-128/192/256-CBC (DES-EDE3-CBC, DES-CBC, ...) are not
//    implemented: "unsupported".
// A plaintext whose padding is right by chance (1 in 256 with a wrong passphrase) fails
// the structure check and also counts as wrong_password.
#include <string_view>

#include "core/certificate/derivation_budget.h"
#include "core/certificate/password_based_encryption.h"
#include "core/certificate/pem.h"

namespace core::certificate {

// `block` is a key block that is encrypted (label ENCRYPTED PRIVATE KEY or a Proc-Type
// header saying ENCRYPTED).
decryption_result decrypt_pem_key(const pem_block& block, std::string_view passphrase,
                                  derivation_budget& budget);

}  // namespace core::certificate
