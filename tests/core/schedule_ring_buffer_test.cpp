// The ring behind the sliding log: FIFO order across wrap-around, growth and shrinking.
#include <catch2/catch.hpp>

#include <deque>
#include <random>

#include "core/schedule/ring_buffer.h"

TEST_CASE("ring buffer behaves like a FIFO under random pushes and pops", "[schedule]") {
  core::schedule::ring_buffer<long> ring;
  std::deque<long> model;
  std::mt19937 rng(3);
  long next = 0;
  for (int step = 0; step < 200000; ++step) {
    // phases that mostly grow, then mostly shrink, to cross every resize
    const bool grow = (step / 5000) % 2 == 0;
    const bool push = model.empty() || std::uniform_int_distribution<int>(0, 9)(rng) < (grow ? 7 : 3);
    if (push) {
      ring.push_back(next);
      model.push_back(next++);
    } else {
      REQUIRE(ring.front() == model.front());
      ring.pop_front();
      model.pop_front();
    }
    REQUIRE(ring.size() == model.size());
    if (!model.empty()) {
      REQUIRE(ring.front() == model.front());
      REQUIRE(ring.back() == model.back());
    }
    // capacity stays within 4x of the size (or the minimum)
    REQUIRE((ring.capacity() <= 4 || ring.capacity() <= 4 * ring.size()));
  }
}
