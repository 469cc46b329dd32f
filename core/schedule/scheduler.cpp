#include "core/schedule/scheduler.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/values/pool_size.h"
#include "core/values/rate_unit.h"

namespace core::schedule {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

bool is_count(double v, double max) { return v >= 1 && v <= max && std::floor(v) == v; }

bool valid_timeout(double ms) { return ms == no_timeout || (ms >= 0 && std::isfinite(ms)); }

// An id from the host: a positive integer that fits a double exactly.
bool to_id(double v, std::uint64_t& id) {
  if (!(v >= 1 && v <= 9007199254740992.0) || std::floor(v) != v) return false;
  id = static_cast<std::uint64_t>(v);
  return true;
}

}  // namespace

scheduler::scheduler() : clock_(-infinity), next_wakeup_(infinity) { add_unlimited(); }

double scheduler::advance_clock(double now) {
  if (now > clock_) clock_ = now;  // also ignores NaN
  return clock_;
}

bool scheduler::valid_limit(int limit) const {
  return limit >= 0 && static_cast<std::size_t>(limit) < limits_.size();
}

bool scheduler::valid_pool(int pool) const {
  return pool >= 0 && static_cast<std::size_t>(pool) < pools_.size();
}

int scheduler::add_limit(double amount, const std::string& unit) {
  auto parsed = values::parse_rate_unit(unit);
  if (!parsed || !is_count(amount, values::max_rate_amount)) return -1;
  limits_.emplace_back();
  limits_.back().log.emplace(static_cast<std::uint32_t>(amount), values::window_ms(*parsed));
  return static_cast<int>(limits_.size() - 1);
}

int scheduler::add_unlimited() {
  limits_.emplace_back();
  return static_cast<int>(limits_.size() - 1);
}

bool scheduler::set_limit(int limit, double amount, const std::string& unit) {
  auto parsed = values::parse_rate_unit(unit);
  if (limit == unlimited || !valid_limit(limit) || !parsed ||
      !is_count(amount, values::max_rate_amount)) {
    return false;
  }
  auto& state = limits_[limit];
  if (state.log) {
    state.log->set_limit(static_cast<std::uint32_t>(amount), values::window_ms(*parsed));
  } else {
    state.log.emplace(static_cast<std::uint32_t>(amount), values::window_ms(*parsed));
  }
  // Admission was decided under the old amount: decide again under the new one.
  unadmit_all(static_cast<std::uint32_t>(limit));
  return true;
}

bool scheduler::set_unlimited(int limit) {
  if (!valid_limit(limit)) return false;
  limits_[limit].log.reset();
  unadmit_all(static_cast<std::uint32_t>(limit));
  return true;
}

int scheduler::add_pool(double size, double timeout_ms) {
  if (!is_count(size, values::max_pool_size) || !valid_timeout(timeout_ms)) {
    return -1;
  }
  pools_.emplace_back();
  pools_.back().size = static_cast<std::uint32_t>(size);
  pools_.back().timeout_ms = timeout_ms;
  return static_cast<int>(pools_.size() - 1);
}

bool scheduler::set_pool(int pool, double size, double timeout_ms) {
  if (!valid_pool(pool) || !is_count(size, values::max_pool_size) ||
      !valid_timeout(timeout_ms)) {
    return false;
  }
  pools_[pool].size = static_cast<std::uint32_t>(size);
  pools_[pool].timeout_ms = timeout_ms;
  if (!pools_[pool].waiters.empty()) list_pool(static_cast<std::uint32_t>(pool));
  return true;
}

void scheduler::list_limit(std::uint32_t limit) {
  if (!limits_[limit].listed) {
    limits_[limit].listed = true;
    listed_limits_.push_back(limit);
  }
}

void scheduler::list_pool(std::uint32_t pool) {
  if (!pools_[pool].listed) {
    pools_[pool].listed = true;
    listed_pools_.push_back(pool);
  }
}

double scheduler::enqueue(int limit, int pool, double now) {
  if (!valid_limit(limit) || (pool != no_pool && !valid_pool(pool))) return 0;
  now = advance_clock(now);
  request r;
  r.id = next_id_++;
  r.limit = static_cast<std::uint32_t>(limit);
  r.pool = pool;
  r.enqueued_at = now;
  const slot_index slot = requests_.insert(r);
  auto& state = limits_[limit];
  state.pending.push_back(requests_, slot);
  if (state.first_queued == no_slot) state.first_queued = slot;
  list_limit(static_cast<std::uint32_t>(limit));
  return static_cast<double>(r.id);
}

