#pragma once
// A decimal number read as the nearest double, ties to even: what strtod answers in the "C"
// locale, for the numbers JSON and the variable rules accept. The core's own because libc's
// strtod computes in long double, which WebAssembly has only in software: it and its
// 128-bit arithmetic were 15 KB of the module.
//
// Most numbers take one exact double operation (at most 19 significant digits and a power
// of ten a double holds exactly); the others are settled by comparing the decimal value,
// exactly, with the halfway points between neighbouring doubles (big integers).
#include <cstddef>
#include <string_view>

namespace core {

struct decimal_reading {
  double value;       // ±HUGE_VAL past the largest double, ±0 below the smallest
  std::size_t bytes;  // how much of the text is the number: 0 when it does not start with one
};

// Reads [+-] digits [. digits] [(e|E) [+-] digits] from the start of `text` (a leading or
// trailing '.' is allowed, as strtod allows it, but not a number without any digit).
decimal_reading read_decimal(std::string_view text);

}  // namespace core
