#pragma once
// One rate limit as the scheduler sees it: its log of starts (none for the unlimited
// limit), a pause set by Retry-After, and its FIFO of requests that have not started.
//
// The FIFO holds admitted requests first (the rate limit lets them start; they wait for a
// pool connection), then queued ones (waiting for the rate limit). Admission follows FIFO
// order, and the scheduler keeps  starts in the window + admitted <= amount, so any
// admitted request may start as soon as its pool has room without breaking the limit.
#include <cstdint>
#include <limits>
#include <optional>

#include "core/schedule/intrusive_list.h"
#include "core/schedule/sliding_log.h"

namespace core::schedule {

struct limit_state {
  std::optional<sliding_log> log;  // nullopt: unlimited (still FIFO and pausable)
  double paused_until = -std::numeric_limits<double>::infinity();
  intrusive_list<&request::in_limit> pending;  // admitted ones, then queued ones
  slot_index first_queued = no_slot;           // first request of `pending` not admitted
  std::uint64_t admitted = 0;
  bool listed = false;  // in the scheduler's list of limits with queued requests

  bool paused(double now) const { return now < paused_until; }
};

}  // namespace core::schedule
