#include "core/api/json_memory.h"

#include <cstdlib>

namespace core::api {
namespace {

// The input area is malloc'd, not a vector: a size the memory cannot hold is then an
// answer (0), where a vector's allocation would abort the module (no exceptions).
struct areas {
  char* input = nullptr;
  std::size_t input_size = 0;
  std::string output;
};

areas& state() {
  static areas instance;
  return instance;
}

}  // namespace

std::uintptr_t json_input_area(int bytes) {
  auto& s = state();
  const std::size_t wanted = bytes > 0 ? static_cast<std::size_t>(bytes) : 1;
  if (s.input_size < wanted) {
    // the old texts are not kept: the host writes the arguments after asking
    std::free(s.input);
    s.input = static_cast<char*>(std::malloc(wanted));
    s.input_size = s.input ? wanted : 0;
  }
  return reinterpret_cast<std::uintptr_t>(s.input);
}

void release_large_json_input() {
  constexpr std::size_t kept = 1 << 20;  // an ordinary call's texts fit many times over
  auto& s = state();
  if (s.input_size > kept) {
    std::free(s.input);
    s.input = nullptr;
    s.input_size = 0;
  }
}

std::string_view json_input(int offset, int bytes) {
  const auto& s = state();
  if (offset < 0 || bytes < 0 || static_cast<std::size_t>(offset) + static_cast<std::size_t>(bytes) > s.input_size)
    return {};
  return {s.input + offset, static_cast<std::size_t>(bytes)};
}

int set_json_output(std::string answer) {
  state().output = std::move(answer);
  return static_cast<int>(state().output.size());
}

std::uintptr_t json_output_area() { return reinterpret_cast<std::uintptr_t>(state().output.data()); }

}  // namespace core::api
