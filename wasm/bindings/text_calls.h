#pragma once
// How the exports of this folder take and give text: through the module's memory areas
// (core/api/json_memory.h), not embind's string conversions. The host writes a call's
// texts one after the other into the input area and passes their sizes in bytes; an export
// that answers text leaves it in the output area and returns its size. So every export is
// a plain C function of numbers, and the module has no embind: nothing to register as it
// starts, and no invoker between the host and the core on each call.
#include <cstdint>
#include <string>

namespace bindings {

// The argument of `bytes` bytes at `offset` of the input area.
std::string text(int offset, int bytes);

// Keeps `answer` in the output area; returns its size in bytes.
int answer(std::string answer);

// Frees the input area if an unusually large argument grew it (answer() does so too).
void release_input();

// For an export that answers a number after reading text: `value`, the input area released.
template <class T>
T released(T value) {
  release_input();
  return value;
}

// An object the host holds (a wizard, a scheduler) as the number of its address: made by
// new_object, reached by object_at, freed by delete_object.
using address = std::uintptr_t;

template <class T>
address new_object() {
  return reinterpret_cast<address>(new T());
}

template <class T>
T& object_at(address a) {
  return *reinterpret_cast<T*>(a);
}

template <class T>
void delete_object(address a) {
  delete reinterpret_cast<T*>(a);
}

}  // namespace bindings
