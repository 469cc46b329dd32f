// The scheduler under a virtual clock: the sliding-window guarantee for random arrivals
// and every unit, FIFO order, shared limits, pools, pool timeouts, Retry-After pauses,
// cancellation and statistics.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/schedule/scheduler.h"
#include "core/values/rate_unit.h"
#include "schedule_sim.h"

using core::schedule::scheduler;
using schedule_sim::arrival;
using schedule_sim::max_in_window;
using schedule_sim::outcome;
using schedule_sim::starts_of;

namespace {

// Bursty random arrivals over about `span` ms: clusters of up to 3 x amount requests
// arriving at once or within a few ms, separated by random gaps.
std::vector<arrival> bursty_arrivals(std::mt19937_64& rng, int limit, double span,
                                     std::size_t count, std::uint32_t amount) {
  std::uniform_real_distribution<double> at(0, span);
  std::uniform_int_distribution<std::uint32_t> burst(1, 3 * amount);
  std::uniform_int_distribution<int> spread(0, 3);
  std::vector<arrival> v;
  while (v.size() < count) {
    const double t = std::floor(at(rng));
    const auto n = burst(rng);
    for (std::uint32_t i = 0; i < n && v.size() < count; ++i) {
      arrival a;
      a.at = t + spread(rng);
      a.limit = limit;
      v.push_back(a);
    }
  }
  return v;
}

// The earliest instants a perfect FIFO sliding-window limiter allows, computed directly:
// the k-th request starts at max(its arrival, the previous start, the start `amount`
// earlier + window).
std::vector<double> ideal_starts(std::vector<double> arrivals, std::uint32_t amount,
                                 double window) {
  std::sort(arrivals.begin(), arrivals.end());
  std::vector<double> s;
  for (std::size_t k = 0; k < arrivals.size(); ++k) {
    double t = arrivals[k];
    if (k > 0) t = std::max(t, s[k - 1]);
    if (k >= amount) t = std::max(t, s[k - amount] + window);
    s.push_back(t);
  }
  return s;
}

}  // namespace

TEST_CASE("settings are checked", "[schedule]") {
  scheduler s;
  CHECK(s.add_limit(0, "second") == -1);
  CHECK(s.add_limit(1.5, "second") == -1);
  CHECK(s.add_limit(1000001, "second") == -1);
  CHECK(s.add_limit(std::nan(""), "second") == -1);
  CHECK(s.add_limit(5, "week") == -1);
  CHECK(s.add_limit(1000000, "day") == 1);
  CHECK(s.add_pool(0, 1000) == -1);
  CHECK(s.add_pool(2, -1) == -1);
  CHECK(s.add_pool(2, std::nan("")) == -1);
  CHECK(s.add_pool(2, core::schedule::no_timeout) == 0);
  CHECK(s.enqueue(7, -1, 0) == 0);
  CHECK(s.enqueue(1, 3, 0) == 0);
  CHECK(s.enqueue(1, 0, 0) >= 1);
  CHECK_FALSE(s.set_limit(scheduler::unlimited, 5, "second"));
  CHECK_FALSE(s.complete(12345));
  CHECK_FALSE(s.cancel(0.5));
  CHECK(std::isnan(s.limit_queued(9)));
  CHECK(std::isnan(s.pool_waiting(9)));
}

TEST_CASE("random bursty arrivals: never more than amount in any window, every unit, "
          "and each start as early as an exact FIFO limiter allows",
          "[schedule][property]") {
  std::mt19937_64 rng(20240909);
  for (const std::string unit : {"second", "minute", "hour", "day"}) {
    const double window = core::values::window_ms(*core::values::parse_rate_unit(unit));
    for (int round = 0; round < 25; ++round) {
      const auto amount = std::uniform_int_distribution<std::uint32_t>(1, 40)(rng);
      scheduler s;
      const int limit = s.add_limit(amount, unit);
      const std::size_t count = std::uniform_int_distribution<std::size_t>(1, 400)(rng);
      auto arrivals = bursty_arrivals(rng, limit, 4 * window, count, amount);
      const auto result = schedule_sim::run(s, arrivals);

      INFO(unit << ", amount " << amount << ", " << count << " requests, round " << round);
      const auto starts = starts_of(result, limit);
      REQUIRE(starts.size() == count);  // none lost
      CHECK(max_in_window(starts, window) <= amount);

      std::vector<double> arrival_times;
      for (const auto& a : arrivals) arrival_times.push_back(a.at);
      CHECK(starts == ideal_starts(arrival_times, amount, window));

      // FIFO: in arrival (= id) order, start instants never decrease.
      for (std::size_t i = 1; i < result.requests.size(); ++i)
        CHECK(result.requests[i - 1].started_at <= result.requests[i].started_at);
      CHECK(result.idle_wakeups == 0);
      CHECK(s.queued() == 0);
      CHECK(s.in_flight() == 0);
    }
  }
}

