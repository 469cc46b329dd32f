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

struct program {
  std::vector<char_set> sets;      // filled by the parser
  std::vector<instruction> code;   // filled by generate
};

// Appends the code of `tree` and a final match to out.code. Throws core::pattern_error
// (pattern_too_complex) when that takes more than pattern::max_program_size instructions:
// a repeat {n,m} is written out n..m times.
void generate(const node& tree, program& out);

}  // namespace core::pattern_engine
