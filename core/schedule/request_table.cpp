#include "core/schedule/request_table.h"

namespace core::schedule {

std::size_t id_index::home(std::uint64_t id) const {
  // Fibonacci hashing: consecutive ids land far apart
  return static_cast<std::size_t>((id * 0x9E3779B97F4A7C15ull) >> shift_);
}

void id_index::grow() {
  std::vector<entry> old = std::move(entries_);
  entries_.assign(old.empty() ? 16 : old.size() * 2, entry{});
  shift_ = 64;
  for (std::size_t n = entries_.size(); n > 1; n >>= 1) --shift_;
  size_ = 0;
  for (const entry& e : old) {
    if (e.slot != no_slot) insert(e.id, e.slot);
  }
}

void id_index::insert(std::uint64_t id, slot_index slot) {
  if ((size_ + 1) * 2 > entries_.size()) grow();
  const std::size_t mask = entries_.size() - 1;
  std::size_t i = home(id);
  while (entries_[i].slot != no_slot) i = (i + 1) & mask;
  entries_[i] = {id, slot};
  ++size_;
}

slot_index id_index::find(std::uint64_t id) const {
  if (entries_.empty()) return no_slot;
  const std::size_t mask = entries_.size() - 1;
  for (std::size_t i = home(id);; i = (i + 1) & mask) {
    const entry& e = entries_[i];
    if (e.slot == no_slot || e.id == id) return e.slot;
  }
}

void id_index::erase(std::uint64_t id) {
  if (entries_.empty()) return;
  const std::size_t mask = entries_.size() - 1;
  std::size_t hole = home(id);
  while (entries_[hole].id != id || entries_[hole].slot == no_slot) {
    if (entries_[hole].slot == no_slot) return;  // absent
    hole = (hole + 1) & mask;
  }
  // Backward shift: an entry after the hole moves into it when its home is not in the
  // cyclic range (hole, its position], so that every entry stays reachable from its home.
  for (std::size_t j = (hole + 1) & mask; entries_[j].slot != no_slot; j = (j + 1) & mask) {
    const std::size_t k = home(entries_[j].id);
    const bool stays = hole <= j ? (hole < k && k <= j) : (hole < k || k <= j);
    if (stays) continue;
    entries_[hole] = entries_[j];
    hole = j;
  }
  entries_[hole] = entry{};
  --size_;
}

slot_index request_table::insert(const request& r) {
  slot_index slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
    slots_[slot] = r;
  } else {
    slot = static_cast<slot_index>(slots_.size());
    slots_.push_back(r);
  }
  by_id_.insert(r.id, slot);
  return slot;
}

void request_table::erase(slot_index slot) {
  by_id_.erase(slots_[slot].id);
  free_.push_back(slot);
}

slot_index request_table::find(std::uint64_t id) const { return by_id_.find(id); }

}  // namespace core::schedule
