#include "core/time/php_parser.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "core/time/abbreviations.h"
#include "core/time/english_names.h"
#include "core/time/tz_database.h"

namespace core {
namespace time {
namespace {

constexpr std::int64_t kUnset = std::numeric_limits<std::int64_t>::min();
// Years the 64-bit day arithmetic holds (wide_days_from_civil)
constexpr std::int64_t kWideYears = 1000000000000000;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool same_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// A zone read from the text.
enum class zone_text_kind { none, offset, abbreviation, identifier };

struct text_zone {
  zone_text_kind kind = zone_text_kind::none;
  std::int32_t seconds = 0;            // offset, or an abbreviation's fixed offset
  std::string name;                    // abbreviation: resolved in the given zone first
  const zone_table* table = nullptr;    // identifier; nullptr after `!`: the given zone
};

// The fields read so far, with PHP's "unset" state.
struct parsed_fields {
  std::int64_t y = kUnset, m = kUnset, d = kUnset, h = kUnset, i = kUnset, s = kUnset,
               us = kUnset;
  int weekday = -1;               // D / l: move forward to this weekday (0 = Sunday)
  text_zone zone;
  // What PHP remembers of zones read from the text (timelib's have_zone and dst): `!`
  // keeps them, and they change how a wall time in a DST change is read.
  php_zone_context zone_context;

  void reset_all() {  // `!`: the fields, and a zone identifier (not an offset) is forgotten
    y = 1970, m = 1, d = 1, h = 0, i = 0, s = 0, us = 0;
    zone.table = nullptr;
  }
  void reset_unset() {  // `|`
    if (y == kUnset) y = 1970;
    if (m == kUnset) m = 1;
    if (d == kUnset) d = 1;
    if (h == kUnset) h = 0;
    if (i == kUnset) i = 0;
    if (s == kUnset) s = 0;
    if (us == kUnset) us = 0;
  }
};

// What a number read for a format letter does besides setting its field.
enum class number_rule : std::uint8_t {
  none,
  two_digit_year,  // y: 0-69 are 2000-2069, 70-99 are 1970-1999
  twelve_hour,     // g h: above 12 is an error (the hour is set all the same)
  fraction,        // v u: the digits are a fraction of the second, kept in microseconds
  day_of_year,     // z: comes after the year; sets y, m and d at once
};

// A format letter that reads an unsigned number (timelib_get_nr): at most `max_digits`
// digits, an error (code, message) when there is none or fewer than `min_digits`.
struct number_letter {
  char letter;
  int min_digits;
  int max_digits;
  std::int64_t parsed_fields::*field;  // nullptr: the rule sets the fields
  number_rule rule;
  const char* code;
  const char* message;
};

constexpr number_letter number_letters[] = {
    {'d', 1, 2, &parsed_fields::d, number_rule::none,
     "no_day", "A two digit day could not be found"},
    {'j', 1, 2, &parsed_fields::d, number_rule::none,
     "no_day", "A two digit day could not be found"},
    {'z', 1, 3, nullptr, number_rule::day_of_year,
     "no_day_of_year", "A three digit day-of-year could not be found"},
    {'m', 1, 2, &parsed_fields::m, number_rule::none,
     "no_month", "A two digit month could not be found"},
    {'n', 1, 2, &parsed_fields::m, number_rule::none,
     "no_month", "A two digit month could not be found"},
    {'y', 1, 2, &parsed_fields::y, number_rule::two_digit_year,
     "no_year", "A two digit year could not be found"},
    {'Y', 1, 4, &parsed_fields::y, number_rule::none,
     "no_year", "A four digit year could not be found"},
    {'g', 1, 2, &parsed_fields::h, number_rule::twelve_hour,
     "no_hour", "A two digit hour could not be found"},
    {'h', 1, 2, &parsed_fields::h, number_rule::twelve_hour,
     "no_hour", "A two digit hour could not be found"},
    {'G', 1, 2, &parsed_fields::h, number_rule::none,
     "no_hour", "A two digit hour could not be found"},
    {'H', 1, 2, &parsed_fields::h, number_rule::none,
     "no_hour", "A two digit hour could not be found"},
    {'i', 2, 2, &parsed_fields::i, number_rule::none,
     "no_minute", "A two digit minute could not be found"},
    {'s', 2, 2, &parsed_fields::s, number_rule::none,
     "no_second", "A two digit second could not be found"},
    {'v', 1, 3, &parsed_fields::us, number_rule::fraction,
     "no_millisecond", "A three digit millisecond could not be found"},
    {'u', 1, 6, &parsed_fields::us, number_rule::fraction,
     "no_microsecond", "A six digit microsecond could not be found"},
};

const number_letter* find_number_letter(char f) {
  for (const number_letter& row : number_letters)
    if (row.letter == f) return &row;
  return nullptr;
}

class php_text_parser {
 public:
  php_text_parser(std::string_view text, std::string_view format, const php_parse_options& options)
      : text_(text), format_(format), options_(options) {}

