#include "core/common/padded_decimal.h"

#include <charconv>

namespace core {

void append_padded_decimal(std::string& out, std::int64_t v, int width) {
  char digits[24];
  const std::uint64_t magnitude = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  const char* end = std::to_chars(digits, digits + sizeof digits, magnitude).ptr;
  const int length = static_cast<int>(end - digits) + (v < 0 ? 1 : 0);
  if (v < 0) out += '-';
  if (length < width) out.append(static_cast<std::size_t>(width - length), '0');
  out.append(digits, static_cast<std::size_t>(end - digits));
}

}  // namespace core
