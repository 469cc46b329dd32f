#pragma once
// The compiled form of a pattern: a program for a Pike VM (core/pattern/matcher.h) over
// the character classes the parser collected, generated from the syntax tree.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/pattern/char_set.h"
#include "core/pattern/pattern.h"
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

// Which ASCII code points a set holds: connector patterns test mostly ASCII values, and a
// table lookup is cheaper than the search of the set's ranges. A byte each rather than a
// bit: one load per code point tested (a run such as [0-9a-f]{64} tests 64 in a row).
struct ascii_table {
  bool member[128] = {};
  bool contains(char32_t c) const { return member[c]; }  // an ASCII code point: c < 128
};

// What decides a split of a one-thread program (program::one_thread): the code points the
// first branch can consume next, and whether it can reach the match without consuming.
struct branch_choice {
  char_set first;  // normalised
  ascii_table first_ascii;
  bool reaches_match = false;
};

struct program {
  std::vector<char_set> sets;      // filled by the parser
  std::vector<ascii_table> ascii;   // sets[i]'s ASCII part; filled by generate
  std::vector<instruction> code;   // filled by generate
  // At most one thread is alive at any position: at every split the next code point (or the
  // end of the value) rules one branch out, because the code points the two branches can
  // consume next are disjoint, at most one can reach the match without consuming, and no
  // assertion comes before their next consuming step ([0-9]+(_SB[0-9]+)?, ^[0-9a-f]{64}$).
  // The value is then matched by one walk through the code instead of the Pike VM.
  bool one_thread = false;
  std::vector<branch_choice> choices;   // one_thread: per split, in the order of the code
  std::vector<std::uint32_t> choice_of; // one_thread: code index -> index in choices
  // one_thread: for a set instruction, how many set instructions from it on test the same
  // set ({64} writes its class out 64 times): the walk tests them in one tight loop.
  std::vector<std::uint32_t> set_run;

  // Whether code point c is in sets[index].
  bool in_set(std::uint32_t index, char32_t c) const {
    return c < 128 ? ascii[index].contains(c) : sets[index].contains(c);
  }
};

// Appends the code of `tree` and a final match to out.code, and fills out.ascii and, when
// the program qualifies, out.one_thread and the choices of its splits. pattern_too_complex
// when the code takes more than pattern::max_program_size instructions: a repeat {n,m} is
// written out n..m times.
std::optional<pattern_error> generate(const node& tree, program& out);

}  // namespace core::pattern_engine
