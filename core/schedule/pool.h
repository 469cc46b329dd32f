#pragma once
// A connection pool as the scheduler sees it: at most `size` requests of every limit
// assigned to it run at once; admitted requests wait for a connection in admission order
// and fail once they have waited `timeout_ms`.
#include <cstdint>
#include <limits>

#include "core/schedule/intrusive_list.h"

namespace core::schedule {

inline constexpr double no_timeout = std::numeric_limits<double>::infinity();

struct pool_state {
  std::uint32_t size = 1;
  double timeout_ms = no_timeout;
  std::uint64_t in_flight = 0;
  intrusive_list<&request::in_pool> waiters;  // admitted requests, oldest admission first
  bool listed = false;                        // in the scheduler's list of busy pools

  bool has_room() const { return in_flight < size; }
  bool times_out() const { return timeout_ms != no_timeout; }
};

}  // namespace core::schedule
