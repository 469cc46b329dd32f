#include "core/time/php_format.h"

#include <algorithm>

#include "core/common/utf8.h"

namespace core {
namespace time {
namespace {

// PHP 8.2's format characters (date() and DateTime::createFromFormat), checked against
// php8.2-cli: a character that date() knows but createFromFormat does not is matched
// literally when reading, and fails. An array of constants: nothing to build as the module
// starts.
constexpr php_format_letter kChars[] = {
    // day
    {'d', true, true, php_field::day, "day of the month, 2 digits (01-31)"},
    {'D', true, true, php_field::none, "day of the week, 3 letters (Mon-Sun)"},
    {'j', true, true, php_field::day, "day of the month (1-31)"},
    {'l', true, true, php_field::none, "day of the week (Sunday-Saturday)"},
    {'N', true, false, php_field::none, "ISO-8601 day of the week (1 = Monday, 7 = Sunday)"},
    {'S', true, true, php_field::none, "English suffix of the day of the month (st, nd, rd, th)"},
    {'w', true, false, php_field::none, "day of the week (0 = Sunday, 6 = Saturday)"},
    {'z', true, true, php_field::day_of_year, "day of the year (0-365)"},
    // week
    {'W', true, false, php_field::none, "ISO-8601 week number (01-53)"},
    // month
    {'F', true, true, php_field::month, "month name (January-December)"},
    {'m', true, true, php_field::month, "month, 2 digits (01-12)"},
    {'M', true, true, php_field::month, "month, 3 letters (Jan-Dec)"},
    {'n', true, true, php_field::month, "month (1-12)"},
    {'t', true, false, php_field::none, "days in the month (28-31)"},
    // year
    {'L', true, false, php_field::none, "leap year (1 or 0)"},
    {'o', true, false, php_field::none, "ISO-8601 week-numbering year"},
    {'X', true, true, php_field::year, "year, at least 4 digits, + for years from 10000"},
    {'x', true, true, php_field::year, "year, at least 4 digits, - before year 0"},
    {'Y', true, true, php_field::year, "year, at least 4 digits"},
    {'y', true, true, php_field::year2, "year, 2 digits"},
    // time
    {'a', true, true, php_field::meridiem, "am or pm"},
    {'A', true, true, php_field::meridiem, "AM or PM"},
    {'B', true, false, php_field::none, "Swatch Internet time (000-999)"},
    {'g', true, true, php_field::hour12, "hour, 12-hour clock (1-12)"},
    {'G', true, true, php_field::hour, "hour, 24-hour clock (0-23)"},
    {'h', true, true, php_field::hour12, "hour, 12-hour clock, 2 digits (01-12)"},
    {'H', true, true, php_field::hour, "hour, 24-hour clock, 2 digits (00-23)"},
    {'i', true, true, php_field::minute, "minutes, 2 digits (00-59)"},
    {'s', true, true, php_field::second, "seconds, 2 digits (00-59)"},
    {'u', true, true, php_field::fraction, "microseconds, 6 digits"},
    {'v', true, true, php_field::fraction, "milliseconds, 3 digits"},
    // zone
    {'e', true, true, php_field::offset, "time zone identifier (Europe/Berlin)"},
    {'I', true, false, php_field::none, "daylight saving time (1 or 0)"},
    {'O', true, true, php_field::offset, "UTC offset (+0200)"},
    {'P', true, true, php_field::offset, "UTC offset with a colon (+02:00)"},
    {'p', true, true, php_field::offset, "UTC offset with a colon, Z for UTC"},
    {'T', true, true, php_field::offset, "time zone abbreviation (CEST, EST, +03)"},
    {'Z', true, false, php_field::none, "UTC offset in seconds"},
    // full date/time
    {'c', true, false, php_field::none, "ISO 8601 date (2004-02-12T15:19:21+00:00)"},
    {'r', true, false, php_field::none, "RFC 2822 date (Thu, 21 Dec 2000 16:01:07 +0200)"},
    {'U', true, true, php_field::instant, "seconds since the Unix epoch"},
    // createFromFormat only
    {'!', false, true, php_field::none, "reset every field to the Unix epoch"},
    {'|', false, true, php_field::none, "reset the fields not read yet to the Unix epoch"},
    {'+', false, true, php_field::none, "ignore trailing data (with a warning)"},
    {'?', false, true, php_field::none, "any one byte"},
    {'*', false, true, php_field::none, "any bytes up to the next separator or digit"},
    {'#', false, true, php_field::none, "one of ; : / . , - ( )"},
    {' ', false, true, php_field::none, "zero or more spaces or tabs"},
};

// What to write instead of a character that createFromFormat cannot read.
const char* readable_alternative(char c) {
  switch (c) {
    case 'c': return " (use Y-m-d\\TH:i:sP instead)";
    case 'r': return " (use D, d M Y H:i:s O instead)";
    case 'o': return " (use Y instead)";
    case 'Z': return " (use O or P instead)";
    default: return "";
  }
}

// The byte offset of code point number `index` (an ill-formed byte counting one).
std::size_t byte_offset_of(std::string_view text, std::size_t index) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < index && pos < text.size(); ++i) {
    char32_t c;
    if (!utf8::decode_one(text, pos, c)) ++pos;
  }
  return pos;
}

std::string quoted(char c) { return std::string("\"") + c + "\""; }

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  return out;
}

