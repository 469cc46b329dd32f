#pragma once
// The request scheduler: ties every request to one rate limit and at most one connection
// pool, and answers "which requests may start now, and when should I ask again".
//
// The host owns the clock and the waiting: it calls enqueue()/complete()/cancel() as
// things happen, then poll(now), starts the requests listed in started(), fails the ones
// in timed_out(), and sleeps until next_wakeup() (or until it enqueues/completes again).
// Times are epoch milliseconds as double; a `now` smaller than one seen before is taken
// as the latest one seen (a wall clock stepping back never reopens a window).
//
// Order of the two gates (docs/api-schedule.md):
//  1. Rate limit: requests of a limit are admitted strictly in FIFO order, at most as many
//     as the limit lets start now (starts in the window + admitted <= amount). A paused
//     limit (Retry-After) admits nothing until the pause ends.
//  2. Pool: admitted requests wait for a connection in admission order; the pool timeout
//     counts from admission, so waiting on the rate limit never times a request out.
// A start is logged against the limit only when the request actually starts: waiting on
// a pool does not burn a rate slot.
#include <cstdint>
#include <string>
#include <vector>

#include "core/schedule/limit_state.h"
#include "core/schedule/pool.h"
#include "core/schedule/request_table.h"

namespace core::schedule {

class scheduler {
 public:
  // Index of the built-in unlimited limit, for requests that only use a pool.
  static constexpr int unlimited = 0;
  // The pool index of a request that uses no pool.
  static constexpr int no_pool = -1;

  scheduler();

  // A new limit "amount per unit" (amount an integer in 1..1 000 000, unit "second",
  // "minute", "hour" or "day"); returns its index (>= 1), or -1 for invalid settings.
  int add_limit(double amount, const std::string& unit);
  // A new limit without a rate (FIFO and pausable); returns its index.
  int add_unlimited();
  // Changes a limit; starts already made still count. Admitted requests go back to the
  // queue and are admitted again under the new amount. False for invalid arguments.
  bool set_limit(int limit, double amount, const std::string& unit);
  // Removes the rate of a limit (it stays FIFO and pausable).
  bool set_unlimited(int limit);

  // A new pool of `size` connections (an integer >= 1); `timeout_ms` >= 0, or +infinity
  // to wait forever. Returns its index (>= 0), or -1 for invalid settings.
  int add_pool(double size, double timeout_ms);
  bool set_pool(int pool, double size, double timeout_ms);

  // Queues a request for `limit` and `pool` (no_pool: none). Returns its id (an integer >= 1,
  // exact in a double), or 0 when an index is unknown.
  double enqueue(int limit, int pool, double now);

  // Admits and starts what may start at `now`; fails pool waiters that timed out.
  // Returns how many started; their ids are in started(), the failed ones in timed_out(),
  // both in FIFO order and valid until the next poll().
  std::size_t poll(double now);
  const std::vector<double>& started() const { return started_; }
  const std::vector<double>& timed_out() const { return timed_out_; }

  // When poll() should next be called if nothing else happens: the earliest end of a
  // pause, release of a window slot or pool timeout that matters; +infinity if none.
  // Computed by poll().
  double next_wakeup() const { return next_wakeup_; }

  // A started request finished: frees its pool connection. False if `id` is not running.
  bool complete(double id);
  // Removes a request that has not started. False if it is unknown or already running.
  bool cancel(double id);
  // Retry-After: `limit` starts nothing before `until` (a later pause extends it, an
  // earlier one does not shorten it). False for an unknown limit.
  bool pause(int limit, double until);

  // Statistics.
  double queued() const;     // not started yet (waiting for a limit or a pool)
  double in_flight() const;  // started and not completed
  double limit_queued(int limit) const;  // NaN for an unknown index, like all below
  double limit_in_window(int limit, double now);
  double limit_paused_until(int limit) const;  // -infinity when never paused
  // Earliest instant the limit lets its next request start (a pool may delay it further);
  // NaN when nothing waits on it.
  double limit_next_start(int limit, double now);
  double pool_in_flight(int pool) const;
  double pool_waiting(int pool) const;

 private:
  double advance_clock(double now);
  bool valid_limit(int limit) const;
  bool valid_pool(int pool) const;
  void list_limit(std::uint32_t limit);
  void list_pool(std::uint32_t pool);
  void admit(limit_state& limit, double now);
  void unadmit_all(std::uint32_t limit);
  void start(slot_index slot, double now);
  void serve(pool_state& pool, double now);
  void admit_listed(double now);
  void hand_to_pools(double now);
  void serve_listed(double now);
  double compute_next_wakeup(double now);

  request_table requests_;
  std::vector<limit_state> limits_;
  std::vector<pool_state> pools_;
  std::vector<std::uint32_t> listed_limits_;  // limits with queued (not admitted) requests
  std::vector<std::uint32_t> listed_pools_;   // pools with waiters
  std::vector<slot_index> batch_;             // admitted by the current poll
  std::vector<double> started_;
  std::vector<double> timed_out_;
  std::uint64_t next_id_ = 1;
  std::uint64_t running_ = 0;
  double clock_;
  double next_wakeup_;
};

}  // namespace core::schedule
