#pragma once
// The outcome of opening password-encrypted data (PBES2 in PKCS#8 and PKCS#12, OpenSSL's
// legacy PEM encryption): the plaintext, a wrong password, or why it could not be tried.
// Both schemes end in AES-CBC, where the PKCS#7 padding tells a right password from a
// wrong one (core/crypto/pkcs7_padding.h).
#include <string>

#include "core/certificate/der.h"
#include "core/certificate/protection_problem.h"

namespace core::certificate {

enum class decryption_status {
  decrypted,       // the padding checked out: `plaintext` holds the data
  wrong_password,  // it did not: the data was encrypted with another password
  not_possible,    // see `problem`
};

struct decryption_result {
  decryption_status status = decryption_status::not_possible;
  std::string plaintext;       // decrypted: without the padding
  protection_problem problem;  // not_possible: why
};

// not_possible, with `what` and `detail` as the problem.
decryption_result decryption_not_possible(protection_problem::kind what, std::string detail);

// Decrypts AES-CBC `ciphertext` with a key derived from the password: decrypted when the
// PKCS#7 padding checks out, wrong_password when it does not; not_possible (malformed) when
// the key is not 16, 24 or 32 bytes, the IV not 16, or the ciphertext not whole blocks.
decryption_result decrypt_aes_cbc_padded(bytes_view key, bytes_view iv, bytes_view ciphertext);

}  // namespace core::certificate
