#pragma once
// How PKCS#12 turns a password into the bytes its key derivation hashes (RFC 7292,
// appendix B.1): a BMPString, i.e. UTF-16 big-endian, with a terminating zero character.
// OpenSSL (since 1.1.0) reads the password as UTF-8 and writes characters beyond the BMP
// as surrogate pairs; "no password" (zero bytes) and the empty password ("\0\0") differ.
#include <optional>
#include <string>
#include <string_view>

namespace core::crypto {

// nullopt when `utf8` is not well-formed UTF-8.
std::optional<std::string> pkcs12_password(std::string_view utf8);

// The form OpenSSL before 1.1.0 wrote (each byte widened to 16 bits), which OpenSSL's
// tools still try for files whose MAC does not verify with the UTF-8 form.
std::string pkcs12_password_bytewise(std::string_view bytes);

}  // namespace core::crypto
