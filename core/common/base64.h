#pragma once
// Strict base64 (RFC 4648 alphabet, '=' padding required) for PEM bodies and PKCS#12 blobs.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace core {

struct base64_result {
  std::optional<std::string> bytes;  // decoded bytes, absent on error
  std::size_t error_offset = 0;      // offset in the input of the first offending character
};

// Decodes `text`. With `skip_whitespace`, spaces, tabs, CR and LF anywhere are ignored
// (PEM wraps lines at 64 columns; pasted base64 often wraps too). Rejects characters outside
// the alphabet, a length that is not a multiple of 4, misplaced padding and non-zero
// padding bits (so that one text has exactly one meaning).
base64_result decode_base64(std::string_view text, bool skip_whitespace);

}  // namespace core
