#pragma once
// The scheduler's requests: a slab of records addressed by slot (stable while the request
// lives, reused afterwards) and a lookup from the caller-visible id to the slot.
#include <cstdint>
#include <limits>
#include <vector>

namespace core::schedule {

using slot_index = std::uint32_t;
inline constexpr slot_index no_slot = std::numeric_limits<slot_index>::max();

// Membership of a record in one intrusive list (see intrusive_list.h).
struct list_link {
  slot_index prev = no_slot;
  slot_index next = no_slot;
};

enum class request_state : std::uint8_t {
  queued,    // waiting for its rate limit
  admitted,  // its rate limit lets it start; waiting for a pool connection
  running,   // started, not completed yet (holds a pool connection if it has a pool)
};

struct request {
  std::uint64_t id = 0;      // caller-visible, increasing: doubles as FIFO sequence
  std::uint32_t limit = 0;   // index of its rate limit (0: the built-in unlimited one)
  std::int32_t pool = -1;    // index of its pool, -1 for none
  double enqueued_at = 0;
  double admitted_at = 0;    // when it was admitted: its pool timeout counts from here
  request_state state = request_state::queued;
  list_link in_limit;        // position in its limit's queue (until it starts)
  list_link in_pool;         // position among its pool's waiters (while admitted)
};

// Slots by id: open addressing with linear probing in a table at most half full, so that a
// lookup is a multiplication and a probe or two; an erase shifts the entries after it back
// instead of leaving a marker, so the table never fills with them. (std::unordered_map
// allocates a node per request and brought some 3 KB of WebAssembly with it.)
class id_index {
 public:
  void insert(std::uint64_t id, slot_index slot);  // `id` must not be in the index
  void erase(std::uint64_t id);
  slot_index find(std::uint64_t id) const;  // no_slot when absent
  std::size_t size() const { return size_; }

 private:
  struct entry {
    std::uint64_t id = 0;
    slot_index slot = no_slot;  // no_slot: empty
  };
  std::size_t home(std::uint64_t id) const;
  void grow();

  std::vector<entry> entries_;  // a power of two in size, or empty
  std::size_t size_ = 0;
  int shift_ = 64;              // 64 - log2(entries_.size())
};

class request_table {
 public:
  slot_index insert(const request& r);
  void erase(slot_index slot);
  request& operator[](slot_index slot) { return slots_[slot]; }
  const request& operator[](slot_index slot) const { return slots_[slot]; }
  // The slot of a live request, or no_slot.
  slot_index find(std::uint64_t id) const;
  std::size_t size() const { return by_id_.size(); }

 private:
  std::vector<request> slots_;
  std::vector<slot_index> free_;
  id_index by_id_;
};

}  // namespace core::schedule