void scheduler::admit(limit_state& limit, double now) {
  if (limit.paused(now)) return;
  std::uint64_t room = std::numeric_limits<std::uint64_t>::max();
  if (limit.log) {
    const std::uint64_t available = limit.log->available(now);
    room = available > limit.admitted ? available - limit.admitted : 0;
  }
  while (room > 0 && limit.first_queued != no_slot) {
    const slot_index slot = limit.first_queued;
    auto& r = requests_[slot];
    limit.first_queued = limit.pending.next(requests_, slot);
    r.state = request_state::admitted;
    r.admitted_at = now;
    ++limit.admitted;
    batch_.push_back(slot);
    --room;
  }
}

void scheduler::unadmit_all(std::uint32_t index) {
  auto& limit = limits_[index];
  for (slot_index s = limit.pending.front(); s != limit.first_queued;
       s = limit.pending.next(requests_, s)) {
    auto& r = requests_[s];
    if (r.pool >= 0) pools_[r.pool].waiters.remove(requests_, s);
    r.state = request_state::queued;
  }
  limit.first_queued = limit.pending.front();
  limit.admitted = 0;
  if (!limit.pending.empty()) list_limit(index);
}

void scheduler::start(slot_index slot, double now) {
  auto& r = requests_[slot];
  auto& limit = limits_[r.limit];
  limit.pending.remove(requests_, slot);
  --limit.admitted;
  if (limit.log) limit.log->record(now);
  if (r.pool >= 0) ++pools_[r.pool].in_flight;
  r.state = request_state::running;
  ++running_;
  started_.push_back(static_cast<double>(r.id));
}

void scheduler::serve(pool_state& pool, double now) {
  while (pool.has_room() && !pool.waiters.empty()) {
    const slot_index slot = pool.waiters.front();
    pool.waiters.remove(requests_, slot);
    start(slot, now);
  }
  // Starting comes first: a request whose deadline is now takes a free connection.
  while (pool.times_out() && !pool.waiters.empty()) {
    const slot_index slot = pool.waiters.front();
    auto& r = requests_[slot];
    if (r.admitted_at + pool.timeout_ms > now) break;  // same sum as in the wakeup
    pool.waiters.remove(requests_, slot);
    const std::uint32_t limit_index = r.limit;
    auto& limit = limits_[limit_index];
    limit.pending.remove(requests_, slot);
    --limit.admitted;
    if (limit.first_queued != no_slot) list_limit(limit_index);
    timed_out_.push_back(static_cast<double>(r.id));
    requests_.erase(slot);
  }
}

std::size_t scheduler::poll(double now) {
  now = advance_clock(now);
  started_.clear();
  timed_out_.clear();
  // A timed-out waiter gives its admission back, so admission runs again after timeouts
  // (each round removes requests, so this ends).
  std::size_t failed_before;
  do {
    failed_before = timed_out_.size();
    admit_listed(now);
    hand_to_pools(now);
    serve_listed(now);
  } while (timed_out_.size() != failed_before);
  next_wakeup_ = compute_next_wakeup(now);
  return started_.size();
}

// 1. Rate limits admit in FIFO order.
void scheduler::admit_listed(double now) {
  batch_.clear();
  std::size_t kept = 0;
  for (const std::uint32_t index : listed_limits_) {
    auto& limit = limits_[index];
    admit(limit, now);
    if (limit.first_queued != no_slot) {
      listed_limits_[kept++] = index;
    } else {
      limit.listed = false;
    }
  }
  listed_limits_.resize(kept);
}

// 2. Admitted requests go to their pool in request order (several limits may have
//    admitted at this instant), or start at once when they have no pool.
void scheduler::hand_to_pools(double now) {
  const auto by_id = [this](slot_index a, slot_index b) {
    return requests_[a].id < requests_[b].id;
  };
  if (!std::is_sorted(batch_.begin(), batch_.end(), by_id)) {
    std::sort(batch_.begin(), batch_.end(), by_id);
  }
  for (const slot_index slot : batch_) {
    const int pool = requests_[slot].pool;
    if (pool < 0) {
      start(slot, now);
    } else {
      pools_[pool].waiters.push_back(requests_, slot);
      list_pool(static_cast<std::uint32_t>(pool));
    }
  }
}

