#include "core/time/php_formatter.h"

#include <cstring>

#include "core/common/divide.h"
#include "core/time/english_names.h"
#include "core/time/php_format.h"

namespace core {
namespace time {
namespace {

// Digit writers: each returns the position after what it wrote. No divide instructions
// (see core/common/divide.h): two-digit values come from a table of the pairs "00".."99".
constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

inline char* put2(char* p, int v) {  // 00-99
  const char* pair = kDigitPairs + 2 * v;
  p[0] = pair[0];
  p[1] = pair[1];
  return p + 2;
}

// Unsigned value, at least `width` digits (zero padded).
inline char* put_unsigned(char* p, std::uint64_t v, int width) {
  char tmp[20];
  int n = 0;
  while (v > 0xFFFFFFFFu) {  // beyond 32 bits (U of far dates): rare, plain division
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  auto small = static_cast<std::uint32_t>(v);
  do {
    const auto q = static_cast<std::uint32_t>(divide_by<10, 0xFFFFFFFFu>::of(small));
    tmp[n++] = static_cast<char>('0' + (small - 10 * q));
    small = q;
  } while (small);
  while (n < width) tmp[n++] = '0';
  while (n) *p++ = tmp[--n];
  return p;
}

inline std::uint64_t magnitude(std::int64_t v) {
  return v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
}

// printf("%0<width>lld", v): the sign counts toward the width.
inline char* put_printf_signed(char* p, std::int64_t v, int width) {
  if (v < 0) {
    *p++ = '-';
    return put_unsigned(p, magnitude(v), width - 1);
  }
  return put_unsigned(p, static_cast<std::uint64_t>(v), width);
}

inline char* put_text(char* p, const char* s) {
  while (*s) *p++ = *s++;
  return p;
}

// English names as fixed 12-byte rows and their lengths: one constant-size copy (the
// output always has kMaxStep bytes of room per letter) instead of a byte loop.
struct padded_name {
  char text[12];
  std::uint8_t size;
};
constexpr padded_name weekday_rows[7] = {{"Sunday", 6},   {"Monday", 6}, {"Tuesday", 7},
                                         {"Wednesday", 9}, {"Thursday", 8}, {"Friday", 6},
                                         {"Saturday", 8}};
constexpr padded_name month_rows[12] = {{"January", 7}, {"February", 8}, {"March", 5},
                                        {"April", 5},   {"May", 3},      {"June", 4},
                                        {"July", 4},    {"August", 6},   {"September", 9},
                                        {"October", 7}, {"November", 8}, {"December", 8}};
inline char* put_row(char* p, const padded_name& row) {
  std::memcpy(p, row.text, sizeof row.text);
  return p + row.size;
}

inline char* put_view(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

// +hh:mm / +hhmm as PHP writes offsets: hours and minutes truncated toward zero (an LMT
// offset of -4:56:02 is written -04:56).
inline char* put_offset(char* p, std::int32_t offset, bool colon) {
  *p++ = offset < 0 ? '-' : '+';
  const int h = offset / 3600;
  const int m = offset % 3600 / 60;
  p = put_unsigned(p, static_cast<std::uint64_t>(h < 0 ? -h : h), 2);
  if (colon) *p++ = ':';
  return put2(p, m < 0 ? -m : m);
}

const char* day_suffix(int day) {
  if (day >= 11 && day <= 13) return "th";
  switch (day % 10) {
    case 1: return "st";
    case 2: return "nd";
    case 3: return "rd";
    default: return "th";
  }
}

inline int hour12(int h) { return h % 12 == 0 ? 12 : h % 12; }

// Swatch Internet time as PHP computes it: beats of the day on UTC+1, from whole seconds.
int swatch_beats(std::int64_t seconds) {
  std::int64_t r = ((seconds % 86400) + 3600) * 10;  // C's truncating %, as PHP
  if (r < 0) r += 864000;
  return static_cast<int>((r / 864) % 1000);
}

constexpr std::size_t kMaxStep = 48;  // the longest letter output apart from `e` and `T`

// Writes one letter's text at p; returns the position after it.
CORE_ALWAYS_INLINE char* put_letter(char letter, const zoned_time& t, std::string_view zone_name,
                                    char* p) {
  const wall_time& w = t.wall;
  const std::int64_t seconds = t.seconds;
  const int wd = weekday_from_days(t.days);
switch (letter) {
    case 0: break;
    // day
    case 'd': p = put2(p, w.day); break;
    case 'D': p = put_text(p, weekday_short_names[wd]); break;
    case 'j': p = put_unsigned(p, static_cast<std::uint64_t>(w.day), 1); break;
    case 'l': p = put_row(p, weekday_rows[wd]); break;
    case 'N': *p++ = static_cast<char>('0' + (wd == 0 ? 7 : wd)); break;
    case 'S': std::memcpy(p, day_suffix(w.day), 2); p += 2; break;
    case 'w': *p++ = static_cast<char>('0' + wd); break;
    case 'z':
      p = put_unsigned(p, static_cast<std::uint64_t>(day_of_year({w.year, w.month, w.day})), 1);
      break;
    // week
    case 'W': p = put_unsigned(p, static_cast<std::uint64_t>(iso_week_of(t.days).week), 2); break;
    // month
    case 'F': p = put_row(p, month_rows[w.month - 1]); break;
    case 'm': p = put2(p, w.month); break;
    case 'M': p = put_text(p, month_short_names[w.month - 1]); break;
    case 'n': p = put_unsigned(p, static_cast<std::uint64_t>(w.month), 1); break;
    case 't': p = put2(p, days_in_month(w.year, w.month)); break;
    // year
    case 'L': *p++ = is_leap_year(w.year) ? '1' : '0'; break;
    case 'o': p = put_printf_signed(p, iso_week_of(t.days).year, 1); break;
    case 'X':
      *p++ = w.year < 0 ? '-' : '+';
      p = put_unsigned(p, magnitude(w.year), 4);
      break;
    case 'x':
      if (w.year < 0) *p++ = '-';
      else if (w.year >= 10000) *p++ = '+';
      p = put_unsigned(p, magnitude(w.year), 4);
      break;
    case 'Y':
      if (w.year >= 0 && w.year <= 9999) {
        const int century = static_cast<int>(divide_by<100, 9999>::of(static_cast<std::uint32_t>(w.year)));
        p = put2(p, century);
        p = put2(p, w.year - 100 * century);
        break;
      }
      if (w.year < 0) *p++ = '-';
      p = put_unsigned(p, magnitude(w.year), 4);
      break;
    case 'y': p = put_printf_signed(p, w.year % 100, 2); break;
    // time
    case 'a': std::memcpy(p, w.hour < 12 ? "am" : "pm", 2); p += 2; break;
    case 'A': std::memcpy(p, w.hour < 12 ? "AM" : "PM", 2); p += 2; break;
    case 'B': p = put_unsigned(p, static_cast<std::uint64_t>(swatch_beats(seconds)), 3); break;
    case 'g': p = put_unsigned(p, static_cast<std::uint64_t>(hour12(w.hour)), 1); break;
    case 'G': p = put_unsigned(p, static_cast<std::uint64_t>(w.hour), 1); break;
    case 'h': p = put2(p, hour12(w.hour)); break;
    case 'H': p = put2(p, w.hour); break;
    case 'i': p = put2(p, w.minute); break;
    case 's': p = put2(p, w.second); break;
    case 'u': p = put_unsigned(p, static_cast<std::uint64_t>(w.microsecond), 6); break;
    case 'v': p = put_unsigned(p, static_cast<std::uint64_t>(w.microsecond / 1000), 3); break;
    // zone
    case 'e': p = put_view(p, zone_name); break;
    case 'I': *p++ = t.offset.dst ? '1' : '0'; break;
    case 'O': p = put_offset(p, t.offset.seconds, false); break;
    case 'P': p = put_offset(p, t.offset.seconds, true); break;
    case 'p':
      // PHP writes Z only when the zone calls the offset "UTC" (not London's GMT), or for
      // the offset zone "GMT+0" (abbreviation GMT+0000)
      if (t.offset.abbreviation == "UTC" || t.offset.abbreviation == "Z" ||
          t.offset.abbreviation == "GMT+0000")
        *p++ = 'Z';
      else
        p = put_offset(p, t.offset.seconds, true);
      break;
    case 'T': p = put_view(p, t.offset.abbreviation.substr(0, kMaxStep)); break;
    case 'Z': p = put_printf_signed(p, t.offset.seconds, 1); break;
    // full date/time: printf("%04lld", year), so the sign counts toward the width
    case 'c':
      p = put_printf_signed(p, w.year, 4);
      *p++ = '-';
      p = put2(p, w.month);
      *p++ = '-';
      p = put2(p, w.day);
      *p++ = 'T';
      p = put2(p, w.hour);
      *p++ = ':';
      p = put2(p, w.minute);
      *p++ = ':';
      p = put2(p, w.second);
      p = put_offset(p, t.offset.seconds, true);
      break;
    case 'r':
      p = put_text(p, weekday_short_names[wd]);
      *p++ = ',';
      *p++ = ' ';
      p = put2(p, w.day);
      *p++ = ' ';
      p = put_text(p, month_short_names[w.month - 1]);
      *p++ = ' ';
      p = put_printf_signed(p, w.year, 4);
      *p++ = ' ';
      p = put2(p, w.hour);
      *p++ = ':';
      p = put2(p, w.minute);
      *p++ = ':';
      p = put2(p, w.second);
      *p++ = ' ';
      p = put_offset(p, t.offset.seconds, false);
      break;
    case 'U': p = put_printf_signed(p, seconds, 1); break;
    default: break;
  }
  return p;
}

// The same, out of line: for the letters that write() does not expand in its loop.
CORE_NEVER_INLINE char* put_other_letter(char letter, const zoned_time& t,
                                         std::string_view zone_name, char* p) {
  return put_letter(letter, t, zone_name, p);
}

}  // namespace


php_formatter::php_formatter(std::string_view pattern) : pattern_(pattern) {
  for (const auto& t : tokenize_php_format(pattern)) {
    const php_format_letter* c = t.letter ? find_php_format_letter(t.letter) : nullptr;
    if (c && c->writes) {
      steps_.push_back({t.letter, static_cast<std::uint32_t>(literal_.size()), 0, {}});
      continue;
    }
    // literal text, or a character only createFromFormat gives a meaning to: it follows
    // the previous step's letter (a leading literal gets a step of its own, letter 0)
    if (steps_.empty()) steps_.push_back({0, 0, 0, {}});
    const std::string text = c ? std::string(1, t.letter) : t.literal;
    steps_.back().size += static_cast<std::uint32_t>(text.size());
    literal_ += text;
  }
  for (auto& step : steps_)
    for (std::uint32_t k = 0; k < step.size && k < 4; ++k) step.head[k] = literal_[step.offset + k];
}

std::size_t php_formatter::max_size(std::size_t zone_name_size) const {
  std::size_t n = 3;  // write() may store 3 bytes past the end of a short literal
  for (const auto& s : steps_) {
    n += s.size;
    if (s.letter == 'e') n += zone_name_size;
    else if (s.letter != 0) n += kMaxStep;  // T: abbreviations are at most 6 characters in tzdata
  }
  return n;
}

std::string php_formatter::format(const zoned_time& t, std::string_view zone_name) const {
  std::string out(max_size(zone_name.size()), '\0');
  out.resize(format(t, zone_name, &out[0]));
  return out;
}

CORE_ALWAYS_INLINE std::size_t php_formatter::write(const zoned_time& t, std::string_view zone_name,
                                                   char* out) const {
  char* p = out;
  for (const auto& s : steps_) {
    // The common numeric letters expanded here, the rest through one out-of-line call: one
    // loop that holds every letter has too many live values and spills in wasm (measured).
    switch (s.letter) {
      case 0: break;
      case 'd': p = put_letter('d', t, zone_name, p); break;
      case 'j': p = put_letter('j', t, zone_name, p); break;
      case 'm': p = put_letter('m', t, zone_name, p); break;
      case 'n': p = put_letter('n', t, zone_name, p); break;
      case 'Y': p = put_letter('Y', t, zone_name, p); break;
      case 'y': p = put_letter('y', t, zone_name, p); break;
      case 'H': p = put_letter('H', t, zone_name, p); break;
      case 'G': p = put_letter('G', t, zone_name, p); break;
      case 'i': p = put_letter('i', t, zone_name, p); break;
      case 's': p = put_letter('s', t, zone_name, p); break;
      case 'v': p = put_letter('v', t, zone_name, p); break;
      case 'u': p = put_letter('u', t, zone_name, p); break;
      case 'D': p = put_letter('D', t, zone_name, p); break;
      case 'M': p = put_letter('M', t, zone_name, p); break;
      case 'O': p = put_letter('O', t, zone_name, p); break;
      case 'P': p = put_letter('P', t, zone_name, p); break;
      case 'U': p = put_letter('U', t, zone_name, p); break;
      case 'l': p = put_letter('l', t, zone_name, p); break;
      case 'F': p = put_letter('F', t, zone_name, p); break;
      case 'g': p = put_letter('g', t, zone_name, p); break;
      case 'A': p = put_letter('A', t, zone_name, p); break;
      default: p = put_other_letter(s.letter, t, zone_name, p); break;
    }
    // the literal after the letter
    if (s.size <= 4) std::memcpy(p, s.head, 4);  // a constant size: one store
    else std::memcpy(p, literal_.data() + s.offset, s.size);
    p += s.size;
  }
  return static_cast<std::size_t>(p - out);
}

std::size_t php_formatter::format(const zoned_time& t, std::string_view zone_name,
                                 char* out) const {
  return write(t, zone_name, out);
}

std::size_t php_formatter::format_many(const zone_table& zone, std::string_view zone_name,
                                      const double* epoch_ms, std::size_t count, char* text,
                                      std::size_t start, std::uint32_t* offsets) const {
  std::size_t pos = start;
  for (std::size_t k = 0; k < count; ++k) {
    offsets[k] = static_cast<std::uint32_t>(pos);
    epoch_parts t;
    if (!split_epoch_ms(epoch_ms[k], &t)) return k;
    pos += write(to_zoned(zone, t), zone_name, text + pos);
  }
  offsets[count] = static_cast<std::uint32_t>(pos);
  return count;
}

}  // namespace time
}  // namespace core
