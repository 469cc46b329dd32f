#include "wasm/bindings/text_calls.h"

#include <utility>

#include "core/api/json_memory.h"

namespace bindings {

// Out of line: each export calls these rather than carrying a copy of them.
std::string text(int offset, int bytes) { return std::string(core::api::json_input(offset, bytes)); }

int answer(std::string answer) {
  core::api::release_large_json_input();
  return core::api::set_json_output(std::move(answer));
}

}  // namespace bindings