TEST_CASE("a burst at a window boundary waits for the sliding window, not the next fixed "
          "window", "[schedule]") {
  // 20 per second: 20 at 900 ms, 20 more at 1000 ms. A fixed-window reservoir refilled at
  // 1000 ms would start all 40 within 100 ms; the sliding window starts the second 20 at
  // 1900 ms.
  scheduler s;
  const int limit = s.add_limit(20, "second");
  std::vector<arrival> arrivals;
  for (int i = 0; i < 20; ++i) arrivals.push_back({900, limit});
  for (int i = 0; i < 20; ++i) arrivals.push_back({1000, limit});
  const auto r = schedule_sim::run(s, arrivals);
  for (int i = 0; i < 20; ++i) CHECK(r.requests[i].started_at == 900);
  for (int i = 20; i < 40; ++i) CHECK(r.requests[i].started_at == 1900);
  CHECK(max_in_window(starts_of(r, limit), 1000) == 20);
}

TEST_CASE("fractional clock values never make the scheduler spin or break the limit",
          "[schedule]") {
  std::mt19937_64 rng(99);
  std::uniform_real_distribution<double> at(0, 5000);
  scheduler s;
  const int limit = s.add_limit(7, "second");
  std::vector<arrival> arrivals;
  for (int i = 0; i < 300; ++i) arrivals.push_back({1.7e12 + at(rng) + 0.123456789, limit});
  const auto r = schedule_sim::run(s, arrivals);
  const auto starts = starts_of(r, limit);
  REQUIRE(starts.size() == 300);
  CHECK(max_in_window(starts, 1000) <= 7);
  // Every wakeup the scheduler asked for started something.
  CHECK(r.idle_wakeups == 0);
}

TEST_CASE("instances sharing one limit key share its budget", "[schedule]") {
  std::mt19937_64 rng(5);
  scheduler s;
  const int shared = s.add_limit(5, "second");
  // Two "instances" enqueue interleaved on the same limit; a third has its own.
  const int own = s.add_limit(5, "second");
  std::vector<arrival> arrivals;
  std::uniform_int_distribution<int> at(0, 3000);
  for (int i = 0; i < 60; ++i) arrivals.push_back({double(at(rng)), shared});
  for (int i = 0; i < 60; ++i) arrivals.push_back({double(at(rng)), own});
  const auto r = schedule_sim::run(s, arrivals);
  CHECK(max_in_window(starts_of(r, shared), 1000) <= 5);
  CHECK(max_in_window(starts_of(r, own), 1000) <= 5);
  CHECK(starts_of(r, shared).size() == 60);
  // The limits are independent: together they start up to 10 in a second.
  std::vector<double> all;
  for (const auto& o : r.requests) all.push_back(o.started_at);
  std::sort(all.begin(), all.end());
  CHECK(max_in_window(all, 1000) == 10);
}

TEST_CASE("a pool caps requests in flight across limits, in FIFO order", "[schedule]") {
  scheduler s;
  const int a = s.add_limit(100, "second");
  const int b = s.add_limit(100, "second");
  const int pool = s.add_pool(3, core::schedule::no_timeout);
  std::vector<arrival> arrivals;
  for (int i = 0; i < 30; ++i) arrivals.push_back({double(i), i % 2 ? a : b, pool, 50});
  const auto r = schedule_sim::run(s, arrivals);
  CHECK(schedule_sim::max_concurrent(r, pool) == 3);
  for (std::size_t i = 1; i < r.requests.size(); ++i) {
    REQUIRE(r.requests[i].started());
    CHECK(r.requests[i - 1].started_at <= r.requests[i].started_at);
  }
  // Three connections, 50 ms each: 30 requests take 10 rounds; the last arrived at 29 ms
  // and gets the connection the request that started at 402 ms frees.
  CHECK(r.requests.back().started_at == 452);
}

