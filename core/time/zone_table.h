#pragma once
// Fast offset lookups for one zone, from the compiled database (compiled_zones.h). Built
// on the zone's first use in microseconds: the zone's explicit transitions are decoded and
// its yearly rules generate the rest up to `horizon` (2100-01-01T00:00Z), so a lookup is a
// binary search (~0.03 us). Between 1900 and 2100 a bucket index (one entry per 2^22 s,
// ~48 days) finds the period without a binary search: formatting a batch of random
// instants spends most of its time in that search otherwise.
//
// After the horizon the data changes no more (the compiler checks it): the yearly rules
// are evaluated for the years around the instant, into a small buffer, and instants after
// 2500 are first folded back by whole 400-year Gregorian cycles (146097 days, whole weeks:
// the rules repeat exactly).
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/common/inline.h"
#include "core/time/yearly_rule.h"

namespace core {
namespace time {

// The UTC offset in effect at some instant, and how the zone names it.
struct zone_offset {
  std::int32_t seconds = 0;        // east of UTC
  bool dst = false;                // daylight saving time (tzdata's save != 0)
  std::string_view abbreviation;   // "CEST", "EST", "+0530"; static storage
  std::int64_t begin = 0;          // first UTC second of this offset (INT64_MIN: always)
};

// Whether a wall-clock time occurs once, never (a gap) or twice (a fold).
enum class local_kind { unique, skipped, repeated };

// Where a wall-clock time falls in a zone.
struct local_lookup {
  local_kind kind = local_kind::unique;
  // unique: the offset. repeated (a fold): the offset of the earlier instant.
  // skipped (a gap): the offset before the gap.
  zone_offset first;
  // repeated: the offset of the later instant. skipped: the offset after the gap.
  zone_offset second;
};

class zone_table {
 public:
  // 2100-01-01T00:00:00Z: periods before it are precomputed.
  static constexpr std::int64_t horizon = 4102444800;
  // 400 Gregorian years (146097 days) in seconds: the period of the offsets after horizon.
  static constexpr std::int64_t cycle = 146097LL * 86400;
  // 2101-01-01T00:00:00Z: instants from fold_base + cycle on are folded back into
  // [fold_base, fold_base + cycle), whose neighbouring years (2100-2501) the compiler checked.
  static constexpr std::int64_t fold_base = 4133980800;
  // 1900-01-01T00:00:00Z: where the bucket index starts.
  static constexpr std::int64_t bucket_base = -2208988800;
  static constexpr int bucket_shift = 22;

  // Whole cycles (in seconds) to subtract from an instant to bring it before
  // fold_base + cycle.
  static std::int64_t fold_shift(std::int64_t t) {
    return t < fold_base + cycle ? 0 : (t - fold_base) / cycle * cycle;
  }

  // `zone` numbers the compiled zones (tz_database.h: zone_count, find_zone_id).
  explicit zone_table(std::size_t zone);
  // A zone of one offset forever, named `abbreviation` (PHP's legacy names, such as CET).
  zone_table(std::string_view name, std::int32_t offset_seconds, std::string_view abbreviation);
  zone_table(const zone_table&) = delete;
  zone_table& operator=(const zone_table&) = delete;

  // The canonical zone name ("America/New_York").
  std::string_view name() const { return name_; }

  // The offset at a UTC instant (seconds since the epoch). Inline: the hot path of
  // formatting.
  CORE_ALWAYS_INLINE zone_offset offset_at(std::int64_t utc_seconds) const {
    if (utc_seconds >= horizon) return offset_after_horizon(utc_seconds);
    return make(index_at(utc_seconds));
  }

  // Where a wall-clock time (seconds since 1970-01-01T00:00 on that wall clock) falls.
  local_lookup lookup_local(std::int64_t local_seconds) const;

  // The offset of the period named `abbreviation` (ASCII case ignored) closest in time to
  // `near_utc_seconds`, among the precomputed periods; nullopt when the zone never used it.
  std::optional<zone_offset> find_abbreviation(std::string_view abbreviation,
                                              std::int64_t near_utc_seconds) const;

  // Number of precomputed periods (for tests and the curious).
  std::size_t periods() const { return begins_.size(); }

 private:
  struct period_info {
    std::int32_t offset;
    bool dst;
    std::uint16_t abbreviation;  // index into names_
  };
  // A few consecutive periods after the horizon, generated for one lookup.
  struct period_window;

  CORE_ALWAYS_INLINE zone_offset of(const period_info& p, std::int64_t begin) const {
    return {p.offset, p.dst, names_[p.abbreviation], begin};
  }
  CORE_ALWAYS_INLINE zone_offset make(std::size_t i) const { return of(periods_[i], begins_[i]); }
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
  zone_offset offset_after_horizon(std::int64_t utc_seconds) const;
  // The periods in effect from `from` to `to` (both at or after horizon - 2 days), from the
  // precomputed ones and the rules.
  void periods_between(std::int64_t from, std::int64_t to, period_window& w) const;
  // The candidate logic of lookup_local over periods [i, n) of some arrays: periods p with
  // begin(p) <= local - offset(p) < end(p).
  local_lookup classify(const std::int64_t* begins, const period_info* periods, std::size_t n,
                       std::size_t i, std::int64_t local) const;

  std::string_view name_;
  std::vector<std::int64_t> begins_;  // begins_[0] is "the beginning of time"
  std::vector<period_info> periods_;
  std::vector<std::string_view> names_;  // the abbreviation of each of the zone's types
  std::vector<period_info> types_;            // the zone's types, as the rules name them
  std::vector<std::uint16_t> buckets_;   // period at the start of each bucket
  const yearly_rule* rules_ = nullptr;    // the final yearly rules (none: the last period holds)
  std::size_t rule_count_ = 0;
  int rules_from_ = 0;                   // the first year they generate
};

// The table of a zone number, built on first use (thread-safe) and kept for the process's
// life.
const zone_table& zone_table_for(std::size_t zone);

// The offset of a zone number at one instant, read straight from the compiled tables
// without building the zone's table: for a one-off lookup in every zone (the picker list),
// where building 447 tables would cost more than it saves. Same answer as offset_at.
zone_offset compiled_offset_at(std::size_t zone, std::int64_t utc_seconds);

}  // namespace time
}  // namespace core
