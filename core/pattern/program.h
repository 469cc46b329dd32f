#pragma once
// The compiled form of a pattern: a program for a Pike VM (core/pattern/matcher.h) over
// the character classes the parser collected, generated from the syntax tree.
#include <cstdint>
#include <vector>

#include "core/pattern/char_set.h"
#include "core/pattern/syntax_tree.h"

namespace core::pattern_engine {

enum class op : std::uint8_t {
  set,        // consumes one code point of sets[x]
  split,      // continues at both x and y
  jump,       // continues at x
  match,      // the whole value matched
  assertion,  // continues at the next instruction where `assertion` holds
};

struct instruction {
  op code;
  std::uint32_t x = 0;  // set: index of the set; split/jump: target
  std::uint32_t y = 0;  // split: second target
  assertion_kind assertion = assertion_kind::at_begin;  // assertion: what must hold
};

// Which ASCII code points a set holds, one bit each: connector patterns test mostly ASCII
// values, and a bit test is cheaper than the search of the set's ranges.
struct ascii_bits {
  std::uint64_t words[2] = {0, 0};
  bool contains(char32_t c) const { return (words[c >> 6] >> (c & 63)) & 1; }
};

struct program {
  std::vector<char_set> sets;      // filled by the parser
  std::vector<ascii_bits> ascii;   // sets[i]'s ASCII part; filled by generate
  std::vector<instruction> code;   // filled by generate
  // No split and no jump: at most one thread at every position, so the value is matched by
  // one walk through the code instead of the Pike VM (^[0-9a-f]{64}$, ^\d{4}-\d{2}$).
  bool linear = false;

  // Whether code point c is in sets[index].
  bool in_set(std::uint32_t index, char32_t c) const {
    return c < 128 ? ascii[index].contains(c) : sets[index].contains(c);
  }
};

// Appends the code of `tree` and a final match to out.code, and fills out.ascii and
// out.linear. Throws core::pattern_error (pattern_too_complex) when that takes more than
// pattern::max_program_size instructions: a repeat {n,m} is written out n..m times.
void generate(const node& tree, program& out);

}  // namespace core::pattern_engine
