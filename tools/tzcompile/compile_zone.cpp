#include "tools/tzcompile/compile_zone.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "core/time/calendar.h"
#include "core/time/compiled_zones.h"
#include "tools/tzcompile/zone_periods.h"

namespace tzcompile {
namespace {

using core::time::yearly_rule;
using core::time::day_form;
using core::time::civil_from_days;
using core::time::days_in_month;
using core::time::floor_div;
using core::time::seconds_per_day;
using core::time::weekday_from_days;

// 2201-01-01T00:00:00Z and 2202-01-01: the sample year the rules are inferred from.
constexpr std::int64_t sample_begin = 7289654400;
constexpr std::int64_t sample_end = 7321190400;

[[noreturn]] void fail(const std::string& zone, const std::string& message) {
  throw std::runtime_error("zone " + zone + ": " + message);
}

std::string when(std::int64_t t) {
  const auto d = civil_from_days(floor_div(t, seconds_per_day));
  const std::int64_t s = t - floor_div(t, seconds_per_day) * seconds_per_day;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02lld:%02lld:%02lldZ", d.year, d.month, d.day,
                static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60),
                static_cast<long long>(s % 60));
  return buf;
}

// Every rule that puts a transition at `instant` in its year: each of the four day forms,
// on the UTC day of the instant and the days either side (the constant then absorbs the
// difference). Simplest forms first.
std::vector<yearly_rule> candidates(std::int64_t instant, std::uint16_t type) {
  std::vector<yearly_rule> out;
  const std::int64_t utc_day = floor_div(instant, seconds_per_day);
  for (std::int64_t day : {utc_day, utc_day - 1, utc_day + 1}) {
    const auto c = civil_from_days(day);
    const auto m = static_cast<std::uint8_t>(c.month);
    const auto d = static_cast<std::uint8_t>(c.day);
    const auto wd = static_cast<std::uint8_t>(weekday_from_days(day));
    const auto secs = static_cast<std::int32_t>(instant - day * seconds_per_day);
    out.push_back({m, d, 0, day_form::fixed, secs, type});
    if (c.day + 7 > days_in_month(c.year, c.month))
      out.push_back({m, 0, wd, day_form::last_weekday, secs, type});
    for (int n = c.day; n > c.day - 7 && n >= 1; --n)
      out.push_back({m, static_cast<std::uint8_t>(n), wd, day_form::on_or_after, secs, type});
    for (int n = c.day; n < c.day + 7 && n <= days_in_month(c.year, c.month); ++n)
      out.push_back({m, static_cast<std::uint8_t>(n), wd, day_form::on_or_before, secs, type});
  }
  return out;
}

// The transitions the rules make in one year, in order.
std::vector<compiled_transition> generate(const std::vector<yearly_rule>& rules, int year) {
  std::vector<compiled_transition> out;
  for (const auto& r : rules) out.push_back({r.instant_in(year), r.type});
  std::sort(out.begin(), out.end(),
            [](const compiled_transition& a, const compiled_transition& b) { return a.instant < b.instant; });
  return out;
}

bool same(const compiled_transition& a, const compiled_transition& b) {
  return a.instant == b.instant && a.type == b.type;
}

}  // namespace

compiled_zone compile_zone(const date::time_zone& tz) {
  return compile_periods(tz.name(), zone_periods(tz, verified_until));
}

