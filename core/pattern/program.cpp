#include "core/pattern/program.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/pattern/pattern.h"

namespace core::pattern_engine {
namespace {

class emitter {
 public:
  explicit emitter(std::vector<instruction>& code) : code_(code) {}

  // Whether the code outgrew pattern::max_program_size (what it holds then is unusable).
  bool too_large() const { return too_large_; }

  void emit(const node& n) {
    if (too_large_) return;
    switch (n.kind) {
      case node_kind::empty:
        return;
      case node_kind::set:
        push({op::set, n.set_index});
        return;
      case node_kind::assertion:
        push({op::assertion, 0, 0, n.assertion});
        return;
      case node_kind::concat:
        for (const node& c : n.children) emit(c);
        return;
      case node_kind::alternate: {
        // split L1, next ; L1: a ; jump end ; next: split L2, next2 ; ... ; last alternative
        std::vector<std::size_t> jumps;
        for (std::size_t i = 0; i < n.children.size(); ++i) {
          if (i + 1 < n.children.size()) {
            const std::size_t split = push({op::split});
            code_[split].x = here();
            emit(n.children[i]);
            jumps.push_back(push({op::jump}));
            code_[split].y = here();
          } else {
            emit(n.children[i]);
          }
        }
        for (std::size_t j : jumps) code_[j].x = here();
        return;
      }
      case node_kind::repeat: {
        const node& body = n.children.front();
        for (std::uint32_t i = 0; i < n.min; ++i) emit(body);
        if (n.unbounded) {
          const std::uint32_t loop = here();
          const std::size_t split = push({op::split});
          code_[split].x = here();
          emit(body);
          push({op::jump, loop});
          code_[split].y = here();
        } else {
          std::vector<std::size_t> splits;
          for (std::uint32_t i = n.min; i < n.max; ++i) {
            const std::size_t split = push({op::split});
            code_[split].x = here();
            splits.push_back(split);
            emit(body);
          }
          for (std::size_t s : splits) code_[s].y = here();
        }
        return;
      }
    }
  }

  // The index of the new instruction; past the limit, nothing is added and the index is 0
  // (a valid one: the code holds max_program_size instructions).
  std::size_t push(instruction i) {
    if (code_.size() >= pattern::max_program_size) {
      too_large_ = true;
      return 0;
    }
    code_.push_back(i);
    return code_.size() - 1;
  }

 private:
  std::uint32_t here() const { return static_cast<std::uint32_t>(code_.size()); }
  std::vector<instruction>& code_;
  bool too_large_ = false;
};

// What a thread entering the code at `start` does before it consumes: the sets it may
// consume next, whether it may reach the match, whether it meets an assertion. `budget`
// bounds the instructions visited over a whole program (nested optional groups make the
// sum quadratic); false when it runs out.
struct closure {
  char_set first;
  bool reaches_match = false;
  bool meets_assertion = false;
};

bool close_over(const program& p, std::uint32_t start, closure& out, std::size_t& budget) {
  std::vector<bool> seen(p.code.size(), false);
  std::vector<std::uint32_t> stack{start};
  while (!stack.empty()) {
    const std::uint32_t pc = stack.back();
    stack.pop_back();
    if (seen[pc]) continue;
    seen[pc] = true;
    if (budget-- == 0) return false;
    const instruction& in = p.code[pc];
    switch (in.code) {
      case op::set: out.first.add(p.sets[in.x]); break;
      case op::match: out.reaches_match = true; break;
      case op::assertion: out.meets_assertion = true; break;
      case op::jump: stack.push_back(in.x); break;
      case op::split: stack.push_back(in.x), stack.push_back(in.y); break;
    }
  }
  out.first.normalise();
  return true;
}

ascii_table ascii_part(const char_set& s) {
  ascii_table table;
  for (char32_t c = 0; c < 128; ++c) {
    table.member[c] = s.contains(c);
  }
  return table;
}

// Fills p.choices when every split of p can be decided by the next code point.
void find_choices(program& p) {
  std::size_t budget = 1u << 16;
  std::vector<branch_choice> choices;
  std::vector<std::uint32_t> choice_of(p.code.size(), 0);
  for (std::uint32_t pc = 0; pc < p.code.size(); ++pc) {
    const instruction& in = p.code[pc];
    if (in.code != op::split) continue;
    closure x, y;
    if (!close_over(p, in.x, x, budget) || !close_over(p, in.y, y, budget)) return;
    if (x.meets_assertion || y.meets_assertion) return;
    if (x.reaches_match && y.reaches_match) return;
    if (x.first.intersects(y.first)) return;
    choice_of[pc] = static_cast<std::uint32_t>(choices.size());
    branch_choice choice;
    choice.first_ascii = ascii_part(x.first);
    choice.first = std::move(x.first);
    choice.reaches_match = x.reaches_match;
    choices.push_back(std::move(choice));
  }
  p.one_thread = true;
  p.choices = std::move(choices);
  p.choice_of = std::move(choice_of);
  p.set_run.assign(p.code.size(), 0);
  for (std::size_t pc = p.code.size(); pc-- > 0;) {
    const instruction& in = p.code[pc];
    if (in.code != op::set) continue;
    const bool same_next = pc + 1 < p.code.size() && p.code[pc + 1].code == op::set &&
                           p.code[pc + 1].x == in.x;
    p.set_run[pc] = same_next ? p.set_run[pc + 1] + 1 : 1;
  }
}

}  // namespace

std::optional<pattern_error> generate(const node& tree, program& out) {
  emitter e(out.code);
  e.emit(tree);
  e.push({op::match});
  if (e.too_large())
    return pattern_error{"pattern_too_complex",
                         "the pattern expands to more than " + std::to_string(pattern::max_program_size) + " steps", 0};
  out.ascii.clear();
  for (const char_set& s : out.sets) out.ascii.push_back(ascii_part(s));
  find_choices(out);
  return std::nullopt;
}

}  // namespace core::pattern_engine
