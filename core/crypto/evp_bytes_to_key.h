#pragma once
// The key derivation of OpenSSL's legacy encrypted PEM ("Proc-Type: 4,ENCRYPTED",
// "DEK-Info: AES-128-CBC,<IV>"): EVP_BytesToKey with MD5, one iteration, and the first 8
// bytes of the IV as salt:
//   D_1 = MD5(password || salt),  D_i = MD5(D_(i-1) || password || salt)
// concatenated until `length` bytes. (No iteration count: cheap to attack, which is why
// OpenSSL 3 writes PKCS#8 with PBKDF2 by default.)
#include <algorithm>
#include <string>

#include "core/crypto/md5.h"

namespace core::crypto {

inline std::string evp_bytes_to_key_md5(byte_view password, byte_view salt, std::size_t length) {
  std::string out;
  md5::digest previous{};
  for (bool first = true; out.size() < length; first = false) {
    md5 h;
    if (!first) h.update(view_of(previous));
    h.update(password);
    h.update(salt);
    previous = h.finish();
    out.append(view_of(previous).substr(0, std::min(previous.size(), length - out.size())));
  }
  return out;
}

}  // namespace core::crypto
