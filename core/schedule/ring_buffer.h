#pragma once
// A FIFO of trivially copyable values in one power-of-two block that doubles when full and
// halves when a quarter full, so an idle or quiet limit holds a few bytes and a burst's
// memory is given back once it has left the window. (std::deque would do, but allocates a
// 4 KB block per container at the first push: too much for thousands of quiet limits.)
#include <cstddef>
#include <memory>
#include <type_traits>

namespace core::schedule {

template <class T>
class ring_buffer {
  static_assert(std::is_trivially_copyable_v<T>, "ring_buffer moves values with plain copies");

 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  T& front() { return data_[head_]; }
  const T& front() const { return data_[head_]; }
  T& back() { return data_[(head_ + size_ - 1) & (capacity_ - 1)]; }
  const T& back() const { return data_[(head_ + size_ - 1) & (capacity_ - 1)]; }

  void push_back(const T& value) {
    if (size_ == capacity_) resize(capacity_ == 0 ? min_capacity : capacity_ * 2);
    data_[(head_ + size_) & (capacity_ - 1)] = value;
    ++size_;
  }

  void pop_front() {
    head_ = (head_ + 1) & (capacity_ - 1);
    --size_;
    if (capacity_ > min_capacity && size_ <= capacity_ / 4) resize(capacity_ / 2);
  }

 private:
  static constexpr std::size_t min_capacity = 4;

  void resize(std::size_t capacity) {
    std::unique_ptr<T[]> data(new T[capacity]);
    for (std::size_t i = 0; i < size_; ++i) data[i] = data_[(head_ + i) & (capacity_ - 1)];
    data_ = std::move(data);
    capacity_ = capacity;
    head_ = 0;
  }

  std::unique_ptr<T[]> data_;
  std::size_t capacity_ = 0;  // 0 or a power of two
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace core::schedule
