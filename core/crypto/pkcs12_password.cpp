#include "core/crypto/pkcs12_password.h"

#include "core/common/utf8.h"

namespace core::crypto {
namespace {

void append_unit(std::string& out, unsigned unit) {
  out += static_cast<char>(unit >> 8);
  out += static_cast<char>(unit & 0xFF);
}

}  // namespace

std::optional<std::string> pkcs12_password(std::string_view utf8) {
  std::string out;
  out.reserve(2 * utf8.size() + 2);
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    char32_t c;
    if (!core::utf8::decode_one(utf8, pos, c)) return std::nullopt;
    if (c >= 0x10000) {
      const unsigned rest = static_cast<unsigned>(c) - 0x10000;
      append_unit(out, 0xD800 + (rest >> 10));
      append_unit(out, 0xDC00 + (rest & 0x3FF));
    } else {
      append_unit(out, static_cast<unsigned>(c));
    }
  }
  append_unit(out, 0);
  return out;
}

std::string pkcs12_password_bytewise(std::string_view bytes) {
  std::string out;
  out.reserve(2 * bytes.size() + 2);
  for (char b : bytes) append_unit(out, static_cast<unsigned char>(b));
  append_unit(out, 0);
  return out;
}

}  // namespace core::crypto
