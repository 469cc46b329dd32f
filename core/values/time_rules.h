#pragma once
// The time settings of instances and connector defaults, checked with the library's own
// PHP format rules (core/time/). Time zone names are core::time::canonical_zone_name's.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core::values {

struct date_format_issue {
  std::string code;      // the PHP format check's code: "dangling_escape", ...
  std::string message;   // English
  std::size_t position;  // byte offset in the format
  std::vector<std::string> lost = {};  // for lossy_format: the fields a read back takes from elsewhere
};

struct date_format_check {
  std::optional<date_format_issue> error;    // the format cannot be used
  // It can, but dates written with it cannot be read back exactly (round-trip warnings of
  // the PHP format check, or the reason createFromFormat would fail).
  std::vector<date_format_issue> warnings;
};

// The one verdict on a format for an instance (validation, connector defaults, the wizard,
// the time API's checkFormat and preview by default): an error when it cannot write dates,
// else warnings for what reading the dates back would lose or could not read at all (an
// `unreadable_character` such as `c`: parsing with it fails, with that code).
date_format_check check_date_format(std::string_view format);

// The same verdict, shared: the last formats asked about are remembered. An instance's
// format is nearly always one of a few (its connector's default), and a check tokenizes the
// format and walks it twice; validating an instance asks for it on every call.
std::shared_ptr<const date_format_check> shared_date_format_check(std::string_view format);

// A format that writes a literal "Z", "UTC" or "GMT" (escaped or plain text) claims that its
// times are UTC; with a zone that is not UTC the times written are local ones under that
// label, off by the zone's offset when the other side reads them. The issue points at the
// first such literal; none when `canonical_zone` is a UTC zone or the format has none.
std::optional<date_format_issue> utc_label_issue(std::string_view format, std::string_view canonical_zone);

}  // namespace core::values
