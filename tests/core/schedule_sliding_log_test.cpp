// The sliding log on its own: counting, release instants, and the folding that bounds its
// memory on very busy limits.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

#include "core/schedule/sliding_log.h"
#include "core/values/rate_unit.h"
#include "schedule_sim.h"

using core::schedule::sliding_log;

TEST_CASE("rate units are fixed durations", "[schedule]") {
  using core::values::parse_rate_unit;
  using core::values::window_ms;
  CHECK(window_ms(*parse_rate_unit("second")) == 1000);
  CHECK(window_ms(*parse_rate_unit("minute")) == 60000);
  CHECK(window_ms(*parse_rate_unit("hour")) == 3600000);
  CHECK(window_ms(*parse_rate_unit("day")) == 86400000);
  CHECK_FALSE(parse_rate_unit("week"));
  CHECK_FALSE(parse_rate_unit("Second"));
  CHECK_FALSE(parse_rate_unit(""));
}

TEST_CASE("sliding log counts starts in (now - window, now]", "[schedule]") {
  sliding_log log(3, 1000);
  CHECK(log.available(0) == 3);
  CHECK(log.next_release() == schedule_sim::never);
  log.record(0);
  log.record(0);
  log.record(400);
  CHECK(log.entries() == 2);  // the two starts at 0 share one entry
  CHECK(log.count_in_window(999) == 3);
  CHECK(log.available(999) == 0);
  CHECK(log.next_release() == 1000);
  // At 1000 the starts made at 0 are exactly one window old: they no longer count.
  CHECK(log.count_in_window(1000) == 1);
  CHECK(log.available(1000) == 2);
  CHECK(log.next_release() == 1400);
  CHECK(log.count_in_window(1400) == 0);
  CHECK(log.entries() == 0);
}

TEST_CASE("sliding log keeps history when the limit changes", "[schedule]") {
  sliding_log log(5, 1000);
  for (int i = 0; i < 4; ++i) log.record(10.0 * i);
  log.set_limit(2, 1000);
  CHECK(log.available(50) == 0);  // 4 starts already in the window, above the new amount
  log.set_limit(2, 20);           // a shorter window: only the start at 30 is left at 40
  CHECK(log.count_in_window(40) == 1);
  CHECK(log.available(40) == 1);
}

TEST_CASE("waking at next_release always frees a slot, also for fractional instants",
          "[schedule]") {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> gap(0.0, 3.7);
  sliding_log log(4, 1000.1);
  double now = 1.7e12 + 0.3;
  for (int i = 0; i < 20000; ++i) {
    if (log.available(now) == 0) {
      const double release = log.next_release();
      REQUIRE(release > now);
      now = release;
      REQUIRE(log.available(now) > 0);
    }
    log.record(now);
    now += gap(rng);
  }
}

TEST_CASE("a very busy log folds entries: memory is bounded, the limit still holds",
          "[schedule]") {
  // 1 000 000 per day, one start per millisecond: far more distinct instants than
  // exact_entries fall into a window.
  const double window = 86400000;
  const double grain = window / static_cast<double>(sliding_log::exact_entries);
  sliding_log log(1000000, window);
  std::vector<double> starts;
  std::size_t most_entries = 0, most_allocated = 0;
  double now = 0;
  double worst_delay = 0;   // how much later than the exact rule a start was allowed
  std::vector<double> exact_history;
  while (starts.size() < 1500000) {
    if (log.available(now) == 0) {
      const double release = log.next_release();
      // The exact rule would allow the next start once the start `amount` back has left.
      const double exact = exact_history[exact_history.size() - 1000000] + window;
      worst_delay = std::max(worst_delay, release - std::max(exact, now));
      now = std::max(now, release);
      REQUIRE(log.available(now) > 0);
    }
    log.record(now);
    starts.push_back(now);
    exact_history.push_back(now);
    most_entries = std::max(most_entries, log.entries());
    most_allocated = std::max(most_allocated, log.allocated_entries());
    now += 1;
  }
  INFO("entries " << most_entries << ", worst delay " << worst_delay << " ms");
  CHECK(most_entries > sliding_log::exact_entries);  // folding did happen
  CHECK(most_entries <= 2 * sliding_log::exact_entries + 1);
  CHECK(most_allocated <= 65536);  // 1 MB
  CHECK(schedule_sim::max_in_window(starts, window) <= 1000000);
  CHECK(worst_delay > 0);
  CHECK(worst_delay <= grain);
}

TEST_CASE("a log gives its memory back once a burst has left the window", "[schedule]") {
  sliding_log log(100000, 1000);
  CHECK(log.allocated_entries() == 0);  // nothing before the first start
  for (int i = 0; i < 5000; ++i) log.record(i * 0.1);  // 5000 distinct instants in 0.5 s
  CHECK(log.entries() == 5000);
  CHECK(log.allocated_entries() >= 5000);
  CHECK(log.count_in_window(2000) == 0);
  CHECK(log.allocated_entries() <= 8);
  log.record(2000);
  CHECK(log.count_in_window(2000) == 1);
}
