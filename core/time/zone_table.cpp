#include "core/time/zone_table.h"

#include <algorithm>
#include <limits>
#include <memory>

#include "core/common/spin_lock.h"
#include "core/time/calendar.h"
#include "core/time/compiled_zones.h"
#include "core/time/tz_database.h"

namespace core {
namespace time {
namespace {

// No zone has ever been more than 16 hours from UTC; a wall time L can only be an instant
// in [L - 16h, L + 16h].
constexpr std::int64_t kMaxOffset = 16 * 3600;

std::uint64_t read_varint(const std::uint8_t*& p) {
  std::uint64_t v = 0;
  for (int shift = 0;; shift += 7) {
    const std::uint8_t b = *p++;
    v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
}

// Where a zone's rows start in the compiled tables: the sums of the counts of the zones
// before it (compiled_zones.h), summed once for all zones on the first call.
struct zone_start {
  std::uint32_t type;
  std::uint32_t rule;
  std::uint32_t time_byte;
  std::uint32_t transition;
};

const zone_start& start_of(std::size_t zone) {
  static const std::vector<zone_start> starts = [] {
    std::vector<zone_start> v(compiled::zone_count);
    zone_start next{0, 0, 0, 0};
    for (std::size_t i = 0; i < compiled::zone_count; ++i) {
      v[i] = next;
      const compiled::zone_record& z = compiled::zones[i];
      next.type += z.type_count;
      next.rule += z.rule_count;
      next.time_byte += z.time_bytes;
      next.transition += z.transition_count;
    }
    return v;
  }();
  return starts[zone];
}

// Reads a zone's explicit transitions one by one (compiled_zones.h has the encoding).
class transition_reader {
 public:
  transition_reader(const compiled::zone_record& z, const zone_start& start)
      : p_(compiled::transition_times + start.time_byte),
        type_(compiled::transition_types + start.transition),
        left_(z.transition_count) {}
  // The next transition, false after the last.
  bool next(std::int64_t* instant, std::uint8_t* type) {
    if (left_ == 0) return false;
    const std::uint64_t v = read_varint(p_);
    if (first_) {
      t_ = v & 1 ? -static_cast<std::int64_t>(v >> 1) - 1 : static_cast<std::int64_t>(v >> 1);
      first_ = false;
    } else {
      static constexpr std::uint64_t unit[4] = {3600, 60, 1, 1};
      t_ += static_cast<std::int64_t>((v >> 2) * unit[v & 3]);
    }
    *instant = t_;
    *type = *type_++;
    --left_;
    return true;
  }

 private:
  const std::uint8_t* p_;
  const std::uint8_t* type_;
  std::uint32_t left_;
  std::int64_t t_ = 0;
  bool first_ = true;
};

int year_of(std::int64_t utc_seconds) { return civil_from_days(days_of_seconds(utc_seconds)).year; }

// The instants and types of the rules' transitions in `year`, in order (at most
// compiled::max_rules_per_zone, checked by the compiler).
struct year_transitions {
  std::int64_t instant[compiled::max_rules_per_zone];
  std::uint16_t type[compiled::max_rules_per_zone];
  std::size_t size = 0;

  year_transitions(const yearly_rule* rules, std::size_t count, int year) {
    for (std::size_t r = 0; r < count; ++r) {
      const std::int64_t t = rules[r].instant_in(year);
      std::size_t k = size++;
      for (; k > 0 && instant[k - 1] > t; --k) {  // insertion sort: two or three rules
        instant[k] = instant[k - 1];
        type[k] = type[k - 1];
      }
      instant[k] = t;
      type[k] = rules[r].type;
    }
  }
};

// The last transition the rules make at or before `t`, from the years around it (a rule of
// year Y may fire in the last hours of Y - 1 or the first of Y + 1, in UTC); false when
// none does (t is before the first year they generate).
bool last_rule_transition(const yearly_rule* rules, std::size_t count, int from_year, std::int64_t t,
                          std::int64_t* instant, std::uint16_t* type) {
  bool found = false;
  const int y = year_of(t);
  for (int year = std::max(from_year, y - 2); count > 0 && year <= y + 1; ++year) {
    const year_transitions g(rules, count, year);
    for (std::size_t k = 0; k < g.size && g.instant[k] <= t; ++k) {
      *instant = g.instant[k];
      *type = g.type[k];
      found = true;
    }
  }
  return found;
}

}  // namespace

// Enough for the precomputed periods of the last 2 days before the horizon and the rules
// of the 5 years periods_between generates (32 hours apart at most, two years back).
struct zone_table::period_window {
  static constexpr std::size_t capacity = 8 + 5 * compiled::max_rules_per_zone;
  std::int64_t begins[capacity];
  period_info periods[capacity];
  std::size_t size = 0;
  std::size_t first = 0;  // the period in effect at `from`

