#include "core/common/utf8.h"

#include <cstdint>
#include <cstring>

namespace core::utf8 {

bool decode_one(std::string_view s, std::size_t& pos, char32_t& code_point) {
  if (pos >= s.size()) return false;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) {
    code_point = lead;
    ++pos;
    return true;
  }
  std::size_t extra;
  char32_t cp;
  char32_t min;
  if (lead >= 0xC2 && lead <= 0xDF) {
    extra = 1, cp = lead & 0x1F, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    extra = 2, cp = lead & 0x0F, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    extra = 3, cp = lead & 0x07, min = 0x10000;
  } else {
    return false;  // continuation byte, overlong 2-byte lead (C0, C1) or beyond F4
  }
  if (s.size() - pos <= extra) return false;
  for (std::size_t i = 1; i <= extra; ++i) {
    const unsigned char b = byte(pos + i);
    if ((b & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  code_point = cp;
  pos += extra + 1;
  return true;
}

// The helpers below see mostly ASCII text (names, identifiers, tokens): its bytes are taken
// as they are, and only the others go through decode_one.
bool is_valid(std::string_view s) {
  std::size_t pos = 0;
  char32_t cp;
  while (pos < s.size()) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
    } else if (!decode_one(s, pos, cp)) {
      return false;
    }
  }
  return true;
}

bool is_printable_ascii(std::string_view s) {
  // A byte b of a word w sets its high bit in w (b >= 0x80), in w + 0x01.. (b == 0x7F) or in
  // w - 0x20.. (b < 0x20). A carry or borrow between bytes needs a byte that is already
  // caught: the answer for the whole word is exact.
  constexpr std::uint64_t ones = 0x0101010101010101u;
  constexpr std::uint64_t high = 0x8080808080808080u;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if ((w | (w + ones) | (w - 0x20 * ones)) & high) return false;
  }
  for (; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x20 || b > 0x7E) return false;
  }
  return true;
}

std::size_t ill_formed_prefix(std::string_view s) {
  if (s.empty()) return 0;
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0xC2 || b0 > 0xF4) return 0;
  const std::size_t length = b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  // the second byte's range excludes overlong forms, surrogates and values past U+10FFFF
  const unsigned char low = b0 == 0xE0 ? 0xA0 : b0 == 0xF0 ? 0x90 : 0x80;
  const unsigned char high = b0 == 0xED ? 0x9F : b0 == 0xF4 ? 0x8F : 0xBF;
  std::size_t i = 1;
  for (; i < length && i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < (i == 1 ? low : 0x80) || b > (i == 1 ? high : 0xBF)) break;
  }
  return i;
}

void append(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::size_t length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char b : s) n += (b & 0xC0) != 0x80;
  return n;
}

bool is_trimmed_space(char32_t c) {
  switch (c) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20:
    case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
    case 0x3000: case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

namespace {

bool is_ascii_space(char c) { return c == ' ' || (c >= 0x09 && c <= 0x0D); }

}  // namespace

std::string_view trim(std::string_view s) {
  std::size_t begin = 0;
  std::size_t end = s.size();
  while (begin < end && is_ascii_space(s[begin])) ++begin;
  while (end > begin && is_ascii_space(s[end - 1])) --end;
  if (begin == end) return {};
  // An ASCII byte is a whole code point: ends that are ASCII and not spaces end the trim
  // whatever lies between them, without decoding it.
  if (static_cast<unsigned char>(s[begin]) < 0x80 && static_cast<unsigned char>(s[end - 1]) < 0x80) {
    return s.substr(begin, end - begin);
  }
  begin = 0;
  end = 0;  // one past the last non-space code point
  std::size_t pos = 0;
  bool seen = false;
  char32_t c;
  while (pos < s.size()) {
    const std::size_t start = pos;
    if (!decode_one(s, pos, c)) {
      ++pos;  // tolerate: callers pass valid strings, but never loop forever
      c = 0xFFFD;
    }
    if (!is_trimmed_space(c)) {
      if (!seen) begin = start, seen = true;
      end = pos;
    }
  }
  return seen ? s.substr(begin, end - begin) : std::string_view{};
}

bool has_control(std::string_view s, bool allow_line_breaks) {
  std::size_t pos = 0;
  // ASCII bytes without a decoding call each, up to the first that is not ASCII
  for (; pos < s.size(); ++pos) {
    const auto byte = static_cast<unsigned char>(s[pos]);
    if (byte >= 0x20 && byte < 0x7F) continue;
    if (byte >= 0x80) break;
    if (byte == 0x7F || !(allow_line_breaks && (byte == '\t' || byte == '\n' || byte == '\r'))) return true;
  }
  char32_t c;
  while (pos < s.size()) {
    const auto byte = static_cast<unsigned char>(s[pos]);
    if (byte < 0x80) {
      c = byte;
      ++pos;
    } else if (!decode_one(s, pos, c)) {
      return false;
    }
    if (is_control(c) && !(allow_line_breaks && (c == '\t' || c == '\n' || c == '\r'))) {
      return true;
    }
  }
  return false;
}

namespace {

char32_t fold(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;      // Latin-1 letters
  if (c >= 0x100 && c <= 0x137) return c | 1;                   // Latin Extended-A pairs
  if (c >= 0x139 && c <= 0x148) return (c & 1) ? c + 1 : c;     // odd upper, even lower
  if (c >= 0x14A && c <= 0x177) return c | 1;
  if (c == 0x178) return 0xFF;
  if (c >= 0x179 && c <= 0x17E) return (c & 1) ? c + 1 : c;
  if (c == 0x17F) return 's';                                   // long s
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 37;
  if (c == 0x38C) return 0x3CC;
  if (c == 0x38E || c == 0x38F) return c + 63;
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;    // Greek capitals
  if (c == 0x3C2) return 0x3C3;                                 // final sigma
  if (c >= 0x400 && c <= 0x40F) return c + 80;                  // Cyrillic Ѐ..Џ
  if (c >= 0x410 && c <= 0x42F) return c + 32;                  // Cyrillic А..Я
  if (c >= 0x460 && c <= 0x481) return c | 1;
  if (c >= 0x48A && c <= 0x4BF) return c | 1;
  if (c >= 0x4D0 && c <= 0x52F) return c | 1;
  if (c >= 0x531 && c <= 0x556) return c + 48;                  // Armenian
  if (c >= 0xFF21 && c <= 0xFF3A) return c + 32;                // fullwidth A..Z
  return c;
}

}  // namespace

std::string fold_case(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t pos = 0;
  char32_t c;
  while (pos < s.size()) {
    if (!decode_one(s, pos, c)) {
      out += s[pos++];  // keep ill-formed bytes as they are
      continue;
    }
    append(out, fold(c));
  }
  return out;
}

}  // namespace core::utf8
