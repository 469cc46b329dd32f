#pragma once
// How the crypto code holds bytes. Input is a std::string_view, like the rest of the core
// (the DER reader, base64), so that no copy is needed to hash or decrypt a slice of a file;
// fixed-size results (digests, blocks) are std::array<std::uint8_t, N>.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace core::crypto {

using byte_view = std::string_view;

template <std::size_t N>
using byte_array = std::array<std::uint8_t, N>;

// A fixed-size result seen as bytes, to feed it to the next hash or compare it.
template <std::size_t N>
byte_view view_of(const byte_array<N>& bytes) {
  return byte_view(reinterpret_cast<const char*>(bytes.data()), N);
}

inline std::uint8_t byte_at(byte_view bytes, std::size_t i) {
  return static_cast<std::uint8_t>(bytes[i]);
}

}  // namespace core::crypto
