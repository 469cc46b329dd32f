#pragma once
// The largest integer a JS number holds exactly (Number.MAX_SAFE_INTEGER, 2^53 - 1): the
// bound of every integer the core reads from JSON that hosts write with JS numbers.
#include <cstdint>

namespace core {

inline constexpr std::int64_t max_safe_integer = 9007199254740991;

}  // namespace core
