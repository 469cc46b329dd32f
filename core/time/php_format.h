#pragma once
// PHP date formats (`Y-m-d H:i:s`, `d/m/Y`, `Y-m-d\TH:i:sP`, `U`): the format characters,
// how a format splits into tokens, and the check that says whether a format can be used
// to write dates (PHP's date()) and read them back (DateTime::createFromFormat).
//
// The same string means slightly different things in the two directions: date() writes
// `N`, `w`, `W`, `o`, `t`, `L`, `B`, `I`, `Z`, `c`, `r` but createFromFormat treats them as
// literal characters (so reading fails); createFromFormat gives `!`, `|`, `+`, `?`, `*`,
// `#` and space a meaning that date() does not (it writes them as they are).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core {
namespace time {

// What a format character determines when a date is read back (a bit set).
namespace php_field {
enum : std::uint16_t {
  none = 0,
  year = 1 << 0,
  month = 1 << 1,
  day = 1 << 2,
  hour = 1 << 3,      // the hour on a 24-hour clock (or 12-hour + meridiem)
  hour12 = 1 << 4,    // the hour on a 12-hour clock, without am/pm
  meridiem = 1 << 5,  // am/pm
  minute = 1 << 6,
  second = 1 << 7,
  fraction = 1 << 8,
  offset = 1 << 9,    // a zone or UTC offset
  instant = 1 << 10,  // `U`: the whole instant
  year2 = 1 << 11,    // two-digit year
  day_of_year = 1 << 12,
};
}  // namespace php_field

// One format character of PHP 8.2 and what it does in each direction.
struct php_format_letter {
  char letter;
  bool writes;             // date() gives it a meaning (else written as is)
  bool reads;              // createFromFormat gives it a meaning (else matched literally)
  std::uint16_t fields;    // php_field bits it sets when read
  const char* description; // for messages and the picker help
};

// The table entry for `c`, or nullptr when `c` is not a format character in either
// direction.
const php_format_letter* find_php_format_letter(char c) noexcept;

// One element of a format: a format character or a run of literal bytes (escaped with a
// backslash, or bytes that are not format characters).
struct php_format_token {
  char letter = 0;          // the format character; 0 for literal text
  std::string literal;      // the literal bytes when letter == 0
  std::size_t position = 0; // byte offset in the format string
  bool escaped = false;     // literal text that came from backslash escapes only
};

// The longest PHP format every entry point takes (checks, instances, connector defaults,
// compiled patterns, previews, filter windows), in characters: code points, an ill-formed
// byte counting one (core::utf8::length).
inline constexpr std::size_t max_php_format_length = 256;

// How a format will be used; decides which characters are errors.
enum class php_format_use { write, read, write_and_read };

struct php_format_error {
  std::string code;     // empty_format, dangling_escape, unreadable_character, ...
  std::string message;
  std::size_t position; // byte offset in the format
};

struct php_format_warning {
  std::string code;               // lossy_format, two_digit_year, no_meridiem, no_offset
  std::string message;
  std::vector<std::string> lost;  // for lossy_format: year, month, day, hour, minute, second
};

struct php_format_check {
  std::optional<php_format_error> error;
  std::vector<php_format_warning> warnings;
  bool ok() const { return !error; }
};

// Splits a format into tokens. Characters that have a meaning in either direction
// become tokens (the formatter and the parser each treat the others as literals);
// consecutive literal bytes merge into one token. Throws nothing; a trailing lone
// backslash becomes an empty escaped literal at its position (check_php_format reports
// it).
std::vector<php_format_token> tokenize_php_format(std::string_view format);

// Checks a format for the given use. Errors make the format unusable for that use;
// warnings say what does not survive a write-then-read round trip (at one-second
// precision: a format without `u`/`v` is not reported for dropping fractions).
php_format_check check_php_format(std::string_view format,
                                php_format_use use = php_format_use::write_and_read);
// The same on the tokens of `format` (tokenize_php_format), for a caller checking several uses.
php_format_check check_php_format(const std::vector<php_format_token>& tokens,
                                  std::string_view format, php_format_use use);

}  // namespace time
}  // namespace core
