#pragma once
// The syntax tree of a pattern: what the parser builds and the program is generated from.
// Groups leave no node of their own (nothing captures); a quantifier is a repeat node.
#include <cstdint>
#include <vector>

namespace core::pattern_engine {

// The zero-width tests ^ $ \b \B.
enum class assertion_kind : std::uint8_t { at_begin, at_end, word_boundary, not_word_boundary };

enum class node_kind : std::uint8_t { empty, set, concat, alternate, repeat, assertion };

struct node {
  node_kind kind = node_kind::empty;
  std::uint32_t set_index = 0;                              // set: index in the set list
  assertion_kind assertion = assertion_kind::at_begin;      // assertion
  std::vector<node> children;                               // concat, alternate, repeat (one)
  std::uint32_t min = 0, max = 0;                           // repeat
  bool unbounded = false;                                   // repeat
};

}  // namespace core::pattern_engine