// 3. Pools start waiters while they have room; waiters past the timeout fail.
void scheduler::serve_listed(double now) {
  std::size_t kept = 0;
  for (const std::uint32_t index : listed_pools_) {
    auto& pool = pools_[index];
    serve(pool, now);
    if (!pool.waiters.empty()) {
      listed_pools_[kept++] = index;
    } else {
      pool.listed = false;
    }
  }
  listed_pools_.resize(kept);
}

double scheduler::compute_next_wakeup(double now) {
  double wake = infinity;
  for (const std::uint32_t index : listed_limits_) {
    auto& limit = limits_[index];
    if (limit.paused(now)) {
      wake = std::min(wake, limit.paused_until);
    } else if (limit.log) {
      // Full (admission took all the room): the next slot frees when the oldest logged
      // start leaves the window. With an empty log the room is held by admitted requests,
      // and only a start or a cancel (both followed by a poll) changes that.
      wake = std::min(wake, limit.log->next_release());
    }
  }
  for (const std::uint32_t index : listed_pools_) {
    const auto& pool = pools_[index];
    if (pool.times_out()) {
      wake = std::min(wake, requests_[pool.waiters.front()].admitted_at + pool.timeout_ms);
    }
  }
  return std::max(wake, now);
}

bool scheduler::complete(double id_value) {
  std::uint64_t id;
  if (!to_id(id_value, id)) return false;
  const slot_index slot = requests_.find(id);
  if (slot == no_slot || requests_[slot].state != request_state::running) return false;
  const int pool = requests_[slot].pool;
  if (pool >= 0) {
    --pools_[pool].in_flight;
    if (!pools_[pool].waiters.empty()) list_pool(static_cast<std::uint32_t>(pool));
  }
  --running_;
  requests_.erase(slot);
  return true;
}

bool scheduler::cancel(double id_value) {
  std::uint64_t id;
  if (!to_id(id_value, id)) return false;
  const slot_index slot = requests_.find(id);
  if (slot == no_slot) return false;
  auto& r = requests_[slot];
  auto& limit = limits_[r.limit];
  switch (r.state) {
    case request_state::running:
      return false;
    case request_state::admitted:
      --limit.admitted;
      if (r.pool >= 0) pools_[r.pool].waiters.remove(requests_, slot);
      break;
    case request_state::queued:
      if (limit.first_queued == slot) limit.first_queued = limit.pending.next(requests_, slot);
      break;
  }
  limit.pending.remove(requests_, slot);
  requests_.erase(slot);
  return true;
}

bool scheduler::pause(int limit, double until) {
  if (!valid_limit(limit) || std::isnan(until)) return false;
  auto& state = limits_[limit];
  if (until > state.paused_until) state.paused_until = until;
  // Admitted requests must not start during the pause either.
  if (state.paused(clock_)) unadmit_all(static_cast<std::uint32_t>(limit));
  return true;
}

double scheduler::queued() const { return static_cast<double>(requests_.size() - running_); }

double scheduler::in_flight() const { return static_cast<double>(running_); }

double scheduler::limit_queued(int limit) const {
  return valid_limit(limit) ? static_cast<double>(limits_[limit].pending.size()) : not_a_number;
}

double scheduler::limit_in_window(int limit, double now) {
  if (!valid_limit(limit)) return not_a_number;
  auto& state = limits_[limit];
  return state.log ? static_cast<double>(state.log->count_in_window(advance_clock(now))) : 0;
}

double scheduler::limit_paused_until(int limit) const {
  return valid_limit(limit) ? limits_[limit].paused_until : not_a_number;
}

double scheduler::limit_next_start(int limit, double now) {
  if (!valid_limit(limit) || limits_[limit].pending.empty()) return not_a_number;
  now = advance_clock(now);
  auto& state = limits_[limit];
  double at = std::max(now, state.paused_until);
  if (state.admitted > 0 || !state.log) return at;
  if (state.log->available(now) > 0) return at;
  return std::max(at, state.log->next_release());
}

double scheduler::pool_in_flight(int pool) const {
  return valid_pool(pool) ? static_cast<double>(pools_[pool].in_flight) : not_a_number;
}

double scheduler::pool_waiting(int pool) const {
  return valid_pool(pool) ? static_cast<double>(pools_[pool].waiters.size()) : not_a_number;
}

}  // namespace core::schedule
