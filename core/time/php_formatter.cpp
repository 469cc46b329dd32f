#include "core/time/php_formatter.h"

#include <cstring>

#include "core/time/english_names.h"
#include "core/time/php_format.h"

namespace core {
namespace time {
namespace {

// Digit writers: each returns the position after what it wrote.
inline char* put2(char* p, int v) {  // 00-99
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
  return p + 2;
}

// Unsigned value, at least `width` digits (zero padded).
inline char* put_unsigned(char* p, std::uint64_t v, int width) {
  char tmp[20];
  int n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
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

}  // namespace

PhpFormatter::PhpFormatter(std::string_view pattern) : pattern_(pattern) {
  for (const auto& t : tokenize_php_format(pattern)) {
    const PhpFormatChar* c = t.letter ? php_format_char(t.letter) : nullptr;
    if (c && c->writes) {
      steps_.push_back({t.letter, 0, 0});
      continue;
    }
    // literal text, or a character only createFromFormat gives a meaning to
    const std::string text = c ? std::string(1, t.letter) : t.literal;
    if (!steps_.empty() && steps_.back().letter == 0 &&
        steps_.back().offset + steps_.back().size == literal_.size()) {
      steps_.back().size += static_cast<std::uint32_t>(text.size());
    } else {
      steps_.push_back({0, static_cast<std::uint32_t>(literal_.size()),
                        static_cast<std::uint32_t>(text.size())});
    }
    literal_ += text;
  }
}

std::size_t PhpFormatter::max_size(std::size_t zone_name_size) const {
  std::size_t n = 0;
  for (const auto& s : steps_) {
    if (s.letter == 0) n += s.size;
    else if (s.letter == 'e') n += zone_name_size;
    else n += kMaxStep;  // T: abbreviations are at most 6 characters in tzdata
  }
  return n;
}

std::string PhpFormatter::format(const ZonedTime& t, std::string_view zone_name) const {
  std::string out(max_size(zone_name.size()), '\0');
  out.resize(format(t, zone_name, &out[0]));
  return out;
}

std::size_t PhpFormatter::format(const ZonedTime& t, std::string_view zone_name,
                                 char* out) const {
  char* p = out;
  const WallTime& w = t.wall;
  const std::int64_t seconds = t.seconds;
  const int wd = weekday_from_days(t.days);
  for (const auto& s : steps_) {
    switch (s.letter) {
      case 0: {
        // short literals (separators) by hand: a memcpy call costs more in wasm
        const char* from = literal_.data() + s.offset;
        if (s.size <= 4) {
          for (std::uint32_t k = 0; k < s.size; ++k) p[k] = from[k];
        } else {
          std::memcpy(p, from, s.size);
        }
        p += s.size;
        break;
      }
      // day
      case 'd': p = put2(p, w.day); break;
      case 'D': p = put_text(p, weekday_short_names[wd]); break;
      case 'j': p = put_unsigned(p, static_cast<std::uint64_t>(w.day), 1); break;
      case 'l': p = put_text(p, weekday_names[wd]); break;
      case 'N': *p++ = static_cast<char>('0' + (wd == 0 ? 7 : wd)); break;
      case 'S': p = put_text(p, day_suffix(w.day)); break;
      case 'w': *p++ = static_cast<char>('0' + wd); break;
      case 'z':
        p = put_unsigned(p, static_cast<std::uint64_t>(day_of_year({w.year, w.month, w.day})), 1);
        break;
      // week
      case 'W': p = put_unsigned(p, static_cast<std::uint64_t>(iso_week(t.days).week), 2); break;
      // month
      case 'F': p = put_text(p, month_names[w.month - 1]); break;
      case 'm': p = put2(p, w.month); break;
      case 'M': p = put_text(p, month_short_names[w.month - 1]); break;
      case 'n': p = put_unsigned(p, static_cast<std::uint64_t>(w.month), 1); break;
      case 't': p = put2(p, days_in_month(w.year, w.month)); break;
      // year
      case 'L': *p++ = is_leap_year(w.year) ? '1' : '0'; break;
      case 'o': p = put_printf_signed(p, iso_week(t.days).year, 1); break;
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
          p = put2(p, w.year / 100);
          p = put2(p, w.year % 100);
          break;
        }
        if (w.year < 0) *p++ = '-';
        p = put_unsigned(p, magnitude(w.year), 4);
        break;
      case 'y': p = put_printf_signed(p, w.year % 100, 2); break;
      // time
      case 'a': p = put_text(p, w.hour < 12 ? "am" : "pm"); break;
      case 'A': p = put_text(p, w.hour < 12 ? "AM" : "PM"); break;
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
        // PHP writes Z only when the zone calls the offset "UTC" (not London's GMT)
        if (t.offset.abbreviation == "UTC" || t.offset.abbreviation == "Z")
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
  }
  return static_cast<std::size_t>(p - out);
}

}  // namespace time
}  // namespace core
