#include "core/schedule/sliding_log.h"

#include <limits>

namespace core::schedule {

sliding_log::sliding_log(std::uint32_t amount, double window_ms)
    : amount_(amount), window_ms_(window_ms) {}

void sliding_log::set_limit(std::uint32_t amount, double window_ms) {
  amount_ = amount;
  window_ms_ = window_ms;
}

void sliding_log::forget_expired(double now) {
  while (!log_.empty() && expired(log_.front(), now)) {
    in_window_ -= log_.front().count;
    log_.pop_front();
  }
}

std::uint64_t sliding_log::count_in_window(double now) {
  forget_expired(now);
  return in_window_;
}

std::uint64_t sliding_log::available(double now) {
  const auto used = count_in_window(now);
  return used >= amount_ ? 0 : amount_ - used;
}

double sliding_log::next_release() const {
  if (log_.empty()) return std::numeric_limits<double>::infinity();
  return log_.front().at + window_ms_;
}

void sliding_log::record(double now, std::uint32_t n) {
  if (n == 0) return;
  in_window_ += n;
  if (!log_.empty() && log_.back().at == now) {
    log_.back().count += n;
    return;
  }
  if (log_.size() >= exact_entries && !log_.empty() &&
      now - last_first_at_ < window_ms_ / static_cast<double>(exact_entries)) {
    log_.back().at = now;  // later stamp: conservative, see the header
    log_.back().count += n;
    return;
  }
  log_.push_back(entry{now, n});
  last_first_at_ = now;
}

}  // namespace core::schedule
