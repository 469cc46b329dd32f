#pragma once
// date's text-mode database (USE_OS_TZDB=0) over the embedded expanded tzdata text: the
// source the compiler (tzcompile) compiles, and the reference the native tests hold the
// compiled tables against. Native only: it needs date's tz.cpp and its iostream parser,
// which the WebAssembly module no longer carries.
#include <date/tz.h>

namespace tzcompile {

// The parsed database (zones, links, rules). Parses on first call (~20 ms natively);
// thread-safe. Throws std::runtime_error if the text cannot be staged for the parser.
const date::tzdb& text_database();

}  // namespace tzcompile
