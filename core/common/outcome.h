#pragma once
// A value, or the error that kept it from being made. The core's fallible steps return one
// instead of throwing: the WebAssembly module is built without C++ exceptions (their landing
// pads were an eighth of its code), so no core function throws or catches.
#include <optional>
#include <utility>

namespace core {

template <class T, class E>
class outcome {
 public:
  outcome(T value) : value_(std::move(value)) {}
  outcome(E error) : error_(std::move(error)) {}

  bool ok() const noexcept { return value_.has_value(); }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  E& error() { return *error_; }
  const E& error() const { return *error_; }

 private:
  std::optional<T> value_;
  std::optional<E> error_;
};

}  // namespace core
