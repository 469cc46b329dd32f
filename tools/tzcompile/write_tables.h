#pragma once
// Writes the compiled zones as the C++ source declared by core/time/compiled_zones.h.
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "tools/tzcompile/compile_zone.h"

namespace tzcompile {

struct compiled_link {
  std::string name;
  std::string target;  // a zone name
};

// What the tables hold, for the build log and docs/build.md.
struct table_stats {
  std::size_t zones = 0, links = 0, types = 0, rules = 0, transitions = 0;
  std::size_t transition_bytes = 0;   // both columns: the times and the types
  std::size_t abbreviation_bytes = 0;
  std::size_t data_bytes = 0;         // every table, as laid out in memory (approximate)
};

// `zones` sorted by name; every link's target among them.
table_stats write_tables(std::ostream& out, const std::string& version,
                        const std::vector<compiled_zone>& zones,
                        const std::vector<compiled_link>& links);

}  // namespace tzcompile