std::optional<php_format_error> first_error(const std::vector<php_format_token>& tokens,
                                          std::string_view format, php_format_use use) {
  if (format.empty()) return php_format_error{"empty_format", "The date format is empty.", 0};
  if (utf8::length(format) > max_php_format_length)
    return php_format_error{"too_long",
                            "The date format may not be longer than " +
                                std::to_string(max_php_format_length) + " characters.",
                            byte_offset_of(format, max_php_format_length)};
  const bool reads = use != php_format_use::write;
  const bool writes = use != php_format_use::read;
  bool have_year = false;
  for (const auto& t : tokens) {
    if (t.letter == 0) {
      if (t.escaped && t.literal.empty())
        return php_format_error{"dangling_escape",
                              "The date format ends with a backslash that escapes nothing.",
                              t.position};
      continue;
    }
    const php_format_letter* c = find_php_format_letter(t.letter);
    if (reads && c->writes && !c->reads)
      return php_format_error{
          "unreadable_character",
          quoted(t.letter) + " (" + c->description +
              ") is written, but a date written with it cannot be read back" +
              readable_alternative(t.letter) + "; write \\" + t.letter +
              " for the letter itself.",
          t.position};
    if (reads && writes && c->reads && !c->writes && t.letter != ' ')
      return php_format_error{"unwritable_character",
                            quoted(t.letter) + " is written as the character itself, but "
                                "when a date is read it means \"" + c->description +
                                "\"; write \\" + t.letter + " for the character.",
                            t.position};
    if (reads && t.letter == 'z' && !have_year)
      return php_format_error{"day_of_year_before_year",
                            "\"z\" (day of the year) can only be read after the year (Y or y).",
                            t.position};
    if (c->fields & (php_field::year | php_field::year2)) have_year = true;
  }
  return std::nullopt;
}

