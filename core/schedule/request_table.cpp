#include "core/schedule/request_table.h"

namespace core::schedule {

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
  by_id_.emplace(r.id, slot);
  return slot;
}

void request_table::erase(slot_index slot) {
  by_id_.erase(slots_[slot].id);
  free_.push_back(slot);
}

slot_index request_table::find(std::uint64_t id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? no_slot : it->second;
}

}  // namespace core::schedule