compiled_zone compile_periods(const std::string& name, const std::vector<zone_period>& periods) {
  compiled_zone z;
  z.name = name;
  if (periods.empty()) fail(name, "no period");

  // types by first appearance: type 0 holds from the beginning of time
  std::vector<std::uint16_t> type_of(periods.size());
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const zone_period& p = periods[i];
    auto found = std::find_if(z.types.begin(), z.types.end(), [&](const compiled_type& t) {
      return t.offset == p.offset && t.dst == p.dst && t.abbreviation == p.abbreviation;
    });
    if (found == z.types.end()) {
      z.types.push_back({p.offset, p.dst, p.abbreviation});
      found = z.types.end() - 1;
    }
    type_of[i] = static_cast<std::uint16_t>(found - z.types.begin());
  }
  if (z.types.size() > 255) fail(z.name, "more than 255 types");

  // every transition, as (instant, type); all_transitions[i] starts periods[i + 1]
  std::vector<compiled_transition> all;
  for (std::size_t i = 1; i < periods.size(); ++i) all.push_back({periods[i].begin, type_of[i]});
  const auto periodic = std::lower_bound(all.begin(), all.end(), periodic_from,
      [](const compiled_transition& t, std::int64_t v) { return t.instant < v; });
  const auto verified_end = std::lower_bound(periodic, all.end(), verified_until,
      [](const compiled_transition& t, std::int64_t v) { return t.instant < v; });
  const std::vector<compiled_transition> window(periodic, verified_end);

  if (window.empty()) {  // the last type holds forever
    z.transitions = all;
    return z;
  }

  // 1. infer: for each transition of the sample year, the first rule form that puts a
  //    transition of date's (same instant, same type) in every year of the cycle
  auto in_window = [&](const compiled_transition& t) {
    return std::binary_search(window.begin(), window.end(), t,
        [](const compiled_transition& a, const compiled_transition& b) {
          return a.instant < b.instant || (a.instant == b.instant && a.type < b.type);
        });
  };
  for (const auto& t : window) {
    if (t.instant < sample_begin || t.instant >= sample_end) continue;
    bool found = false;
    for (const yearly_rule& r : candidates(t.instant, t.type)) {
      bool holds = true;
      for (int y = periodic_from_year; y <= 2501 && holds; ++y) {
        const compiled_transition g{r.instant_in(y), r.type};
        if (g.instant >= periodic_from && g.instant < verified_until) holds = in_window(g);
      }
      if (holds) {
        z.rules.push_back(r);
        found = true;
        break;
      }
    }
    if (!found)
      fail(z.name, "no yearly rule (fixed day, last weekday, weekday >= or <= a day) explains "
                   "the transition at " + when(t.instant) + " in every year of 2100-2501");
  }
  if (z.rules.empty() || z.rules.size() > core::time::compiled::max_rules_per_zone)
    fail(z.name, std::to_string(z.rules.size()) + " transitions in 2201: expected 1 to " +
                     std::to_string(core::time::compiled::max_rules_per_zone));

  // 2. verify: the rules reproduce date's transitions exactly over the whole window
  std::vector<compiled_transition> generated;
  for (int y = periodic_from_year - 1; y <= 2502; ++y)
    for (const auto& t : generate(z.rules, y))
      if (t.instant >= periodic_from && t.instant < verified_until) generated.push_back(t);
  for (std::size_t i = 0; i < std::max(generated.size(), window.size()); ++i) {
    if (i < generated.size() && i < window.size() && same(generated[i], window[i])) continue;
    const std::string at = when(i < window.size() ? window[i].instant : generated[i].instant);
    fail(z.name, "the inferred yearly rules disagree with date at " + at +
                     " (a tzdata change to look at: the rules after 2100 must repeat yearly)");
  }

  // 3. walk back: the earliest year from which the rules reproduce date with no gap
  int from = periodic_from_year + 1;
  std::vector<compiled_transition> first = generate(z.rules, from);
  auto at = std::find_if(all.begin(), all.end(),
                         [&](const compiled_transition& t) { return t.instant == first[0].instant; });
  if (at == all.end()) fail(z.name, "rules do not meet the explicit transitions");
  std::size_t j = static_cast<std::size_t>(at - all.begin());
  for (;;) {
    const std::vector<compiled_transition> g = generate(z.rules, from - 1);
    if (j < g.size()) break;
    bool match = true;
    for (std::size_t k = 0; k < g.size() && match; ++k) match = same(g[k], all[j - g.size() + k]);
    if (!match) break;
    j -= g.size();
    --from;
  }
  if (from > periodic_from_year)
    fail(z.name, "the yearly rules do not hold in 2100 (the run time generates from there)");
  z.rules_from = from;
  z.transitions.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(j));
  return z;
}

}  // namespace tzcompile
