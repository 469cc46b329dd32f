#include "core/api/json_memory.h"

#include <new>
#include <vector>

namespace core::api {
namespace {

struct areas {
  std::vector<char> input;
  std::string output;
};

areas& state() {
  static areas instance;
  return instance;
}

}  // namespace

std::uintptr_t json_input_area(int bytes) {
  auto& input = state().input;
  try {
    if (bytes > 0 && input.size() < static_cast<std::size_t>(bytes)) input.resize(static_cast<std::size_t>(bytes));
  } catch (const std::bad_alloc&) {
    return 0;
  }
  return reinterpret_cast<std::uintptr_t>(input.data());
}

void release_large_json_input() {
  constexpr std::size_t kept = 1 << 20;  // an ordinary call's texts fit many times over
  auto& input = state().input;
  if (input.size() > kept) std::vector<char>().swap(input);
}

std::string_view json_input(int offset, int bytes) {
  const auto& input = state().input;
  if (offset < 0 || bytes < 0 || static_cast<std::size_t>(offset) + static_cast<std::size_t>(bytes) > input.size())
    return {};
  return {input.data() + offset, static_cast<std::size_t>(bytes)};
}

int set_json_output(std::string answer) {
  state().output = std::move(answer);
  return static_cast<int>(state().output.size());
}

std::uintptr_t json_output_area() { return reinterpret_cast<std::uintptr_t>(state().output.data()); }

}  // namespace core::api
