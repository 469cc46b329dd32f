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

const compiled::name_record* lookup(std::string_view name) {
  if (name.empty() || name.size() > 128) return nullptr;
  const compiled::name_record* begin = compiled::names;
  const compiled::name_record* end = compiled::names + compiled::name_count;
  const auto* exact = std::lower_bound(begin, end, name, [](const compiled::name_record& a, std::string_view b) {
    return std::string_view(a.name) < b;
  });
  if (exact != end && std::string_view(exact->name) == name) return exact;
  const std::uint16_t* fbegin = compiled::folded_names;
  const std::uint16_t* fend = compiled::folded_names + compiled::name_count;
  const auto* folded = std::lower_bound(fbegin, fend, name, [](std::uint16_t a, std::string_view b) {
    return folded_less(compiled::names[a].name, b);
  });
  if (folded != fend && !folded_less(name, compiled::names[*folded].name)) return &compiled::names[*folded];
  return nullptr;
}

}  // namespace

std::string_view tz_database_version() noexcept { return compiled::version; }

std::size_t zone_count() noexcept { return compiled::zone_count; }

std::string_view zone_name(std::size_t zone) noexcept {
  return zone < compiled::zone_count ? compiled::zones[zone].name : std::string_view();
}

std::optional<std::size_t> find_zone_id(std::string_view name) noexcept {
  const compiled::name_record* n = lookup(name);
  if (!n) return std::nullopt;
  return n->zone;
}

const zone_table* find_zone(std::string_view name) {
  const auto id = find_zone_id(name);
  return id ? &zone_table_for(*id) : nullptr;
}

std::optional<std::string> canonical_zone_name(std::string_view name) {
  if (const php_legacy_zone* legacy = find_php_legacy_zone(name)) return std::string(legacy->name);
  const compiled::name_record* n = lookup(name);
  if (!n) return std::nullopt;
  return canonical_zone_name(n->zone);
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
  const compiled::name_record* n = lookup(name);
  return n && n->link;
}

std::vector<zone_link> zone_links() {
  std::vector<zone_link> out;
  for (std::size_t i = 0; i < compiled::name_count; ++i)
    if (compiled::names[i].link) out.push_back({compiled::names[i].name, compiled::zones[compiled::names[i].zone].name});
  return out;
}

}  // namespace time
}  // namespace core
