#pragma once
// printf("%0<width>lld", v) without printf, whose floating-point code would otherwise come
// into the module for these few integers.
#include <cstdint>
#include <string>

namespace core {

// Appends the decimal digits of v, zero-padded to `width` characters, the sign counting
// toward the width as printf counts it: (-5, 4) -> "-005".
void append_padded_decimal(std::string& out, std::int64_t v, int width);

}  // namespace core
