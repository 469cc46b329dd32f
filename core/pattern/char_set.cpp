#include "core/pattern/char_set.h"

#include <algorithm>
#include <iterator>

namespace core::pattern_engine {

void char_set::add(const char_set& other) {
  ranges.insert(ranges.end(), other.ranges.begin(), other.ranges.end());
}

void char_set::normalise() {
  // a heap sort: n log n at worst, like std::sort, in a fraction of its code (this runs
  // once per class when a pattern compiles)
  std::make_heap(ranges.begin(), ranges.end());
  std::sort_heap(ranges.begin(), ranges.end());
  std::vector<range> merged;
  for (const range& r : ranges) {
    if (!merged.empty() && r.first <= merged.back().second + 1) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  ranges = std::move(merged);
}

char_set char_set::complement() const {
  char_set out;
  char32_t next = 0;
  for (const range& r : ranges) {
    if (r.first > next) out.add(next, r.first - 1);
    next = r.second + 1;
  }
  if (next <= max_code_point) out.add(next, max_code_point);
  return out;
}

bool char_set::contains(char32_t c) const {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), range{c, max_code_point + 1});
  return it != ranges.begin() && std::prev(it)->second >= c;
}

bool char_set::intersects(const char_set& other) const {
  auto a = ranges.begin();
  auto b = other.ranges.begin();
  while (a != ranges.end() && b != other.ranges.end()) {
    if (a->second < b->first) {
      ++a;
    } else if (b->second < a->first) {
      ++b;
    } else {
      return true;
    }
  }
  return false;
}

char_set normalised(char_set s) {
  s.normalise();
  return s;
}

char_set digits() {
  char_set s;
  s.add('0', '9');
  return s;
}

char_set word_chars() {
  char_set s;
  s.add('0', '9'), s.add('A', 'Z'), s.add('_', '_'), s.add('a', 'z');
  return s;
}

char_set spaces() {
  char_set s;
  for (char32_t c : {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F,
                     0x205F, 0x3000, 0xFEFF}) {
    s.add(c, c);
  }
  s.add(0x2000, 0x200A);
  return s;
}

char_set line_terminators_complement() {
  char_set s;
  s.add('\n', '\n'), s.add('\r', '\r'), s.add(0x2028, 0x2029);
  s.normalise();
  return s.complement();
}

bool is_word(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

}  // namespace core::pattern_engine
