// The time entry points that give hosts the addresses of the memory areas (time_api.h):
// hosts write input into them and read results out of them, instead of passing strings.
#include "core/api/time_api.h"
#include "core/api/time_state.h"

namespace core::api {

using namespace core::api::time_entry;

std::uintptr_t time_text_buffer() { return reinterpret_cast<std::uintptr_t>(state().text); }

std::uintptr_t time_input_text(int bytes) {
  auto& v = state().input_text;
  if (bytes > 0 && v.size() < static_cast<std::size_t>(bytes)) v.resize(bytes);
  return reinterpret_cast<std::uintptr_t>(v.data());
}

std::uintptr_t time_input_numbers(int count) {
  auto& v = state().input_numbers;
  if (count > 0 && v.size() < static_cast<std::size_t>(count)) v.resize(count);
  return reinterpret_cast<std::uintptr_t>(v.data());
}

std::uintptr_t time_input_offsets(int count) {
  auto& v = state().input_offsets;
  if (count >= 0 && v.size() < static_cast<std::size_t>(count) + 1) v.resize(static_cast<std::size_t>(count) + 1);
  return reinterpret_cast<std::uintptr_t>(v.data());
}

std::uintptr_t time_output_numbers() {
  return reinterpret_cast<std::uintptr_t>(state().output_numbers.data());
}

std::uintptr_t time_batch_text() { return reinterpret_cast<std::uintptr_t>(state().batch_text.data()); }

std::uintptr_t time_batch_offsets() {
  return reinterpret_cast<std::uintptr_t>(state().batch_offsets.data());
}

std::uintptr_t time_wall_fields() { return reinterpret_cast<std::uintptr_t>(state().wall); }

}  // namespace core::api
