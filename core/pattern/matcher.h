#pragma once
// Running a program over a value: Pike's simulation, all threads advancing together over
// the input, one list per position. Each instruction enters a list at most once per
// position, so the work is bounded by (value length + 1) x program size, and nothing
// recurses. A one-thread program (program::one_thread) is matched by one walk instead.
#include <string_view>

#include "core/pattern/program.h"

namespace core::pattern_engine {

// Whether the whole of `value` matches `p`; false for ill-formed UTF-8.
bool matches(const program& p, std::string_view value);

}  // namespace core::pattern_engine
