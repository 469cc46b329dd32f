#pragma once
// PHP's DateTime::createFromFormat: reads a date written in a PHP format back to an
// instant, with PHP 8.2's rules (checked against php8.2-cli, see tests/data/time):
//  - fields the format does not read come from "now" in the zone, unless `!` or `|`
//    resets them to 1970-01-01 00:00:00; if any time field is read, the others are 0;
//  - out-of-range values overflow with a warning (February 30 -> March 1 or 2);
//  - `D`/`l` move the date forward to that weekday (as PHP does) when it does not match;
//  - the text's own zone (e, O, P, p, T, U) wins over the given zone.
// Where PHP is not exact, this is (documented in docs/api-time.md):
//  - `T` abbreviations are looked up in the given zone first (IST in Asia/Kolkata is
//    +05:30), then in a fixed table of common unambiguous ones (PHP's own table is older);
//  - a wall time repeated or skipped by a DST change is resolved with Temporal's
//    disambiguation (default `compatible`); disambiguation_policy::php reproduces PHP's choice
//    (which depends on whether a zone, offset or timestamp was read from the text);
//  - years beyond -9999..9999 are refused (out_of_range).
// Errors and warnings carry PHP's message, a stable code and the byte position in the
// text; like PHP's getLastErrors() there is at most one entry per position.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/zoned_time.h"

namespace core {
namespace time {

struct php_parse_message {
  std::string code;     // unexpected_data, trailing_data, data_missing, unknown_time_zone, ...
  std::string message;  // PHP's wording
  std::size_t position; // byte offset in the text
};

struct php_parse_options {
  const zone_table* zone = nullptr;  // the zone of texts that carry none (required)
  std::int64_t now_us = 0;          // fills what the format does not read, as PHP's "now"
  disambiguation_policy disambiguation = disambiguation_policy::compatible;
};

struct php_parse_result {
  std::optional<std::int64_t> epoch_us;  // set when there is no error
  std::int32_t offset_seconds = 0;       // the UTC offset that applied
  std::vector<php_parse_message> errors;
  std::vector<php_parse_message> warnings;
  bool ok() const { return errors.empty(); }
};

php_parse_result parse_php_date(std::string_view text, std::string_view format,
                              const php_parse_options& options);

}  // namespace time
}  // namespace core