  php_parse_result run();

 private:
  char at(std::size_t k) const { return k < text_.size() ? text_[k] : '\0'; }
  bool done() const { return tp_ >= text_.size(); }

  void error(std::size_t position, const char* code, const char* message) {
    add(result_.errors, position, code, message);
  }
  void warning(std::size_t position, const char* code, const char* message) {
    add(result_.warnings, position, code, message);
  }
  // PHP keeps one message per position: a later one replaces it, keeping its place.
  static void add(std::vector<php_parse_message>& list, std::size_t position, const char* code,
                  const char* message) {
    for (auto& e : list)
      if (e.position == position) {
        e.code = code;
        e.message = message;
        return;
      }
    list.push_back({code, message, position});
  }

  // timelib_get_nr: skips anything up to the first digit, then reads at most `max` digits.
  std::int64_t number(int max, int* length = nullptr) {
    while (!is_digit(at(tp_))) {
      if (done()) return kUnset;
      ++tp_;
    }
    std::int64_t v = 0;
    int n = 0;
    while (n < max && is_digit(at(tp_))) {
      v = v * 10 + (at(tp_) - '0');
      ++tp_;
      ++n;
    }
    if (length) *length = n;
    return v;
  }

  // timelib_get_signed_nr: skips up to a sign or digit, then signs multiply ("--5" is 5),
  // then skips up to a digit. No digit is PHP's add_error, which gives position 0.
  std::int64_t signed_number(int max, bool* ok) {
    *ok = false;
    while (!is_digit(at(tp_)) && at(tp_) != '+' && at(tp_) != '-') {
      if (done()) return error(0, "unexpected_data", "Found unexpected data"), 0;
      ++tp_;
    }
    std::int64_t sign = 1;
    for (; at(tp_) == '+' || at(tp_) == '-'; ++tp_)
      if (at(tp_) == '-') sign = -sign;
    while (!is_digit(at(tp_))) {
      if (done()) return error(0, "unexpected_data", "Found unexpected data"), 0;
      ++tp_;
    }
    // strtoll: beyond the 64-bit range is an error (ERANGE)
    std::uint64_t v = 0;
    bool overflow = false;
    for (int n = 0; n < max && is_digit(at(tp_)); ++n, ++tp_) {
      const unsigned digit = static_cast<unsigned>(at(tp_) - '0');
      if (v > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) overflow = true;
      else v = v * 10 + digit;
    }
    if (overflow || v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return error(0, "number_out_of_range", "Number out of range"), 0;
    *ok = true;
    return sign * static_cast<std::int64_t>(v);
  }

  bool check_number(std::size_t begin) {
    if (is_digit(at(tp_))) return true;
    error(begin, "unexpected_data", "Unexpected data found.");
    return false;
  }
  void check_signed_number(std::size_t begin) {
    const char c = at(tp_);
    if (!is_digit(c) && c != '-' && c != '+') error(begin, "unexpected_data", "Unexpected data found.");
  }

  int lookup_month();
  int lookup_weekday();
  void skip_day_suffix();
  void eat_spaces();
  void eat_until_separator();
  std::int64_t meridian(std::int64_t hour);
  void read_zone(std::size_t begin);
  bool read_zone_offset(std::int32_t* seconds);
  bool known_abbreviation(std::string_view word) const;
  bool abbreviation_dst(std::string_view word) const;

  void read(char f, std::size_t begin);
  void read_number(const number_letter& row, std::size_t begin);
  void finish();

  std::string_view text_;
  std::string_view format_;
  const php_parse_options& options_;
  std::size_t tp_ = 0;  // position in the text
  std::size_t fp_ = 0;  // position in the format
  bool allow_extra_ = false;
  parsed_fields f_;
  php_parse_result result_;
};

// Month names, three-letter abbreviations, "sept" and Roman numerals, any case.
int php_text_parser::lookup_month() {
  const std::size_t begin = tp_;
  while (is_alpha(at(tp_))) ++tp_;
  const std::string_view word = text_.substr(begin, tp_ - begin);
  static const char* const roman[12] = {"i",   "ii", "iii", "iv", "v",  "vi",
                                        "vii", "viii", "ix", "x",  "xi", "xii"};
  for (int k = 0; k < 12; ++k)
    if (same_ignoring_case(word, month_names[k]) || same_ignoring_case(word, month_short_names[k]) ||
        same_ignoring_case(word, roman[k]))
      return k + 1;
  if (same_ignoring_case(word, "sept")) return 9;
  return 0;
}

// timelib_lookup_relunit, as `D`/`l` read it: weekday names, three-letter abbreviations
// and plurals ("mondays"), any case, give 0-6 (Sunday = 0). PHP's other relative units are
// accepted too and give their multiplier as the "weekday" ("week" 7, "ms" 1000), which
// moves the date forward by that many days less the weekday. -1 when the word is none.
int php_text_parser::lookup_weekday() {
  const std::size_t begin = tp_;
  while (!done() && !std::strchr(" ,\t;:/.-()", at(tp_))) ++tp_;
  std::string_view word = text_.substr(begin, tp_ - begin);
  for (int k = 0; k < 7; ++k) {
    const std::string_view full = weekday_names[k];
    if (same_ignoring_case(word, full) || same_ignoring_case(word, weekday_short_names[k]))
      return k;
    if (word.size() == full.size() + 1 && lower(word.back()) == 's' &&
        same_ignoring_case(word.substr(0, full.size()), full))
      return k;
  }
  static constexpr struct {
    const char* name;
    int multiplier;
  } units[] = {
      {"ms", 1000}, {"msec", 1000}, {"msecs", 1000}, {"millisecond", 1000}, {"milliseconds", 1000},
      {"\xC2\xB5" "s", 1}, {"usec", 1}, {"usecs", 1}, {"\xC2\xB5" "sec", 1}, {"\xC2\xB5" "secs", 1},
      {"microsecond", 1}, {"microseconds", 1}, {"sec", 1}, {"secs", 1}, {"second", 1},
      {"seconds", 1}, {"min", 1}, {"mins", 1}, {"minute", 1}, {"minutes", 1}, {"hour", 1},
      {"hours", 1}, {"day", 1}, {"days", 1}, {"week", 7}, {"weeks", 7}, {"fortnight", 14},
      {"fortnights", 14}, {"forthnight", 14}, {"forthnights", 14}, {"month", 1}, {"months", 1},
      {"year", 1}, {"years", 1}, {"weekday", 1}, {"weekdays", 1}};
  for (const auto& u : units)
    if (same_ignoring_case(word, u.name)) return u.multiplier;
  return -1;
}

void php_text_parser::skip_day_suffix() {
  const char c = at(tp_);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return;
  const std::string_view two = text_.substr(tp_, 2);
  for (const char* sfx : {"nd", "rd", "st", "th"})
    if (same_ignoring_case(two, sfx)) {
      tp_ += 2;
      return;
    }
}

// Spaces, tabs, and the no-break spaces U+00A0 and U+202F.
void php_text_parser::eat_spaces() {
  for (;;) {
    const char c = at(tp_);
    if (c == ' ' || c == '\t') {
      ++tp_;
    } else if (c == '\xC2' && at(tp_ + 1) == '\xA0') {
      tp_ += 2;
    } else if (c == '\xE2' && at(tp_ + 1) == '\x80' && at(tp_ + 2) == '\xAF') {
      tp_ += 3;
    } else {
      return;
    }
  }
}

void php_text_parser::eat_until_separator() {
  ++tp_;
  while (!done() && !std::strchr(" \t.,:;/-0123456789", at(tp_))) ++tp_;
}

// timelib_meridian_with_check: the am/pm correction to add to `hour` ("am", "a.m.", any
// case), or kUnset.
std::int64_t php_text_parser::meridian(std::int64_t hour) {
  while (!done() && !std::strchr("AaPp", at(tp_))) ++tp_;
  if (done()) return kUnset;
  std::int64_t add = 0;
  if (at(tp_) == 'a' || at(tp_) == 'A') {
    if (hour == 12) add = -12;
  } else if (hour != 12) {
    add = 12;
  }
  ++tp_;
  if (at(tp_) == '.') {
    ++tp_;
    if (at(tp_) != 'm' && at(tp_) != 'M') return kUnset;
    ++tp_;
    if (at(tp_) != '.') return kUnset;
    ++tp_;
  } else if (at(tp_) == 'm' || at(tp_) == 'M') {
    ++tp_;
  } else {
    return kUnset;
  }
  return add;
}

// timelib_parse_tz_cor: H, HH, H:M, H:MM, HH:M, HHMM, HH:MM, HHMMSS, HH:MM:SS.
bool php_text_parser::read_zone_offset(std::int32_t* seconds) {
  const std::size_t begin = tp_;
  while (is_digit(at(tp_)) || at(tp_) == ':') ++tp_;
  const std::string_view s = text_.substr(begin, tp_ - begin);
  auto num = [&](std::size_t from) {
    // strtol on the text from there, past the digits and colons read: spaces, a sign, digits
    // ("06:-9" is 6 hours less 9 minutes)
    std::size_t k = begin + from;
    while (k < text_.size() && std::strchr(" \t\n\v\f\r", text_[k]) && text_[k] != '\0') ++k;
    std::int32_t sign = 1;
    if (k < text_.size() && (text_[k] == '+' || text_[k] == '-')) sign = text_[k++] == '-' ? -1 : 1;
    std::int32_t v = 0;
    for (; k < text_.size() && is_digit(text_[k]) && v < 100000000; ++k) v = v * 10 + (text_[k] - '0');
    return sign * v;
  };
  switch (s.size()) {
    case 1:
    case 2:
      *seconds = num(0) * 3600;
      return true;
    case 3:
    case 4:
      if (s[1] == ':') *seconds = num(0) * 3600 + num(2) * 60;
      else if (s[2] == ':') *seconds = num(0) * 3600 + num(3) * 60;
      else *seconds = num(0) / 100 * 3600 + num(0) % 100 * 60;
      return true;
    case 5:
      if (s[2] != ':') return false;
      *seconds = num(0) * 3600 + num(3) * 60;
      return true;
    case 6:
      *seconds = num(0) / 10000 * 3600 + num(0) / 100 % 100 * 60 + num(0) % 100;
      return true;
    case 8:
      if (s[2] != ':' || s[5] != ':') return false;
      *seconds = num(0) * 3600 + num(3) * 60 + num(6);
      return true;
    default:
      return false;
  }
}

// Whether an abbreviation names daylight saving time: PHP's table first, then the zone.
bool php_text_parser::abbreviation_dst(std::string_view word) const {
  if (const auto c = common_abbreviation(word)) return c->dst;
  if (options_.zone)
    if (const auto o = options_.zone->find_abbreviation(word, 0)) return o->dst;
  return false;
}

bool php_text_parser::known_abbreviation(std::string_view word) const {
  if (common_abbreviation(word)) return true;
  return options_.zone && options_.zone->find_abbreviation(word, 0).has_value();
}

// timelib_parse_zone: an offset (+05:30, -0800, GMT+2), an abbreviation (CEST), or an
// identifier (Europe/Berlin, any case), optionally in parentheses.
void php_text_parser::read_zone(std::size_t begin) {
  while (at(tp_) == ' ' || at(tp_) == '\t' || at(tp_) == '(') ++tp_;
  if (at(tp_) == 'G' && at(tp_ + 1) == 'M' && at(tp_ + 2) == 'T' &&
      (at(tp_ + 3) == '+' || at(tp_ + 3) == '-'))
    tp_ += 3;
  bool found = false;
  text_zone z;
  if (at(tp_) == '+' || at(tp_) == '-') {
    const int sign = at(tp_) == '-' ? -1 : 1;
    ++tp_;
    std::int32_t seconds = 0;
    found = read_zone_offset(&seconds);
    z.kind = zone_text_kind::offset;
    z.seconds = sign * seconds;
  } else {
    // timelib_lookup_abbr: a word of letters, digits and / _ - +; an abbreviation only
    // when shorter than 6 bytes
    const std::size_t start = tp_;
    auto in_word = [](char c) {
      return is_alpha(c) || is_digit(c) || c == '/' || c == '_' || c == '-' || c == '+';
    };
    while (in_word(at(tp_))) ++tp_;
    const std::string_view word = text_.substr(start, tp_ - start);
    if (!word.empty() && word.size() < 6 && known_abbreviation(word)) {
      found = true;
      z.kind = zone_text_kind::abbreviation;
      z.name = std::string(word);
    }
    if (!found || word == "UTC") {
      if (const zone_table* table = find_zone(word)) {
        found = true;
        z.kind = zone_text_kind::identifier;
        z.table = table;
      }
    }
  }
  while (at(tp_) == ')') ++tp_;
  if (!found) {
    error(begin, "unknown_time_zone", "The timezone could not be found in the database");
    return;
  }
  f_.zone_context.zone_in_text = true;
  if (z.kind == zone_text_kind::offset) f_.zone_context.dst = php_text_dst::standard;
  if (z.kind == zone_text_kind::abbreviation)
    f_.zone_context.dst = abbreviation_dst(z.name) ? php_text_dst::daylight : php_text_dst::standard;
  f_.zone = std::move(z);
}

// Reads the number of a letter of number_letters, as timelib's case for that letter does.
void php_text_parser::read_number(const number_letter& row, std::size_t begin) {
  check_number(begin);
  if (row.rule == number_rule::day_of_year && f_.y == kUnset)
    error(begin, "day_of_year_before_year",
          "A 'day of year' can only come after a year has been found");
  const std::size_t from = tp_;
  int length = 0;
  std::int64_t v = number(row.max_digits, &length);
  if (v == kUnset || length < row.min_digits) {
    error(begin, row.code, row.message);
    return;
  }
  switch (row.rule) {
    case number_rule::none:
    case number_rule::twelve_hour:
      break;
    case number_rule::two_digit_year:
      if (length < 4 && v < 100) v += v < 70 ? 2000 : 1900;
      break;
    case number_rule::fraction: {
      // As timelib: scaled by what the read passed over (skipped characters too), to
      // max_digits digits, then to microseconds.
      const int read = static_cast<int>(tp_ - from);
      std::int64_t scale = 1;
      for (int k = read; k < row.max_digits; ++k) scale *= 10;
      for (int k = row.max_digits; k < 6; ++k) scale *= 10;
      v *= scale;
      break;
    }
    case number_rule::day_of_year:
      if (f_.y != kUnset && f_.y > -kWideYears && f_.y < kWideYears) {
        // PHP normalises at once (timelib_do_normalize): day 59 of 2024 is February 29, and
        // a time read so far that overflows carries into the day (hour 70 is 2 days + 22 h)
        if (f_.s != kUnset) {
          auto carry = [](std::int64_t& value, std::int64_t& into, std::int64_t range) {
            if (into == kUnset) return;
            const std::int64_t c = floor_div(value, range);
            value -= c * range;
            into += c;
          };
          std::int64_t days = 0;
          carry(f_.s, f_.i, 60);
          carry(f_.i, f_.h, 60);
          if (f_.h != kUnset) carry(f_.h, days, 24);
          v += days;
        }
        const wide_civil_date c = wide_civil_from_days(wide_days_from_civil(f_.y, 1, 1) + v);
        f_.y = c.year;
        f_.m = c.month;
        f_.d = c.day;
      }
      return;
  }
  f_.*row.field = v;
  if (row.rule == number_rule::twelve_hour && v > 12)
    error(begin, "hour_above_12", "Hour cannot be higher than 12");
}

void php_text_parser::read(char f, std::size_t begin) {
  if (const number_letter* row = find_number_letter(f)) {
    read_number(*row, begin);
    return;
  }
  std::int64_t v;
  switch (f) {
    case 'D':
    case 'l': {
      const int wd = lookup_weekday();
      if (wd < 0) error(begin, "no_textual_day", "A textual day could not be found");
      else f_.weekday = wd;
      break;
    }
    case 'S':
      skip_day_suffix();
      break;
    case 'M':
    case 'F':
      if ((v = lookup_month()) == 0) error(begin, "no_textual_month", "A textual month could not be found");
      else f_.m = v;
      break;
    case 'X':
    case 'x': {
      check_signed_number(begin);
      bool ok = false;
      v = signed_number(19, &ok);
      if (ok) f_.y = v;
      break;
    }
    case 'a':
    case 'A':
      // as PHP: without an hour the error is given and the meridian is read all the same
      if (f_.h == kUnset)
        error(begin, "meridian_before_hour", "Meridian can only come after an hour has been found");
      if ((v = meridian(f_.h)) == kUnset)
        error(begin, "no_meridian", "A meridian could not be found");
      else if (f_.h != kUnset)
        f_.h += v;
      break;
    case ' ':
      eat_spaces();
      break;
    case 'U': {
      check_signed_number(begin);
      bool ok = false;
      v = signed_number(24, &ok);
      // PHP sets the date and time from the timestamp at once, in UTC: fields read later
      // overwrite parts of it
      f_.zone = text_zone{};
      f_.zone.kind = zone_text_kind::offset;
      f_.zone_context = {true, php_text_dst::standard};
      {
        // any year: finish() refuses one beyond the supported years unless later fields
        // bring it back
        const std::int64_t days = floor_div(v, seconds_per_day);
        const std::int64_t rest = v - days * seconds_per_day;
        const wide_civil_date c = wide_civil_from_days(days);
        f_.y = c.year, f_.m = c.month, f_.d = c.day;
        f_.h = rest / 3600, f_.i = rest / 60 % 60, f_.s = rest % 60;
      }
      break;
    }
    case 'e':
    case 'P':
    case 'p':
    case 'T':
    case 'O':
      read_zone(begin);
      break;
    case '#':
      if (!done() && std::strchr(";:/.,-()", at(tp_))) ++tp_;
      else error(begin, "no_separator", "The separation symbol ([;:/.,-]) could not be found");
      break;
    case ';':
    case ':':
    case '/':
    case '.':
    case ',':
    case '-':
    case '(':
    case ')':
      if (at(tp_) == f) ++tp_;
      else error(begin, "separator_mismatch", "The separation symbol could not be found");
      break;
    case '!':
      f_.reset_all();
      break;
    case '|':
      f_.reset_unset();
      break;
    case '?':
      ++tp_;
      break;
    case '\\':
      if (fp_ + 1 >= format_.size()) {
        error(begin, "escape_missing", "Escaped character expected");
        break;
      }
      ++fp_;
      if (at(tp_) == format_[fp_]) ++tp_;
      else error(begin, "escaped_mismatch", "The escaped character could not be found");
      break;
    case '*':
      eat_until_separator();
      break;
    case '+':
      allow_extra_ = true;
      break;
    default:
      if (at(tp_) != f) error(begin, "format_mismatch", "The format separator does not match");
      ++tp_;
  }
}

php_parse_result php_text_parser::run() {
  while (fp_ < format_.size() && !done()) {
    read(format_[fp_], tp_);
    ++fp_;
  }
  if (!done()) {
    if (allow_extra_) warning(tp_, "trailing_data", "Trailing data");
    else error(tp_, "trailing_data", "Trailing data");
  }
  for (; fp_ < format_.size(); ++fp_) {
    const char f = format_[fp_];
    if (f == '!') {
      f_.reset_all();
    } else if (f == '|') {
      f_.reset_unset();
    } else if (f != '+') {
      error(tp_, "data_missing", "Not enough data available to satisfy format");
      break;
    }
  }
  if (f_.h != kUnset || f_.i != kUnset || f_.s != kUnset || f_.us != kUnset) {
    if (f_.h == kUnset) f_.h = 0;
    if (f_.i == kUnset) f_.i = 0;
    if (f_.s == kUnset) f_.s = 0;
    if (f_.us == kUnset) f_.us = 0;
  }
  if (f_.h != kUnset && f_.i != kUnset && f_.s != kUnset &&
      (f_.h < 0 || f_.h > 23 || f_.i < 0 || f_.i > 59 || f_.s < 0 || f_.s > 59))
    warning(tp_, "invalid_time", "The parsed time was invalid");
  if (f_.y != kUnset && f_.m != kUnset && f_.d != kUnset &&
      (f_.m < 1 || f_.m > 12 || f_.d < 1 || f_.d > days_in_month(f_.y, static_cast<int>(f_.m))))
    warning(tp_, "invalid_date", "The parsed date was invalid");
  if (result_.ok()) finish();
  return std::move(result_);
}

// Fills what the text did not give from "now", then turns the wall time into an instant.
void php_text_parser::finish() {
  const zone_table* zone =
      f_.zone.kind == zone_text_kind::identifier && f_.zone.table ? f_.zone.table : options_.zone;
  // Years far outside the supported range would overflow the arithmetic below.
  if (f_.y != kUnset && (f_.y < min_year - 1 || f_.y > max_year + 1)) {
    error(0, "out_of_range", "The date is outside the supported years -9999 to 9999");
    return;
  }
  // The fixed offset of an abbreviation: the given zone's meaning first.
  auto fixed_offset = [&](std::int64_t near_utc) -> std::int32_t {
    if (f_.zone.kind == zone_text_kind::offset) return f_.zone.seconds;
    if (options_.zone)
      if (auto o = options_.zone->find_abbreviation(f_.zone.name, near_utc)) return o->seconds;
    return common_abbreviation(f_.zone.name)->seconds;
  };
  const bool fixed = f_.zone.kind == zone_text_kind::offset || f_.zone.kind == zone_text_kind::abbreviation;

  // "now" on the text's clock
  const std::int64_t now_s = floor_div(options_.now_us, us_per_second);
  const std::int32_t now_offset = fixed ? fixed_offset(now_s) : zone->offset_at(now_s).seconds;
  const wall_time now = local_to_wall(options_.now_us + std::int64_t{now_offset} * us_per_second);
  if (f_.us == kUnset) {
    const bool any = f_.y != kUnset || f_.m != kUnset || f_.d != kUnset || f_.h != kUnset ||
                     f_.i != kUnset || f_.s != kUnset;
    f_.us = any ? 0 : now.microsecond;
  }
  wall_time w;
  w.year = static_cast<int>(f_.y != kUnset ? f_.y : now.year);
  // Bounded above by the reads (2 digits, 3 for z), so these fit in int.
  w.month = static_cast<int>(f_.m != kUnset ? f_.m : now.month);
  w.day = static_cast<int>(f_.d != kUnset ? f_.d : now.day);
  w.hour = static_cast<int>(f_.h != kUnset ? f_.h : now.hour);
  w.minute = static_cast<int>(f_.i != kUnset ? f_.i : now.minute);
  w.second = static_cast<int>(f_.s != kUnset ? f_.s : now.second);
  w.microsecond = static_cast<int>(f_.us);

  std::int64_t local = wall_to_local(w);
  if (f_.weekday >= 0) {
    const std::int64_t days = floor_div(local, us_per_second * seconds_per_day);
    std::int64_t diff = f_.weekday - weekday_from_days(days);
    if (diff < 0) diff += 7;
    local += diff * seconds_per_day * us_per_second;
  }

  std::int64_t epoch;
  if (fixed) {
    const std::int32_t off = fixed_offset(floor_div(local, us_per_second));
    epoch = local - std::int64_t{off} * us_per_second;
  } else if (options_.disambiguation == disambiguation_policy::php) {
    epoch = php_local_to_epoch(*zone, local, f_.zone_context);
  } else {
    const resolution r = resolve_local(*zone, local, options_.disambiguation);
    if (!r.epoch_us) {
      if (r.kind == local_kind::skipped)
        error(0, "skipped_time", "The time does not exist in the zone: it falls in a DST gap");
      else
        error(0, "repeated_time", "The time is ambiguous in the zone: it falls in a DST overlap");
      return;
    }
    epoch = *r.epoch_us;
  }
  if (!in_range(epoch)) {
    error(0, "out_of_range", "The date is outside the supported years -9999 to 9999");
    return;
  }
  result_.epoch_us = epoch;
  result_.offset_seconds = fixed ? static_cast<std::int32_t>((local - epoch) / us_per_second)
                                 : zone->offset_at(floor_div(epoch, us_per_second)).seconds;
}

}  // namespace

php_parse_result parse_php_date(std::string_view text, std::string_view format,
                              const php_parse_options& options) {
  if (!options.zone) {
    php_parse_result r;
    r.errors.push_back({"no_zone", "A zone is required to read dates", 0});
    return r;
  }
  return php_text_parser(text, format, options).run();
}

}  // namespace time
}  // namespace core
