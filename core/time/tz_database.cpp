#include "core/time/tz_database.h"

#include <algorithm>

#include "core/time/compiled_zones.h"
#include "core/time/php_legacy_zones.h"
#include "core/time/zone_table.h"

namespace core {
namespace time {
namespace {

unsigned char ascii_lower(char c) {
  return static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

// a < b on the ASCII-lowercase forms: the order of compiled::folded_names
bool folded_less(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = ascii_lower(a[i]), y = ascii_lower(b[i]);
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

// Where each name of compiled::name_text starts, and each zone's name: found once, on first
// use, by one pass over the text (compiled_zones.h says why the tables do not hold them).
struct name_index {
  std::vector<std::string_view> names;       // parallel to compiled::names
  std::vector<std::string_view> zone_names;  // by zone number
};

const name_index& names_of_database() {
  static const name_index index = [] {
    name_index x;
    x.names.reserve(compiled::name_count);
    x.zone_names.resize(compiled::zone_count);
    const char* p = compiled::name_text;
    for (std::size_t i = 0; i < compiled::name_count; ++i) {
      const std::string_view name(p);
      x.names.push_back(name);
      if (!compiled::names[i].link) x.zone_names[compiled::names[i].zone] = name;
      p += name.size() + 1;
    }
    return x;
  }();
  return index;
}

// The index into compiled::names of a zone or link name, matched as find_zone_id.
std::optional<std::size_t> lookup(std::string_view name) {
  if (name.empty() || name.size() > 128) return std::nullopt;
  const std::vector<std::string_view>& names = names_of_database().names;
  const auto exact = std::lower_bound(names.begin(), names.end(), name);
  if (exact != names.end() && *exact == name) return static_cast<std::size_t>(exact - names.begin());
  const std::uint16_t* fbegin = compiled::folded_names;
  const std::uint16_t* fend = compiled::folded_names + compiled::name_count;
  const auto* folded = std::lower_bound(fbegin, fend, name, [&](std::uint16_t a, std::string_view b) {
    return folded_less(names[a], b);
  });
  if (folded != fend && !folded_less(name, names[*folded])) return *folded;
  return std::nullopt;
}

}  // namespace

std::string_view tz_database_version() noexcept { return compiled::version; }

std::size_t zone_count() noexcept { return compiled::zone_count; }

std::string_view zone_name(std::size_t zone) noexcept {
  return zone < compiled::zone_count ? names_of_database().zone_names[zone] : std::string_view();
}

std::optional<std::size_t> find_zone_id(std::string_view name) noexcept {
  const auto n = lookup(name);
  if (!n) return std::nullopt;
  return compiled::names[*n].zone;
}

const zone_table* find_zone(std::string_view name) {
  const auto id = find_zone_id(name);
  return id ? &zone_table_for(*id) : nullptr;
}

std::optional<std::string> canonical_zone_name(std::string_view name) {
  if (const php_legacy_zone* legacy = find_php_legacy_zone(name)) return std::string(legacy->name);
  const auto n = lookup(name);
  if (!n) return std::nullopt;
  return canonical_zone_name(compiled::names[*n].zone);
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
  return n && compiled::names[*n].link;
}

std::vector<zone_link> zone_links() {
  const name_index& index = names_of_database();
  std::vector<zone_link> out;
  for (std::size_t i = 0; i < compiled::name_count; ++i)
    if (compiled::names[i].link) out.push_back({index.names[i], index.zone_names[compiled::names[i].zone]});
  return out;
}

}  // namespace time
}  // namespace core
