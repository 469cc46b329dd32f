#include "core/values/time_rules.h"

#include <array>

#include "core/common/spin_lock.h"
#include "core/time/php_format.h"

namespace core::values {

date_format_check check_date_format(std::string_view format) {
  using core::time::php_format_use;
  date_format_check out;
  const auto tokens = core::time::tokenize_php_format(format);
  const auto write = core::time::check_php_format(tokens, format, php_format_use::write);
  if (write.error) {
    out.error = date_format_issue{write.error->code, write.error->message, write.error->position};
    return out;
  }
  // Usable for writing. What reading the dates back would lose is worth a warning: an
  // unreadable character, or fields that do not survive the round trip.
  const auto both = core::time::check_php_format(tokens, format, php_format_use::write_and_read);
  if (both.error) {
    out.warnings.push_back({both.error->code, both.error->message, both.error->position});
  }
  for (const auto& w : both.warnings) out.warnings.push_back({w.code, w.message, 0, w.lost});
  return out;
}

std::shared_ptr<const date_format_check> shared_date_format_check(std::string_view format) {
  // a few entries, replaced in turn: enough for the formats in use, small enough to scan
  constexpr std::size_t kept = 8;
  struct entry {
    std::string format;
    std::shared_ptr<const date_format_check> check;
  };
  static spin_lock entries_lock;
  static std::array<entry, kept> entries;
  static std::size_t next = 0;
  {
    spin_lock_guard hold(entries_lock);
    for (const entry& e : entries)
      if (e.check && e.format == format) return e.check;
  }
  auto check = std::make_shared<const date_format_check>(check_date_format(format));
  spin_lock_guard hold(entries_lock);
  entries[next] = {std::string(format), check};
  next = (next + 1) % kept;
  return check;
}

namespace {

bool is_ascii_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// Zones whose offset is zero at every instant (UTC and the fixed Etc zones of zero offset).
bool is_utc_zone(std::string_view zone) {
  for (std::string_view utc : {"UTC", "Etc/UTC", "Etc/UCT", "Etc/GMT", "Etc/GMT+0", "Etc/GMT-0",
                               "Etc/GMT0", "Etc/Greenwich", "Etc/Universal", "Etc/Zulu"})
    if (zone == utc) return true;
  return false;
}

// The word "Z", "UTC" or "GMT" in `text` (not part of a longer word), or "".
std::string_view utc_label_in(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && is_ascii_letter(text[i - 1])) continue;
    for (std::string_view label : {"Z", "UTC", "GMT"}) {
      const std::size_t end = i + label.size();
      if (text.substr(i, label.size()) == label && (end == text.size() || !is_ascii_letter(text[end])))
        return label;
    }
  }
  return {};
}

}  // namespace

std::optional<date_format_issue> utc_label_issue(std::string_view format, std::string_view canonical_zone) {
  if (is_utc_zone(canonical_zone)) return std::nullopt;
  // every label has one of these letters: most formats need no tokens here
  if (format.find_first_of("ZUG") == std::string_view::npos) return std::nullopt;
  for (const auto& token : core::time::tokenize_php_format(format)) {
    if (token.letter != 0) continue;
    const std::string_view label = utc_label_in(token.literal);
    if (label.empty()) continue;
    return date_format_issue{
        "utc_label_with_local_zone",
        "The format writes \"" + std::string(label) + "\", which says the time is UTC, but times are written in " +
            std::string(canonical_zone) +
            ": the other side will read them off by the zone's offset. Write the offset with P or O "
            "instead, or use the time zone UTC.",
        token.position};  // where the literal run starts
  }
  return std::nullopt;
}

}  // namespace core::values
