#include "core/time/tz_database.h"

#include <algorithm>

#include "core/common/inline.h"
#include "core/time/compiled_zones.h"
#include "core/time/php_legacy_zones.h"
#include "core/time/zone_table.h"

namespace core {
namespace time {
namespace {

unsigned char ascii_lower(char c) {
  return static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

// a < b on the ASCII-lowercase forms
bool folded_less(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = ascii_lower(a[i]), y = ascii_lower(b[i]);
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

struct name_entry {
  std::string_view name;
  std::uint16_t zone;
  bool link;
};

// Every zone and link name in byte order, the same in case-insensitive order, and each
// zone's name: made once, on first use, from compiled::name_text (compiled_zones.h says why
// the tables do not hold them).
struct name_index {
  std::vector<name_entry> names;             // sorted by name
  std::vector<std::uint16_t> folded;         // indexes into `names`, by folded_less (stable)
  std::vector<std::string_view> zone_names;  // by zone number
};

// Run once: out of line and compiled for size.
CORE_COLD_PATH name_index make_name_index() {
  name_index x;
  const std::size_t zones = compiled::zone_count, links = compiled::link_count;
  x.zone_names.reserve(zones);
  const char* p = compiled::name_text;
  for (std::size_t z = 0; z < zones; ++z) {
    x.zone_names.emplace_back(p);
    p += x.zone_names.back().size() + 1;
  }
  // the zones and the links are each sorted: one merge
  x.names.reserve(zones + links);
  std::size_t z = 0, l = 0;
  std::string_view link = links ? std::string_view(p) : std::string_view();
  while (z < zones || l < links) {
    if (l < links && (z == zones || link < x.zone_names[z])) {
      x.names.push_back({link, compiled::link_zones[l], true});
      p += link.size() + 1;
      if (++l < links) link = std::string_view(p);
    } else {
      x.names.push_back({x.zone_names[z], static_cast<std::uint16_t>(z), false});
      ++z;
    }
  }
  // byte order is nearly case-insensitive order (138 moves for tzdata 2025b's 598 names): an
  // insertion sort, stable, in one short pass
  x.folded.resize(x.names.size());
  for (std::size_t i = 0; i < x.names.size(); ++i) {
    std::size_t j = i;
    for (; j > 0 && folded_less(x.names[i].name, x.names[x.folded[j - 1]].name); --j) x.folded[j] = x.folded[j - 1];
    x.folded[j] = static_cast<std::uint16_t>(i);
  }
  return x;
}

const name_index& names_of_database() {
  static const name_index index = make_name_index();
  return index;
}

// The index into names_of_database().names of a zone or link name, matched as find_zone_id.
std::optional<std::size_t> lookup(std::string_view name) {
  if (name.empty() || name.size() > 128) return std::nullopt;
  const name_index& index = names_of_database();
  const std::vector<name_entry>& names = index.names;
  const auto exact = std::lower_bound(names.begin(), names.end(), name,
                                      [](const name_entry& a, std::string_view b) { return a.name < b; });
  if (exact != names.end() && exact->name == name) return static_cast<std::size_t>(exact - names.begin());
  const auto folded = std::lower_bound(index.folded.begin(), index.folded.end(), name,
                                       [&](std::uint16_t a, std::string_view b) { return folded_less(names[a].name, b); });
  if (folded != index.folded.end() && !folded_less(name, names[*folded].name)) return *folded;
  return std::nullopt;
}

const name_entry& entry(std::size_t n) { return names_of_database().names[n]; }

}  // namespace

std::string_view tz_database_version() noexcept { return compiled::version; }

std::size_t zone_count() noexcept { return compiled::zone_count; }

std::string_view zone_name(std::size_t zone) noexcept {
  return zone < compiled::zone_count ? names_of_database().zone_names[zone] : std::string_view();
}

std::optional<std::size_t> find_zone_id(std::string_view name) noexcept {
  const auto n = lookup(name);
  if (!n) return std::nullopt;
  return entry(*n).zone;
}

const zone_table* find_zone(std::string_view name) {
  const auto id = find_zone_id(name);
  return id ? &zone_table_for(*id) : nullptr;
}

std::optional<std::string> canonical_zone_name(std::string_view name) {
  if (const php_legacy_zone* legacy = find_php_legacy_zone(name)) return std::string(legacy->name);
  const auto n = lookup(name);
  if (!n) return std::nullopt;
  return canonical_zone_name(entry(*n).zone);
}

std::string canonical_zone_name(std::size_t zone) {
  const std::string_view name = zone_name(zone);
  // IANA's Zone for UTC is "Etc/UTC" ("UTC" is a Link to it), but people, PHP and ECMA-402
  // all call it "UTC".
  if (name == "Etc/UTC") return std::string("UTC");
  return std::string(name);
}

const zone_table* find_php_zone(std::string_view name) {
  if (const php_legacy_zone* legacy = find_php_legacy_zone(name)) return &php_legacy_zone_table(*legacy);
  return find_zone(name);
}

bool is_zone_link(std::string_view name) noexcept {
  const auto n = lookup(name);
  return n && entry(*n).link;
}

std::vector<zone_link> zone_links() {
  const name_index& index = names_of_database();
  std::vector<zone_link> out;
  for (const name_entry& n : index.names)
    if (n.link) out.push_back({n.name, index.zone_names[n.zone]});
  return out;
}

}  // namespace time
}  // namespace core
