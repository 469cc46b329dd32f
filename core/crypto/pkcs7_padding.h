#pragma once
// PKCS#7 padding (RFC 5652, 6.3), what CBC encryption in PKCS#5/#8/#12 and OpenSSL's PEM
// encryption append: 1 to `block_size` bytes, each holding the number of bytes added.
// Decrypting with a wrong key gives random-looking last bytes, which fail this check about
// 255 times in 256; callers that need more certainty also check the structure they expect.
#include <cstddef>
#include <string>

namespace core::crypto {

// Removes the padding; false (and `plaintext` unchanged) when it is not valid padding.
inline bool remove_pkcs7_padding(std::string& plaintext, std::size_t block_size) {
  if (plaintext.empty() || plaintext.size() % block_size != 0) return false;
  const std::size_t count = static_cast<unsigned char>(plaintext.back());
  if (count == 0 || count > block_size) return false;
  for (std::size_t i = plaintext.size() - count; i < plaintext.size(); ++i) {
    if (static_cast<unsigned char>(plaintext[i]) != count) return false;
  }
  plaintext.resize(plaintext.size() - count);
  return true;
}

}  // namespace core::crypto
