#pragma once
// An exact sliding-window rate limit: "at most `amount` starts in any window of length
// `window`", checked against a log of past start instants.
//
// Why exact: a start at t is allowed only while fewer than `amount` logged starts lie in
// (t - window, t]. Take any window (a - window, a] and let s be the last start inside it;
// every start in that window also lies in (s - window, s] (they are <= s and > a - window
// >= s - window), and that set held at most `amount` starts when s was allowed. So no
// window of length `window`, wherever it is placed, ever holds more than `amount` starts.
// This is stronger than a token bucket or fixed-window reservoir, which only bound the
// average (a fixed window lets 2 x amount start around a window boundary).
//
// Memory: the log holds one entry per distinct start instant inside the window, with a
// count, so a burst that starts together costs one entry, and nothing is allocated before
// starts happen (an idle limit of 1 000 000/day costs a few bytes); the ring holding it
// shrinks again once a burst has left the window. To keep a busy day
// limit from growing without bound, once the log holds `exact_entries` entries a new start
// that comes less than window / `exact_entries` after the first start folded into the
// last entry is folded into it too, and that entry is stamped with the latest instant.
// Stamping later can only make a start leave the window later than it really does, so the
// guarantee above still holds; the price is that a slot may free up to
// window / exact_entries late (2.6 s for a day, 0.11 s for an hour). The log then holds
// at most 2 x exact_entries + 1 entries of 16 bytes, in a ring of at most 65 536 slots:
// 1 MB per limit, worst case.
#include <cstdint>

#include "core/schedule/ring_buffer.h"

namespace core::schedule {

class sliding_log {
 public:
  // Entries kept exact before folding starts (see above).
  // (2 x 32 767 + 1 entries fit the ring's 65 536 slots: 1 MB.)
  static constexpr std::size_t exact_entries = 32767;

  sliding_log(std::uint32_t amount, double window_ms);

  std::uint32_t amount() const { return amount_; }
  double window_ms() const { return window_ms_; }

  // Changes the limit and keeps the history: starts already made still count.
  void set_limit(std::uint32_t amount, double window_ms);

  // Starts inside (now - window, now]. Forgets entries that have left the window, so
  // `now` must not go backwards between calls (the scheduler clamps it).
  std::uint64_t count_in_window(double now);

  // How many more may start at `now` (0 when the window is full).
  std::uint64_t available(double now);

  // The instant at which the oldest logged entry leaves the window, i.e. the next time
  // count_in_window() decreases; +infinity when the log is empty. Call after
  // count_in_window()/available() at the current time.
  double next_release() const;

  // Logs `n` starts at `now`.
  void record(double now, std::uint32_t n = 1);

  // Number of entries held, and entries allocated (16 bytes each; between 1x and 4x the
  // entries held, or 4 once the log has been used).
  std::size_t entries() const { return log_.size(); }
  std::size_t allocated_entries() const { return log_.capacity(); }

 private:
  struct entry {
    double at;             // the (latest) start instant of this entry
    std::uint64_t count;   // starts logged at `at`
  };
  // Entry e has left the window at `now` once e.at + window <= now. Written the same way
  // in next_release() so that waking at next_release() always frees the slot, even for
  // fractional times where (now - window) and (at + window) round differently.
  bool expired(const entry& e, double now) const { return e.at + window_ms_ <= now; }
  void forget_expired(double now);

  ring_buffer<entry> log_;
  std::uint64_t in_window_ = 0;
  double last_first_at_ = 0;  // first start folded into log_.back()
  std::uint32_t amount_;
  double window_ms_;
};

}  // namespace core::schedule
