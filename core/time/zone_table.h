#pragma once
// Fast offset lookups for one zone. date's text-mode time_zone re-derives its rules on
// every get_info (~5-7 us in wasm); a ZoneTable asks date once per period and keeps the
// periods in arrays, so a lookup is a binary search (~0.03 us). Periods are precomputed
// from the zone's first entry up to `horizon` (2100-01-01T00:00Z); later instants are
// answered by date directly (still correct: text mode applies the rules after 2037), and
// instants after 2500 are first folded back by whole 400-year Gregorian cycles: the data
// changes no more after 2100 (scripts/expand-tzdata.mjs refuses a tzdata where it does),
// and yearly rules repeat exactly every 146097 days. date only holds rules up to 2502.
// Between 1900 and 2100 a bucket index (one entry per 2^22 s, ~48 days) finds the period
// without a binary search: formatting a batch of random instants spends most of its time
// in that search otherwise.
#include <date/tz.h>

#include "core/common/inline.h"

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core {
namespace time {

// The UTC offset in effect at some instant, and how the zone names it.
struct ZoneOffset {
  std::int32_t seconds = 0;        // east of UTC
  bool dst = false;                // daylight saving time (date's save != 0)
  std::string_view abbreviation;   // "CEST", "EST", "+0530"; lives as long as the table
  std::int64_t begin = 0;          // first UTC second of this offset (INT64_MIN: always)
};

// Where a wall-clock time falls in a zone.
struct LocalLookup {
  enum Kind { unique, skipped, repeated } kind = unique;
  // unique: the offset. repeated (a fold): the offset of the earlier instant.
  // skipped (a gap): the offset before the gap.
  ZoneOffset first;
  // repeated: the offset of the later instant. skipped: the offset after the gap.
  ZoneOffset second;
};

class ZoneTable {
 public:
  // 2100-01-01T00:00:00Z: periods before it are precomputed.
  static constexpr std::int64_t horizon = 4102444800;
  // 400 Gregorian years (146097 days) in seconds: the period of the offsets after horizon.
  static constexpr std::int64_t cycle = 146097LL * 86400;
  // 1900-01-01T00:00:00Z: where the bucket index starts.
  static constexpr std::int64_t bucket_base = -2208988800;
  static constexpr int bucket_shift = 22;

  explicit ZoneTable(const date::time_zone& zone);
  ZoneTable(const ZoneTable&) = delete;
  ZoneTable& operator=(const ZoneTable&) = delete;

  const date::time_zone& zone() const { return *zone_; }

  // The offset at a UTC instant (seconds since the epoch). Inline: the hot path of
  // formatting.
  CORE_ALWAYS_INLINE ZoneOffset offset_at(std::int64_t utc_seconds) const {
    if (utc_seconds >= horizon) return offset_after_horizon(utc_seconds);
    return make(index_at(utc_seconds));
  }

  // Where a wall-clock time (seconds since 1970-01-01T00:00 on that wall clock) falls.
  LocalLookup lookup_local(std::int64_t local_seconds) const;

  // The offset of the period named `abbreviation` (ASCII case ignored) closest in time to
  // `near_utc_seconds`, among the precomputed periods; nullopt when the zone never used it.
  std::optional<ZoneOffset> find_abbreviation(std::string_view abbreviation,
                                              std::int64_t near_utc_seconds) const;

  // Number of precomputed periods (for tests and the curious).
  std::size_t periods() const { return begins_.size(); }

 private:
  struct Period {
    std::int32_t offset;
    bool dst;
    std::uint16_t abbreviation;  // index into abbreviations_
  };
  CORE_ALWAYS_INLINE ZoneOffset make(std::size_t i) const {
    const Period& p = periods_[i];
    return {p.offset, p.dst, names_[p.abbreviation], begins_[i]};
  }
  ZoneOffset from_date(const date::sys_info& info) const;
  std::uint16_t intern(const std::string& abbreviation) const;
  CORE_ALWAYS_INLINE std::size_t index_at(std::int64_t t) const {
    const std::size_t n = begins_.size();
    if (t >= bucket_base && t < horizon) {
      std::size_t i = buckets_[static_cast<std::size_t>((t - bucket_base) >> bucket_shift)];
      while (i + 1 < n && begins_[i + 1] <= t) ++i;
      return i;
    }
    return index_by_search(t);
  }
  std::size_t index_by_search(std::int64_t t) const;
  ZoneOffset offset_after_horizon(std::int64_t utc_seconds) const;
  // Whole cycles to subtract from an instant after the horizon to bring it into
  // [horizon, horizon + cycle).
  static std::int64_t cycles_after_horizon(std::int64_t t) {
    return t < horizon + cycle ? 0 : (t - horizon) / cycle;
  }

  const date::time_zone* zone_;
  std::vector<std::int64_t> begins_;  // begins_[0] is "the beginning of time"
  std::vector<Period> periods_;
  // deque: interned strings never move, so string_views into them stay valid
  mutable std::deque<std::string> abbreviations_;
  mutable std::mutex intern_mutex_;  // guards abbreviations_ (grows after the horizon)
  std::vector<std::string_view> names_;  // abbreviations_ of the periods, fixed once built
  std::vector<std::uint16_t> buckets_;  // period at the start of each bucket
};

// The table of a zone, built on first use (thread-safe) and kept for the process's life.
const ZoneTable& zone_table(const date::time_zone& zone);

}  // namespace time
}  // namespace core
