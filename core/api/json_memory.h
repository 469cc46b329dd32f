#pragma once
// Memory areas for entry points called with their texts in the module's memory: the host
// writes the arguments, one after the other, into the input area and reads the answer from
// the output area (every export of the module takes text this way, wasm/bindings/
// text_calls.h). Crossing as embind strings cost validateInstance about 5 µs (measured in
// wasm); a copy into memory, a fraction of that. One area of each per module: a call's
// answer is valid until the next.
#include <cstdint>
#include <string>
#include <string_view>

namespace core::api {

// The address of the input area, grown to hold at least `bytes` bytes, or 0 when the
// memory for it cannot be had. It may move when it grows (and the module's memory with
// it): ask before each call.
std::uintptr_t json_input_area(int bytes);

// Frees the input area if an unusually large call grew it (its texts already read), so
// that one large argument does not keep its memory for the module's lifetime.
void release_large_json_input();

// The `bytes` bytes at `offset` of the input area, as text.
std::string_view json_input(int offset, int bytes);

// Keeps `answer` as the output; returns its size in bytes.
int set_json_output(std::string answer);

// The address of the output's bytes (valid until the next call that sets the output).
std::uintptr_t json_output_area();

}  // namespace core::api
