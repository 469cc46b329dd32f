#include "core/time/zone_table.h"

#include <algorithm>
#include <limits>
#include <map>
#include <memory>

namespace core {
namespace time {
namespace {

using std::chrono::seconds;

// No zone has ever been more than 16 hours from UTC; a wall time L can only be an instant
// in [L - 16h, L + 16h].
constexpr std::int64_t kMaxOffset = 16 * 3600;

// Seconds before any zone's first entry (year -10000): where precomputing starts.
constexpr std::int64_t kBeforeEverything = -377705116800;

}  // namespace

ZoneTable::ZoneTable(const date::time_zone& zone) : zone_(&zone) {
  date::sys_seconds t{seconds{kBeforeEverything}};
  for (;;) {
    const date::sys_info info = zone.get_info(t);
    const Period p{static_cast<std::int32_t>(info.offset.count()), info.save.count() != 0,
                   intern(info.abbrev)};
    const std::int64_t begin = begins_.empty() ? std::numeric_limits<std::int64_t>::min()
                                               : info.begin.time_since_epoch().count();
    // date splits periods where a rule changes without changing the clock: merge those
    if (periods_.empty() || p.offset != periods_.back().offset || p.dst != periods_.back().dst ||
        p.abbreviation != periods_.back().abbreviation) {
      begins_.push_back(begin);
      periods_.push_back(p);
    }
    const std::int64_t end = info.end.time_since_epoch().count();
    if (end >= horizon || end <= t.time_since_epoch().count()) break;
    t = info.end;
  }
  begins_.shrink_to_fit();
  periods_.shrink_to_fit();
  names_.assign(abbreviations_.begin(), abbreviations_.end());
  const std::int64_t buckets = ((horizon - bucket_base) >> bucket_shift) + 1;
  buckets_.resize(static_cast<std::size_t>(buckets));
  for (std::int64_t b = 0; b < buckets; ++b) {
    const std::int64_t t = bucket_base + (b << bucket_shift);
    buckets_[static_cast<std::size_t>(b)] = static_cast<std::uint16_t>(
        std::upper_bound(begins_.begin(), begins_.end(), t) - begins_.begin() - 1);
  }
}

std::uint16_t ZoneTable::intern(const std::string& abbreviation) const {
  std::lock_guard<std::mutex> lock(intern_mutex_);
  for (std::size_t i = 0; i < abbreviations_.size(); ++i)
    if (abbreviations_[i] == abbreviation) return static_cast<std::uint16_t>(i);
  abbreviations_.push_back(abbreviation);
  return static_cast<std::uint16_t>(abbreviations_.size() - 1);
}

ZoneOffset ZoneTable::from_date(const date::sys_info& info) const {
  std::string_view name;
  {
    const std::uint16_t a = intern(info.abbrev);
    std::lock_guard<std::mutex> lock(intern_mutex_);
    name = abbreviations_[a];
  }
  return {static_cast<std::int32_t>(info.offset.count()), info.save.count() != 0, name,
          info.begin.time_since_epoch().count()};
}

std::optional<ZoneOffset> ZoneTable::find_abbreviation(std::string_view abbreviation,
                                                       std::int64_t near) const {
  auto same = [&](std::string_view name) {
    if (name.size() != abbreviation.size()) return false;
    for (std::size_t k = 0; k < name.size(); ++k) {
      char a = name[k], b = abbreviation[k];
      if (a >= 'a' && a <= 'z') a = static_cast<char>(a - 32);
      if (b >= 'a' && b <= 'z') b = static_cast<char>(b - 32);
      if (a != b) return false;
    }
    return true;
  };
  std::optional<ZoneOffset> best;
  std::uint64_t best_distance = 0;
  for (std::size_t i = 0; i < periods_.size(); ++i) {
    if (!same(names_[periods_[i].abbreviation])) continue;
    const std::int64_t b = i == 0 ? std::numeric_limits<std::int64_t>::min() / 2 : begins_[i];
    const std::int64_t e = i + 1 < periods_.size() ? begins_[i + 1] : horizon;
    const std::uint64_t d = near < b ? static_cast<std::uint64_t>(b - near)
                            : near >= e ? static_cast<std::uint64_t>(near - e + 1) : 0;
    if (!best || d < best_distance) {
      best = make(i);
      best_distance = d;
    }
  }
  return best;
}

std::size_t ZoneTable::index_at(std::int64_t t) const {
  const std::size_t n = begins_.size();
  if (t >= bucket_base && t < horizon) {
    std::size_t i = buckets_[static_cast<std::size_t>((t - bucket_base) >> bucket_shift)];
    while (i + 1 < n && begins_[i + 1] <= t) ++i;
    return i;
  }
  return static_cast<std::size_t>(std::upper_bound(begins_.begin(), begins_.end(), t) -
                                  begins_.begin()) - 1;
}

ZoneOffset ZoneTable::offset_at(std::int64_t utc_seconds) const {
  if (utc_seconds >= horizon)
    return from_date(zone_->get_info(date::sys_seconds{seconds{utc_seconds}}));
  return make(index_at(utc_seconds));
}

LocalLookup ZoneTable::lookup_local(std::int64_t local) const {
  LocalLookup r;
  if (local + kMaxOffset >= horizon) {
    const date::local_info info = zone_->get_info(date::local_seconds{seconds{local}});
    r.first = from_date(info.first);
    if (info.result == date::local_info::unique) {
      r.kind = LocalLookup::unique;
    } else {
      r.kind = info.result == date::local_info::ambiguous ? LocalLookup::repeated
                                                          : LocalLookup::skipped;
      r.second = from_date(info.second);
    }
    return r;
  }
  // Candidates are the periods p with begin(p) <= local - offset(p) < end(p); they all
  // begin within 16 hours of `local`.
  std::size_t i = index_at(local - kMaxOffset);
  const std::size_t n = begins_.size();
  int found = 0;
  std::size_t last_before = i;  // the last period that begins before the wall time's instant
  for (; i < n && begins_[i] <= local + kMaxOffset; ++i) {
    const std::int64_t utc = local - periods_[i].offset;
    const bool after_begin = begins_[i] <= utc;
    const bool before_end = i + 1 == n || utc < begins_[i + 1];
    if (after_begin && before_end) {
      (found == 0 ? r.first : r.second) = make(i);
      ++found;
    }
    if (after_begin) last_before = i;
  }
  if (found == 1) {
    r.kind = LocalLookup::unique;
  } else if (found == 2) {
    r.kind = LocalLookup::repeated;
  } else {
    // a gap: the wall time lies between period `last_before` and the next one
    r.kind = LocalLookup::skipped;
    r.first = make(last_before);
    r.second = make(std::min(last_before + 1, n - 1));
  }
  return r;
}

const ZoneTable& zone_table(const date::time_zone& zone) {
  static std::mutex mutex;
  static std::map<const date::time_zone*, std::unique_ptr<ZoneTable>> tables;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = tables[&zone];
  if (!slot) slot = std::make_unique<ZoneTable>(zone);
  return *slot;
}

}  // namespace time
}  // namespace core