TEST_CASE("waiting for a pool does not burn a rate slot", "[schedule]") {
  // 2 per second, pool of 1. Request 0 holds the connection for 900 ms; request 1 waits
  // for it and starts at 900. Had its slot been counted when the rate limit admitted it
  // (at 0), requests 2 and 3 would both start at 1000 and three would start within
  // (0, 1000]+900. Counting real starts only, request 3 waits until 900 + 1000.
  scheduler s;
  const int limit = s.add_limit(2, "second");
  const int pool = s.add_pool(1, core::schedule::no_timeout);
  const auto r = schedule_sim::run(
      s, {{0, limit, pool, 900}, {0, limit, pool, 1}, {0, limit, pool, 1}, {0, limit, pool, 1}});
  CHECK(r.requests[0].started_at == 0);
  CHECK(r.requests[1].started_at == 900);
  CHECK(r.requests[2].started_at == 1000);
  CHECK(r.requests[3].started_at == 1900);
  CHECK(max_in_window(starts_of(r, limit), 1000) == 2);
}

TEST_CASE("requests of one limit in different pools: a full pool does not block the other",
          "[schedule]") {
  scheduler s;
  const int limit = s.add_limit(10, "second");
  const int busy = s.add_pool(1, core::schedule::no_timeout);
  const int idle = s.add_pool(1, core::schedule::no_timeout);
  const auto r = schedule_sim::run(
      s, {{0, limit, busy, 500}, {0, limit, busy, 500}, {0, limit, idle, 10}});
  CHECK(r.requests[0].started_at == 0);
  CHECK(r.requests[1].started_at == 500);
  CHECK(r.requests[2].started_at == 0);
}

TEST_CASE("pool timeout fails requests that waited for a connection, counted from "
          "admission", "[schedule]") {
  scheduler s;
  const int limit = s.add_limit(1, "second");
  const int pool = s.add_pool(1, 1500);  // 1.5 s
  // Three requests at once, each running 5 s. The first starts at 0. The second is admitted
  // at 1000 (rate limit) and waits for the pool until 2500: it fails. The third is admitted
  // at 2500 once the second is gone... and fails at 4000. A fourth arriving at 4500 is
  // admitted at 4500, gets the connection at 5000 and starts.
  const auto r = schedule_sim::run(s, {{0, limit, pool, 5000},
                                       {0, limit, pool, 5000},
                                       {0, limit, pool, 5000},
                                       {4500, limit, pool, 5000}});
  CHECK(r.requests[0].started_at == 0);
  CHECK(r.requests[1].failed_at == 2500);
  CHECK(r.requests[2].failed_at == 4000);
  CHECK(r.requests[3].started_at == 5000);
  CHECK_FALSE(r.requests[1].started());
}

TEST_CASE("rate-limit waiting alone never times out", "[schedule]") {
  scheduler s;
  const int limit = s.add_limit(1, "minute");
  const int pool = s.add_pool(5, 1000);  // 1 s pool timeout, rate waits of minutes
  std::vector<arrival> arrivals(5, arrival{0, limit, pool, 10});
  const auto r = schedule_sim::run(s, arrivals);
  for (std::size_t i = 0; i < 5; ++i) CHECK(r.requests[i].started_at == 60000.0 * i);
}

TEST_CASE("a request whose deadline is now takes a connection freed now", "[schedule]") {
  scheduler s;
  const int pool = s.add_pool(1, 100);
  const auto r = schedule_sim::run(
      s, {{0, scheduler::unlimited, pool, 100}, {0, scheduler::unlimited, pool, 1}});
  CHECK(r.requests[1].started_at == 100);
}

