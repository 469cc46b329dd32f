#pragma once
// Hex in and out for the crypto tests: published test vectors are written in hex.
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/crypto/bytes.h"

namespace crypto_tests {

inline std::string unhex(std::string_view hex) {
  const auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::invalid_argument("not hex");
  };
  std::string out;
  std::string digits;
  for (char c : hex) {
    if (c != ' ' && c != ':' && c != '\n') digits += c;
  }
  for (std::size_t i = 0; i + 1 < digits.size(); i += 2) {
    out += static_cast<char>(nibble(digits[i]) * 16 + nibble(digits[i + 1]));
  }
  return out;
}

inline std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

template <std::size_t N>
std::string hex(const core::crypto::byte_array<N>& bytes) {
  return hex(core::crypto::view_of(bytes));
}

inline std::string repeat(unsigned char byte, std::size_t count) {
  return std::string(count, static_cast<char>(byte));
}

}  // namespace crypto_tests
