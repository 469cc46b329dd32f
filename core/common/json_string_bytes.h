#pragma once
// The bytes of a JSON string that are copied as they are, reading and writing alike:
// printable ASCII other than '"' and '\'. A control character, the quote and the backslash
// take an escape; a byte of a multi-byte UTF-8 sequence takes a check of the sequence.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace core {

inline constexpr std::array<bool, 256> plain_json_string_byte = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

// How many of the `size` bytes at `text` are plain before the first that is not. Strings
// are mostly long runs of plain bytes: eight are tested at once while all of them are.
inline std::size_t plain_json_string_bytes(const char* text, std::size_t size) {
  constexpr std::uint64_t ones = 0x0101010101010101u;
  constexpr std::uint64_t highs = 0x8080808080808080u;
  const auto has_zero_byte = [](std::uint64_t w) { return (w - ones) & ~w & highs; };
  std::size_t at = 0;
  for (; at + 8 <= size; at += 8) {
    std::uint64_t word;
    std::memcpy(&word, text + at, 8);
    // a byte >= 0x80, < 0x20, '"' or '\': the byte-wise loop below finds which
    const std::uint64_t special = (word & highs) | ((word - ones * 0x20) & ~word & highs) |
                                  has_zero_byte(word ^ (ones * '"')) | has_zero_byte(word ^ (ones * '\\'));
    if (special) break;
  }
  while (at < size && plain_json_string_byte[static_cast<unsigned char>(text[at])]) ++at;
  return at;
}

}  // namespace core