TEST_CASE("Retry-After pauses a limit; queued and admitted requests wait", "[schedule]") {
  scheduler s;
  const int limit = s.add_limit(10, "second");
  const int pool = s.add_pool(1, core::schedule::no_timeout);
  std::vector<arrival> arrivals;
  for (int i = 0; i < 5; ++i) arrivals.push_back({0, limit, pool, 100});
  // At 150 ms the remote answers 429 with Retry-After: 2 -> pause until 2150.
  std::vector<schedule_sim::action> actions{
      {150, [&](scheduler& sch, std::vector<outcome>&) { sch.pause(limit, 2150); }}};
  const auto r = schedule_sim::run(s, arrivals, actions);
  CHECK(r.requests[0].started_at == 0);
  CHECK(r.requests[1].started_at == 100);
  CHECK(r.requests[2].started_at == 2150);  // was admitted, waiting on the pool: held back
  CHECK(r.requests[3].started_at == 2250);
  CHECK(r.requests[4].started_at == 2350);
  CHECK(s.limit_paused_until(limit) == 2150);
}

TEST_CASE("a shorter pause does not shorten a longer one", "[schedule]") {
  scheduler s;
  const int limit = s.add_limit(10, "second");
  s.pause(limit, 5000);
  s.pause(limit, 1000);
  CHECK(s.limit_paused_until(limit) == 5000);
  const auto r = schedule_sim::run(s, {{0, limit}});
  CHECK(r.requests[0].started_at == 5000);
}

TEST_CASE("cancelling a queued request leaves the others in order", "[schedule]") {
  scheduler s;
  const int limit = s.add_limit(1, "second");
  std::vector<arrival> arrivals(5, arrival{0, limit});
  std::vector<schedule_sim::action> actions{
      {500, [](scheduler& sch, std::vector<outcome>& reqs) {
         CHECK(sch.cancel(reqs[2].id));
         CHECK_FALSE(sch.cancel(reqs[2].id));  // already gone
         CHECK_FALSE(sch.cancel(reqs[0].id));  // running
       }}};
  // Each runs 10 s so that request 0 is still running at 500 ms.
  for (auto& a : arrivals) a.duration = 10000;
  const auto r = schedule_sim::run(s, arrivals, actions);
  CHECK(r.requests[0].started_at == 0);
  CHECK(r.requests[1].started_at == 1000);
  CHECK_FALSE(r.requests[2].started());
  CHECK(r.requests[3].started_at == 2000);
  CHECK(r.requests[4].started_at == 3000);
}

TEST_CASE("cancelling an admitted pool waiter frees its admission", "[schedule]") {
  scheduler s;
  const int limit = s.add_limit(2, "minute");
  const int pool = s.add_pool(1, core::schedule::no_timeout);
  std::vector<arrival> arrivals(3, arrival{0, limit, pool, 100});
  std::vector<schedule_sim::action> actions{
      {50, [](scheduler& sch, std::vector<outcome>& reqs) { CHECK(sch.cancel(reqs[1].id)); }}};
  const auto r = schedule_sim::run(s, arrivals, actions);
  CHECK(r.requests[0].started_at == 0);
  CHECK_FALSE(r.requests[1].started());
  CHECK(r.requests[2].started_at == 100);  // took the admission request 1 gave back
}

TEST_CASE("statistics: queued, in flight, next start", "[schedule]") {
  scheduler s;
  const int limit = s.add_limit(2, "second");
  const int pool = s.add_pool(1, core::schedule::no_timeout);
  for (int i = 0; i < 4; ++i) s.enqueue(limit, pool, 0);
  CHECK(s.poll(0) == 1);
  CHECK(s.queued() == 3);
  CHECK(s.in_flight() == 1);
  CHECK(s.limit_queued(limit) == 3);
  CHECK(s.pool_waiting(pool) == 1);    // admitted, waiting for the connection
  CHECK(s.pool_in_flight(pool) == 1);
  CHECK(s.limit_in_window(limit, 0) == 1);
  CHECK(s.limit_next_start(limit, 0) == 0);  // the admitted one may start once the pool allows
  CHECK(s.next_wakeup() == 1000);            // a rate slot frees at 1000
  CHECK(s.complete(s.started()[0]));
  CHECK_FALSE(s.complete(s.started()[0]));
  CHECK(s.poll(10) == 1);
  CHECK(s.limit_in_window(limit, 10) == 2);
  CHECK(s.limit_next_start(limit, 10) == 1000);
  CHECK(std::isnan(s.limit_next_start(scheduler::unlimited, 10)));
}

