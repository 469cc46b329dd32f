#pragma once
// Comparing a computed MAC with the one in a file: the time taken must not depend on where
// the first difference is, or an attacker who can time many attempts learns the expected
// value byte by byte.
#include "core/crypto/bytes.h"

namespace core::crypto {

inline bool equal_in_constant_time(byte_view a, byte_view b) {
  if (a.size() != b.size()) return false;  // lengths are public (they come from the file)
  std::uint8_t difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) difference |= byte_at(a, i) ^ byte_at(b, i);
  return difference == 0;
}

}  // namespace core::crypto
