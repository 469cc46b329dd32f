#pragma once
// Building DER by hand in tests: small files with exactly the fields a case needs
// (a hostile iteration count, a wrong IV length, ...), and base64 for the PEM/PKCS#12 text
// around them.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace der_builder {

inline std::string element(std::uint8_t tag, std::string_view content) {
  std::string out(1, static_cast<char>(tag));
  const std::size_t n = content.size();
  if (n < 0x80) {
    out += static_cast<char>(n);
  } else {
    std::string length;
    for (std::size_t v = n; v != 0; v >>= 8) length.insert(length.begin(), static_cast<char>(v & 0xFF));
    out += static_cast<char>(0x80 | length.size());
    out += length;
  }
  out.append(content);
  return out;
}

inline std::string sequence(std::initializer_list<std::string> members) {
  std::string content;
  for (const auto& m : members) content += m;
  return element(0x30, content);
}

inline std::string octets(std::string_view bytes) { return element(0x04, bytes); }
inline std::string oid(std::string_view encoded) { return element(0x06, encoded); }
inline std::string null() { return std::string("\x05\x00", 2); }

// A non-negative INTEGER given as big-endian bytes (any size), with the leading zero DER
// needs when the top bit is set.
inline std::string integer_bytes(std::string magnitude) {
  if (magnitude.empty() || (static_cast<unsigned char>(magnitude[0]) & 0x80)) {
    magnitude.insert(magnitude.begin(), '\0');
  }
  return element(0x02, magnitude);
}

inline std::string integer(std::uint64_t value) {
  std::string bytes;
  for (std::uint64_t v = value; v != 0; v >>= 8) bytes.insert(bytes.begin(), static_cast<char>(v & 0xFF));
  return integer_bytes(bytes);
}

inline std::string base64(std::string_view bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = static_cast<unsigned char>(bytes[i]) << 16 |
                       static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += alphabet[(n >> s) & 63];
  }
  if (i < bytes.size()) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

inline std::string pem(std::string_view label, std::string_view der) {
  std::string body = base64(der);
  std::string out = "-----BEGIN " + std::string(label) + "-----\n";
  for (std::size_t i = 0; i < body.size(); i += 64) out += body.substr(i, 64) + "\n";
  return out + "-----END " + std::string(label) + "-----\n";
}

}  // namespace der_builder
