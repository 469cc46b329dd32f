#include "core/pattern/program.h"

#include <cstddef>
#include <string>

#include "core/pattern/pattern.h"

namespace core::pattern_engine {
namespace {

class emitter {
 public:
  explicit emitter(std::vector<instruction>& code) : code_(code) {}

  void emit(const node& n) {
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

  std::size_t push(instruction i) {
    if (code_.size() >= pattern::max_program_size) {
      throw pattern_error{"pattern_too_complex",
                          "the pattern expands to more than " +
                              std::to_string(pattern::max_program_size) + " steps",
                          0};
    }
    code_.push_back(i);
    return code_.size() - 1;
  }

 private:
  std::uint32_t here() const { return static_cast<std::uint32_t>(code_.size()); }
  std::vector<instruction>& code_;
};

}  // namespace

void generate(const node& tree, program& out) {
  emitter e(out.code);
  e.emit(tree);
  e.push({op::match});
  out.ascii.assign(out.sets.size(), ascii_bits{});
  for (std::size_t i = 0; i < out.sets.size(); ++i) {
    for (char32_t c = 0; c < 128; ++c) {
      if (out.sets[i].contains(c)) out.ascii[i].words[c >> 6] |= std::uint64_t{1} << (c & 63);
    }
  }
  out.linear = true;
  for (const instruction& in : out.code) {
    if (in.code == op::split || in.code == op::jump) out.linear = false;
  }
}

}  // namespace core::pattern_engine
