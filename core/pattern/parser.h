#pragma once
// Pattern text -> syntax tree. The character classes the tree refers to are appended to a
// set list (a set node holds its index there), normalised.
#include <vector>

#include "core/common/outcome.h"
#include "core/pattern/char_set.h"
#include "core/pattern/pattern.h"
#include "core/pattern/syntax_tree.h"

namespace core::pattern_engine {

// Parses `text` (the pattern's code points); a pattern_error (core/pattern/pattern.h) for a
// pattern that is invalid, unsupported, or nested deeper or repeated more than pattern's
// limits allow.
outcome<node, pattern_error> parse(std::vector<char32_t> text, std::vector<char_set>& sets);

}  // namespace core::pattern_engine
