#pragma once
// A doubly linked FIFO threaded through request records (one list_link member per list a
// request can be in), so that removing a cancelled or timed-out request from the middle
// of a queue is O(1) and costs no allocation.
#include <cstddef>

#include "core/schedule/request_table.h"

namespace core::schedule {

template <list_link request::*Link>
class intrusive_list {
 public:
  slot_index front() const { return head_; }
  bool empty() const { return head_ == no_slot; }
  std::size_t size() const { return size_; }
  slot_index next(const request_table& t, slot_index s) const { return (t[s].*Link).next; }

  void push_back(request_table& t, slot_index s) {
    auto& link = t[s].*Link;
    link.prev = tail_;
    link.next = no_slot;
    if (tail_ != no_slot) (t[tail_].*Link).next = s; else head_ = s;
    tail_ = s;
    ++size_;
  }

  void remove(request_table& t, slot_index s) {
    auto& link = t[s].*Link;
    if (link.prev != no_slot) (t[link.prev].*Link).next = link.next; else head_ = link.next;
    if (link.next != no_slot) (t[link.next].*Link).prev = link.prev; else tail_ = link.prev;
    link = list_link{};
    --size_;
  }

 private:
  slot_index head_ = no_slot;
  slot_index tail_ = no_slot;
  std::size_t size_ = 0;
};

}  // namespace core::schedule
