#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "core/schedule/request_table.h"

using core::schedule::id_index;
using core::schedule::no_slot;
using core::schedule::slot_index;

TEST_CASE("id index: the same answers as a map through random inserts and erases", "[schedule]") {
  std::mt19937_64 rng(20261208);
  for (int round = 0; round < 20; ++round) {
    id_index index;
    std::map<std::uint64_t, slot_index> reference;
    std::uint64_t next_id = rng() % 1000;
    // ids mostly increasing (as the scheduler issues them), some arbitrary, erased in any order
    for (int step = 0; step < 5000; ++step) {
      const unsigned action = rng() % 10;
      if (action < 5 || reference.empty()) {
        const std::uint64_t id = rng() % 8 == 0 ? rng() : next_id++;
        if (reference.count(id)) continue;
        const auto slot = static_cast<slot_index>(rng() % 100000);
        index.insert(id, slot);
        reference[id] = slot;
      } else if (action < 8) {
        auto it = reference.begin();
        std::advance(it, static_cast<long>(rng() % reference.size()));
        index.erase(it->first);
        reference.erase(it);
      } else {
        index.erase(rng());  // absent (almost surely): nothing changes
      }
      REQUIRE(index.size() == reference.size());
      if (step % 97 == 0) {
        for (const auto& [id, slot] : reference) REQUIRE(index.find(id) == slot);
        REQUIRE(index.find(next_id + 12345) == no_slot);
      }
    }
    for (const auto& [id, slot] : reference) REQUIRE(index.find(id) == slot);
    for (const auto& [id, slot] : reference) index.erase(id);
    CHECK(index.size() == 0);
    CHECK(index.find(next_id - 1) == no_slot);
  }
}

TEST_CASE("id index: colliding homes and wrap-around", "[schedule]") {
  // ids that differ only above the hash's top bits share a home: a run of collisions that
  // wraps past the end of the table, then erased from the middle
  id_index index;
  std::map<std::uint64_t, slot_index> reference;
  for (std::uint64_t i = 0; i < 7; ++i) {
    const std::uint64_t id = i * (1ull << 60);
    index.insert(id, static_cast<slot_index>(i));
    reference[id] = static_cast<slot_index>(i);
  }
  for (std::uint64_t i : {3u, 0u, 6u}) {
    index.erase(i * (1ull << 60));
    reference.erase(i * (1ull << 60));
    for (const auto& [id, slot] : reference) REQUIRE(index.find(id) == slot);
  }
  CHECK(index.size() == 4);
  CHECK(index.find(3 * (1ull << 60)) == no_slot);
}
