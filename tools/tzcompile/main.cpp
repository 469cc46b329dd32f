// tzcompile: compiles the IANA time zone database at build time, as zic does, into the C++
// tables of core/time/compiled_zones.h. date's text-mode reader is both the compiler's
// front end and its reference: every zone's periods come from date's public API, and the
// yearly rules after 2100 are inferred from them and verified (compile_zone.h). Any zone
// that cannot be described fails the build with its name: that is a tzdata change to look
// at, never silently wrong data.
//
//   tzcompile <out.cpp>
//
// Native only (it needs date's tz.cpp); the WebAssembly build runs the native build's copy.
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <vector>

#include "tools/tzcompile/compile_zone.h"
#include "tools/tzcompile/text_database.h"
#include "tools/tzcompile/write_tables.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: tzcompile <out.cpp>\n";
    return 2;
  }
  const std::string out_path = argv[1];
  try {
    const date::tzdb& db = tzcompile::text_database();
    std::vector<tzcompile::compiled_zone> zones;
    for (const auto& z : db.zones) zones.push_back(tzcompile::compile_zone(z));
    std::vector<tzcompile::compiled_link> links;
    for (const auto& l : db.links) links.push_back({l.name(), db.locate_zone(l.target())->name()});

    // written next to the target, then renamed: a failed run leaves no half-written source
    const std::string tmp = out_path + ".tmp";
    tzcompile::table_stats st;
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) throw std::runtime_error("cannot write " + tmp);
      st = tzcompile::write_tables(out, db.version, zones, links);
      out.close();
      if (!out) throw std::runtime_error("cannot write " + tmp);
    }
    if (std::rename(tmp.c_str(), out_path.c_str()) != 0)
      throw std::runtime_error("cannot rename " + tmp + " to " + out_path);
    std::cout << "tzcompile: " << db.version << ": " << st.zones << " zones, " << st.links
              << " links, " << st.types << " types, " << st.transitions
              << " explicit transitions (" << st.transition_bytes << " bytes), " << st.rules
              << " yearly rules, ~" << st.data_bytes << " bytes of tables\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "tzcompile: " << e.what() << "\n";
    return 1;
  }
}