TEST_CASE("a clock that steps back is clamped to the latest instant seen", "[schedule]") {
  scheduler s;
  const int limit = s.add_limit(1, "second");
  s.enqueue(limit, -1, 5000);
  s.enqueue(limit, -1, 5000);
  CHECK(s.poll(5000) == 1);
  CHECK(s.poll(100) == 0);  // a step back does not reopen the window
  CHECK(s.next_wakeup() == 6000);
  CHECK(s.poll(6000) == 1);
}

TEST_CASE("changing a limit re-decides admission under the new amount", "[schedule]") {
  scheduler s;
  const int limit = s.add_limit(10, "second");
  const int pool = s.add_pool(1, core::schedule::no_timeout);
  for (int i = 0; i < 5; ++i) s.enqueue(limit, pool, 0);
  CHECK(s.poll(0) == 1);             // 1 running, 4 admitted (room for 10)
  CHECK(s.pool_waiting(pool) == 4);
  CHECK(s.set_limit(limit, 1, "second"));
  CHECK(s.pool_waiting(pool) == 0);  // back in the queue
  CHECK(s.complete(s.started()[0]));
  CHECK(s.poll(10) == 0);            // 1 per second now
  CHECK(s.next_wakeup() == 1000);
  CHECK(s.set_unlimited(limit));
  CHECK(s.poll(20) == 1);            // pool-bound only
  CHECK(s.pool_waiting(pool) == 3);
}

TEST_CASE("many limits and pools at random: limits, pool sizes, FIFO, nothing lost",
          "[schedule][property]") {
  std::mt19937_64 rng(31337);
  for (int round = 0; round < 40; ++round) {
    scheduler s;
    std::vector<std::uint32_t> amounts;
    std::vector<int> limits;
    for (int i = 0; i < 3; ++i) {
      amounts.push_back(std::uniform_int_distribution<std::uint32_t>(1, 8)(rng));
      limits.push_back(s.add_limit(amounts.back(), "second"));
    }
    std::vector<std::uint32_t> sizes{std::uniform_int_distribution<std::uint32_t>(1, 4)(rng),
                                     std::uniform_int_distribution<std::uint32_t>(1, 4)(rng)};
    const int p0 = s.add_pool(sizes[0], core::schedule::no_timeout);
    const int p1 = s.add_pool(sizes[1], 2000);
    std::vector<arrival> arrivals;
    std::uniform_int_distribution<int> at(0, 6000), which(0, 2), pool(-1, 1), dur(1, 700);
    for (int i = 0; i < 200; ++i) {
      const int k = which(rng);
      arrivals.push_back({double(at(rng)), limits[k], pool(rng), double(dur(rng))});
    }
    const auto r = schedule_sim::run(s, arrivals);
    INFO("round " << round);
    for (int k = 0; k < 3; ++k) CHECK(max_in_window(starts_of(r, limits[k]), 1000) <= amounts[k]);
    CHECK(schedule_sim::max_concurrent(r, p0) <= sizes[0]);
    CHECK(schedule_sim::max_concurrent(r, p1) <= sizes[1]);
    for (const auto& o : r.requests) {
      CHECK(o.started() != o.failed());  // each request either started or failed
      if (o.failed()) {
        CHECK(o.in.pool == p1);
        CHECK(o.failed_at - o.in.at >= 2000);
      }
    }
    // FIFO per limit and pool: a later request of the same limit and pool never starts
    // before an earlier one.
    for (std::size_t i = 0; i < r.requests.size(); ++i)
      for (std::size_t j = i + 1; j < r.requests.size(); ++j) {
        const auto &x = r.requests[i], &y = r.requests[j];
        if (x.in.limit == y.in.limit && x.in.pool == y.in.pool && x.started() && y.started())
          CHECK(x.started_at <= y.started_at);
      }
    CHECK(s.queued() == 0);
    CHECK(s.in_flight() == 0);
  }
}
