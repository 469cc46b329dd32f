#include "wasm/bindings/text_calls.h"

#include <utility>

#include "core/api/json_memory.h"

namespace bindings {

// Out of line: each export calls these rather than carrying a copy of them.
std::string text(int offset, int bytes) { return std::string(core::api::json_input(offset, bytes)); }

int answer(std::string answer) {
  release_input();
  return core::api::set_json_output(std::move(answer));
}

void release_input() { core::api::release_large_json_input(); }

}  // namespace bindings
