#pragma once
// Sets of code points, the character classes of a pattern: `[a-z]`, `[^...]`, `.` and the
// class escapes \d \w \s (and their complements).
#include <cstdint>
#include <utility>
#include <vector>

namespace core::pattern_engine {

inline constexpr char32_t max_code_point = 0x10FFFF;

// A set of code points as sorted, disjoint, non-adjacent ranges once normalised.
struct char_set {
  using range = std::pair<char32_t, char32_t>;
  std::vector<range> ranges;

  void add(char32_t lo, char32_t hi) { ranges.emplace_back(lo, hi); }
  void add(const char_set& other);
  // Sorts and merges the ranges.
  void normalise();
  // Every code point not in the set; requires a normalised set.
  char_set complement() const;
  // Whether c is in the set; requires a normalised set.
  bool contains(char32_t c) const;
  // Whether the two sets share a code point; both normalised.
  bool intersects(const char_set& other) const;
};

// `s`, normalised.
char_set normalised(char_set s);

char_set digits();      // \d
char_set word_chars();  // \w
// \s: ECMAScript WhiteSpace + LineTerminator, the same set trim() removes
char_set spaces();
// What `.` matches: everything but the line terminators.
char_set line_terminators_complement();

// Whether c is a \w character (\b and \B look at these).
bool is_word(char32_t c);

}  // namespace core::pattern_engine
