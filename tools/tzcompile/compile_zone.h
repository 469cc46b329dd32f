#pragma once
// One zone, compiled: its types, the transitions listed explicitly, and the yearly rules
// that generate every later transition (core/time/yearly_rule.h).
//
// The rules are not read from tzdata's Rule lines: they are inferred from date's answers
// and verified. scripts/expand-tzdata.mjs guarantees that no rule or zone line starts or
// ends in or after 2100, so from then on each year has the same few transitions, each at
// "rule day of the year * 86400 + a constant". The compiler tries the four day forms on the
// transitions of one sample year, keeps the forms that hold in every year, then checks that
// the rules reproduce date's transitions exactly over a whole 400-year Gregorian cycle
// (2100-2501: after that everything repeats every 146097 days). It then walks back year
// by year while the rules still reproduce date: the explicit list stops there.
#include <date/tz.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/time/yearly_rule.h"
#include "tools/tzcompile/zone_periods.h"

namespace tzcompile {

struct compiled_type {
  std::int32_t offset;
  bool dst;
  std::string abbreviation;
};

struct compiled_transition {
  std::int64_t instant;  // UTC seconds
  std::uint16_t type;
};

struct compiled_zone {
  std::string name;
  std::vector<compiled_type> types;               // types[0] holds from the beginning of time
  std::vector<compiled_transition> transitions;   // explicit, before `rules_from`
  std::vector<core::time::yearly_rule> rules;     // sorted by their instant in a sample year
  int rules_from = 0;                            // first year the rules generate
};

// 2100-01-01T00:00:00Z, from which nothing changes in the data (zone_table::horizon).
constexpr std::int64_t periodic_from = 4102444800;
constexpr int periodic_from_year = 2100;
// The rules are checked against date on [periodic_from, verified_until), 2100-01-01 to
// 2501-12-01: the 400-year cycle the run time folds later instants into (2101-2500), the
// years either side it looks at, and a margin before 2502, where the expansion closes
// every zone's last line.
constexpr std::int64_t verified_until = 16785619200;

// Throws std::runtime_error naming the zone when it cannot be described this way.
compiled_zone compile_zone(const date::time_zone& zone);

// The same from a zone's periods (zone_periods.h) up to at least verified_until: what
// compile_zone does after asking date, and what the tests feed made-up zones to.
compiled_zone compile_periods(const std::string& name, const std::vector<zone_period>& periods);

}  // namespace tzcompile
