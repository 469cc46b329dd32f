#pragma once
// The outer shape of the private key syntaxes, enough to tell a key from random bytes (a
// corrupted block, or the output of decrypting with a wrong passphrase):
//   PKCS#8 PrivateKeyInfo:      SEQUENCE { INTEGER, SEQUENCE (algorithm), OCTET STRING, ...}
//   EncryptedPrivateKeyInfo:    SEQUENCE { SEQUENCE (algorithm), OCTET STRING }
//   RSA (PKCS#1), EC (SEC 1), DSA: SEQUENCE { INTEGER, ... }
#include <optional>
#include <string>

#include "core/certificate/der.h"

namespace core::certificate {

enum class key_syntax { private_key_info, encrypted_private_key_info, traditional };

// The syntax a PEM label announces ("PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE
// KEY", ...).
key_syntax key_syntax_of_label(std::string_view label);

// nullopt when `der` is one element of that shape, else what is wrong.
std::optional<std::string> private_key_structure_error(bytes_view der, key_syntax syntax,
                                                       encoding_rules rules);

}  // namespace core::certificate