  void push(std::int64_t begin, const period_info& p) {
    if (size < capacity) {
      begins[size] = begin;
      periods[size] = p;
      ++size;
    }
  }
};

zone_table::zone_table(std::size_t id) {
  const compiled::zone_record& z = compiled::zones[id];
  const zone_start& start = start_of(id);
  name_ = zone_name(id);
  for (std::uint16_t k = 0; k < z.type_count; ++k) {
    const compiled::zone_type& t = compiled::types[start.type + k];
    names_.emplace_back(compiled::abbreviations + t.abbreviation);
    types_.push_back({t.offset, t.dst, k});
  }
  rules_ = compiled::rules + start.rule;
  rule_count_ = z.rule_count;
  rules_from_ = z.rules_from;

  // the explicit transitions (compiled_zones.h has the encoding)
  begins_.reserve(z.transition_count + 1 + (rule_count_ ? rule_count_ * (2100 - rules_from_ + 1) : 0));
  begins_.push_back(std::numeric_limits<std::int64_t>::min());
  periods_.push_back(types_[0]);
  transition_reader reader(z, start);
  std::int64_t t;
  std::uint8_t type;
  while (reader.next(&t, &type)) {
    begins_.push_back(t);
    periods_.push_back(types_[type]);
  }
  // then what the rules generate, up to the horizon
  for (int year = rules_from_; rule_count_ > 0; ++year) {
    const year_transitions g(rules_, rule_count_, year);
    bool done = false;
    for (std::size_t k = 0; k < g.size && !done; ++k) {
      if (g.instant[k] >= horizon) {
        done = true;
      } else {
        begins_.push_back(g.instant[k]);
        periods_.push_back(types_[g.type[k]]);
      }
    }
    if (done) break;
  }
  begins_.shrink_to_fit();
  periods_.shrink_to_fit();

  const std::int64_t buckets = ((horizon - bucket_base) >> bucket_shift) + 1;
  buckets_.resize(static_cast<std::size_t>(buckets));
  std::size_t i = 0;
  for (std::int64_t b = 0; b < buckets; ++b) {
    const std::int64_t bt = bucket_base + (b << bucket_shift);
    while (i + 1 < begins_.size() && begins_[i + 1] <= bt) ++i;
    buckets_[static_cast<std::size_t>(b)] = static_cast<std::uint16_t>(i);
  }
}

zone_table::zone_table(std::string_view name, std::int32_t offset_seconds,
                       std::string_view abbreviation)
    : name_(name) {
  names_.push_back(abbreviation);
  types_.push_back({offset_seconds, false, 0});
  begins_.push_back(std::numeric_limits<std::int64_t>::min());
  periods_.push_back(types_[0]);
  // every bucket at period 0 (resize, as the other constructor: one vector function, not two)
  buckets_.resize(static_cast<std::size_t>(((horizon - bucket_base) >> bucket_shift) + 1));
}

std::optional<zone_offset> zone_table::find_abbreviation(std::string_view abbreviation,
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
  std::optional<zone_offset> best;
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

std::size_t zone_table::index_by_search(std::int64_t t) const {
  return static_cast<std::size_t>(std::upper_bound(begins_.begin(), begins_.end(), t) -
                                  begins_.begin()) - 1;
}

void zone_table::periods_between(std::int64_t from, std::int64_t to, period_window& w) const {
  // the precomputed periods from the one in effect at `from` (or the last one)
  for (std::size_t i = index_at(std::min(from, horizon - 1)); i < begins_.size(); ++i)
    w.push(begins_[i], periods_[i]);
  // the rules' transitions from the horizon on, for the years around [from, to] (a rule
  // of year Y may fire in the last hours of Y - 1 or the first of Y + 1, in UTC)
  if (rule_count_ > 0) {
    for (int year = std::max(rules_from_, year_of(from) - 2); year <= year_of(to) + 1; ++year) {
      const year_transitions g(rules_, rule_count_, year);
      for (std::size_t k = 0; k < g.size; ++k)
        if (g.instant[k] >= horizon) w.push(g.instant[k], types_[g.type[k]]);
    }
  }
  w.first = 0;
  while (w.first + 1 < w.size && w.begins[w.first + 1] <= from) ++w.first;
}

zone_offset zone_table::offset_after_horizon(std::int64_t utc_seconds) const {
  const std::int64_t shift = fold_shift(utc_seconds);
  std::int64_t begin;
  std::uint16_t type;
  if (last_rule_transition(rules_, rule_count_, rules_from_, utc_seconds - shift, &begin, &type) &&
      begin >= horizon)
    return of(types_[type], begin + shift);
  return make(begins_.size() - 1);  // still the last precomputed period
}

local_lookup zone_table::classify(const std::int64_t* begins, const period_info* periods, std::size_t n,
                                std::size_t i, std::int64_t local) const {
  local_lookup r;
  int found = 0;
  std::size_t last_before = i;  // the last period that begins before the wall time's instant
  for (; i < n && begins[i] <= local + kMaxOffset; ++i) {
    const std::int64_t utc = local - periods[i].offset;
    const bool after_begin = begins[i] <= utc;
    const bool before_end = i + 1 == n || utc < begins[i + 1];
    if (after_begin && before_end) {
      (found == 0 ? r.first : r.second) = of(periods[i], begins[i]);
      ++found;
    }
    if (after_begin) last_before = i;
  }
  if (found == 1) {
    r.kind = local_kind::unique;
  } else if (found == 2) {
    r.kind = local_kind::repeated;
  } else {
    // a gap: the wall time lies between period `last_before` and the next one
    r.kind = local_kind::skipped;
    const std::size_t next = std::min(last_before + 1, n - 1);
    r.first = of(periods[last_before], begins[last_before]);
    r.second = of(periods[next], begins[next]);
  }
  return r;
}

local_lookup zone_table::lookup_local(std::int64_t local) const {
  // Candidates are the periods that begin within 16 hours of `local`, and the one before.
  if (local + kMaxOffset < horizon)
    return classify(begins_.data(), periods_.data(), begins_.size(), index_at(local - kMaxOffset), local);
  const std::int64_t shift = fold_shift(local - kMaxOffset);
  const std::int64_t folded = local - shift;
  period_window w;
  periods_between(folded - kMaxOffset, folded + kMaxOffset, w);
  local_lookup r = classify(w.begins, w.periods, w.size, w.first, folded);
  for (zone_offset* o : {&r.first, &r.second})
    if (o->begin >= horizon) o->begin += shift;
  return r;
}

zone_offset compiled_offset_at(std::size_t zone, std::int64_t utc_seconds) {
  const compiled::zone_record& z = compiled::zones[zone];
  const zone_start& start = start_of(zone);
  std::int64_t begin = std::numeric_limits<std::int64_t>::min();
  std::uint8_t type = 0;
  transition_reader reader(z, start);
  std::int64_t t;
  std::uint8_t next;
  while (reader.next(&t, &next) && t <= utc_seconds) {
    begin = t;
    type = next;
  }
  const compiled::zone_type* types = compiled::types + start.type;
  const compiled::zone_type* in_effect = &types[type];
  const std::int64_t shift = zone_table::fold_shift(utc_seconds);
  std::int64_t rule_begin;
  std::uint16_t rule_type;
  if (last_rule_transition(compiled::rules + start.rule, z.rule_count, z.rules_from,
                           utc_seconds - shift, &rule_begin, &rule_type) &&
      rule_begin + shift > begin) {
    begin = rule_begin + shift;
    in_effect = &types[rule_type];
  }
  return {in_effect->offset, in_effect->dst, compiled::abbreviations + in_effect->abbreviation, begin};
}

const zone_table& zone_table_for(std::size_t zone) {
  static spin_lock tables_lock;
  static std::vector<std::unique_ptr<zone_table>> tables(compiled::zone_count);
  spin_lock_guard hold(tables_lock);
  auto& slot = tables.at(zone);
  if (!slot) slot = std::make_unique<zone_table>(zone);
  return *slot;
}

}  // namespace time
}  // namespace core