std::vector<php_format_warning> round_trip_warnings(const std::vector<php_format_token>& tokens) {
  std::uint32_t f = 0;
  bool resets = false;  // `!` or `|`: the fields not read are set to the Unix epoch's
  for (const auto& t : tokens) {
    if (t.letter) f |= find_php_format_letter(t.letter)->fields;
    if (t.letter == '!' || t.letter == '|') resets = true;
  }
  std::vector<php_format_warning> out;
  if (f & php_field::instant) return out;  // `U` carries the whole instant

  const bool any_year = f & (php_field::year | php_field::year2);
  const bool any_hour = f & (php_field::hour | php_field::hour12);
  std::vector<std::string> lost;
  if (!any_year) lost.push_back("year");
  if (!(f & (php_field::month | php_field::day_of_year))) lost.push_back("month");
  if (!(f & (php_field::day | php_field::day_of_year))) lost.push_back("day");
  if (!any_hour) lost.push_back("hour");
  if (!(f & php_field::minute)) lost.push_back("minute");
  if (!(f & php_field::second)) lost.push_back("second");
  if (!lost.empty())
    out.push_back({"lossy_format",
                   "Dates written with this format leave out the " + join_words(lost) +
                       ": when such a date is read back, " + (lost.size() == 1 ? "it is" : "they are") +
                       (resets ? " set as on 1 January 1970 at 00:00:00." : " taken from the moment it is read."),
                   lost});
  if ((f & php_field::year2) && !(f & php_field::year))
    out.push_back({"two_digit_year",
                   "The year has two digits (y): a date read back is placed between 1970 and "
                   "2069. Y writes all four.",
                   {"century"}});
  if ((f & php_field::hour12) && !(f & (php_field::hour | php_field::meridiem)))
    out.push_back({"no_meridiem",
                   "The hour is on a 12-hour clock (g or h) without am/pm (a or A): afternoon "
                   "times are read back as morning times.",
                   {"meridiem"}});
  if (any_hour && !(f & php_field::offset))
    out.push_back({"no_offset",
                   "The format writes no time zone or UTC offset (add P or O): in the hour that "
                   "repeats when daylight saving time ends, a time read back could be either "
                   "of two moments.",
                   {"offset"}});
  bool only_abbreviation = false;
  for (const auto& t : tokens) {
    if (t.letter == 'T') only_abbreviation = true;
    if (t.letter == 'e' || t.letter == 'O' || t.letter == 'P' || t.letter == 'p') {
      only_abbreviation = false;
      break;
    }
  }
  if (only_abbreviation)
    out.push_back({"ambiguous_abbreviation",
                   "The zone is written as an abbreviation (T), such as CST or IST, which "
                   "several zones share: a date read back is taken to be in the instance's zone. "
                   "O or P write the exact UTC offset.",
                   {}});
  return out;
}

}  // namespace

const php_format_letter* find_php_format_letter(char c) noexcept {
  for (const auto& e : kChars)
    if (e.letter == c) return &e;
  return nullptr;
}

std::vector<php_format_token> tokenize_php_format(std::string_view format) {
  std::vector<php_format_token> tokens;
  tokens.reserve(format.size());
  auto literal = [&](std::size_t pos, std::string_view bytes, bool escaped) {
    if (!tokens.empty() && tokens.back().letter == 0 && !bytes.empty() &&
        !tokens.back().literal.empty()) {
      tokens.back().literal.append(bytes.data(), bytes.size());
      tokens.back().escaped = tokens.back().escaped && escaped;
      return;
    }
    php_format_token t;
    t.position = pos;
    t.literal.assign(bytes.data(), bytes.size());
    t.escaped = escaped;
    tokens.push_back(std::move(t));
  };
  for (std::size_t i = 0; i < format.size(); ++i) {
    const char c = format[i];
    if (c == '\\') {
      // a lone trailing backslash becomes an empty escaped literal (dangling_escape)
      literal(i, i + 1 < format.size() ? format.substr(i + 1, 1) : std::string_view(), true);
      ++i;
    } else if (find_php_format_letter(c)) {
      php_format_token t;
      t.letter = c;
      t.position = i;
      tokens.push_back(std::move(t));
    } else {
      literal(i, format.substr(i, 1), false);
    }
  }
  return tokens;
}

php_format_check check_php_format(std::string_view format, php_format_use use) {
  return check_php_format(tokenize_php_format(format), format, use);
}

php_format_check check_php_format(const std::vector<php_format_token>& tokens,
                                  std::string_view format, php_format_use use) {
  php_format_check result;
  result.error = first_error(tokens, format, use);
  if (!result.error && use != php_format_use::write) result.warnings = round_trip_warnings(tokens);
  return result;
}

}  // namespace time
}  // namespace core
