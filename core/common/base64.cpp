#include "core/common/base64.h"

namespace core {
namespace {

int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

base64_result decode_base64(std::string_view text, bool skip_whitespace) {
  base64_result result;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  unsigned quad[4];
  std::size_t filled = 0;   // sextets in the current quad
  std::size_t padding = 0;  // '=' seen (only at the very end)
  std::size_t last_offset = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (skip_whitespace && is_space(c)) continue;
    last_offset = i;
    if (c == '=') {
      // padding may only fill the last one or two places of the final quad
      if (filled < 2 || filled + padding >= 4) {
        result.error_offset = i;
        return result;
      }
      ++padding;
      if (filled + padding == 4) {
        // the rest of the text may only be white space
        for (std::size_t j = i + 1; j < text.size(); ++j) {
          if (!(skip_whitespace && is_space(text[j]))) {
            result.error_offset = j;
            return result;
          }
        }
      }
      continue;
    }
    const int v = sextet(c);
    if (v < 0 || padding > 0) {
      result.error_offset = i;
      return result;
    }
    quad[filled++] = static_cast<unsigned>(v);
    if (filled == 4) {
      out += static_cast<char>((quad[0] << 2) | (quad[1] >> 4));
      out += static_cast<char>(((quad[1] & 0xF) << 4) | (quad[2] >> 2));
      out += static_cast<char>(((quad[2] & 0x3) << 6) | quad[3]);
      filled = 0;
    }
  }
  if (filled == 0 && padding == 0) {
    result.bytes = std::move(out);
    return result;
  }
  if (filled + padding != 4) {  // truncated: a partial quad without its padding
    result.error_offset = text.empty() ? 0 : last_offset;
    return result;
  }
  if (filled == 2) {
    if (quad[1] & 0xF) {
      result.error_offset = last_offset;
      return result;
    }
    out += static_cast<char>((quad[0] << 2) | (quad[1] >> 4));
  } else {  // filled == 3
    if (quad[2] & 0x3) {
      result.error_offset = last_offset;
      return result;
    }
    out += static_cast<char>((quad[0] << 2) | (quad[1] >> 4));
    out += static_cast<char>(((quad[1] & 0xF) << 4) | (quad[2] >> 2));
  }
  result.bytes = std::move(out);
  return result;
}

}  // namespace core
