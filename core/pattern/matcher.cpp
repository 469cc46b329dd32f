#include "core/pattern/matcher.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/common/utf8.h"

namespace core::pattern_engine {
namespace {

// A value of ASCII bytes read as code points, without decoding it into a vector first.
struct ascii_input {
  std::string_view bytes;
  std::size_t size() const { return bytes.size(); }
  char32_t operator[](std::size_t i) const { return static_cast<unsigned char>(bytes[i]); }
};

bool is_ascii(std::string_view value) {
  std::size_t i = 0;
  for (; i + 8 <= value.size(); i += 8) {  // eight bytes at a time: their high bits
    std::uint64_t word;
    std::memcpy(&word, value.data() + i, 8);
    if (word & 0x8080808080808080u) return false;
  }
  for (; i < value.size(); ++i)
    if (static_cast<unsigned char>(value[i]) >= 0x80) return false;
  return true;
}

// Whether `a` holds between input[i - 1] and input[i].
template <class Input>
bool holds(assertion_kind a, const Input& input, std::size_t i) {
  auto word_at = [&](std::size_t j) { return j < input.size() && is_word(input[j]); };
  switch (a) {
    case assertion_kind::at_begin: return i == 0;
    case assertion_kind::at_end: return i == input.size();
    case assertion_kind::word_boundary:
    case assertion_kind::not_word_boundary: {
      const bool boundary = (i > 0 && word_at(i - 1)) != word_at(i);
      return boundary == (a == assertion_kind::word_boundary);
    }
  }
  return false;
}

// A one-thread program (program::one_thread): one walk, each split decided by the next
// code point. A walk that goes round the code without consuming would never end; it gives
// the value to the Pike VM instead (nullopt).
template <class Input>
std::optional<bool> matches_one_thread(const program& p, const Input& input) {
  std::size_t i = 0;
  std::uint32_t pc = 0;
  std::size_t idle = 0;  // steps since the last consumed code point
  while (idle++ <= p.code.size()) {
    const instruction& in = p.code[pc];
    switch (in.code) {
      case op::set: {
        const std::uint32_t run = p.set_run[pc];  // >= 1
        if (input.size() - i < run) return false;
        if constexpr (std::is_same_v<Input, ascii_input>) {
          const ascii_table& members = p.ascii[in.x];  // every code point is ASCII
          for (std::uint32_t k = 0; k < run; ++k)
            if (!members.contains(input[i + k])) return false;
        } else {
          for (std::uint32_t k = 0; k < run; ++k)
            if (!p.in_set(in.x, input[i + k])) return false;
        }
        i += run, pc += run, idle = 0;
        break;
      }
      case op::assertion:
        if (!holds(in.assertion, input, i)) return false;
        ++pc;
        break;
      case op::jump: pc = in.x; break;
      case op::split: {
        const branch_choice& first = p.choices[p.choice_of[pc]];
        bool take_first = first.reaches_match;
        if (i < input.size()) {
          const char32_t c = input[i];
          take_first = c < 128 ? first.first_ascii.contains(c) : first.first.contains(c);
        }
        pc = take_first ? in.x : in.y;
        break;
      }
      case op::match: return i == input.size();
    }
  }
  return std::nullopt;
}

}  // namespace

bool matches(const program& p, std::string_view value) {
  if (p.one_thread && is_ascii(value)) {
    if (const auto verdict = matches_one_thread(p, ascii_input{value})) return *verdict;
  }
  std::vector<char32_t> input;
  input.reserve(value.size());
  std::size_t pos = 0;
  char32_t c;
  while (pos < value.size()) {
    const auto byte = static_cast<unsigned char>(value[pos]);
    if (byte < 0x80) {  // most values are ASCII: no call per character
      input.push_back(byte);
      ++pos;
      continue;
    }
    if (!utf8::decode_one(value, pos, c)) return false;
    input.push_back(c);
  }
  if (p.one_thread) {
    if (const auto verdict = matches_one_thread(p, input)) return *verdict;  // not ASCII
  }
  const auto& prog = p.code;
  std::vector<std::uint32_t> seen(prog.size(), 0);
  std::uint32_t generation = 0;
  std::vector<std::uint32_t> current, next, stack;

  // Follows jumps, splits and assertions from pc at input position i; collects the
  // instructions that consume input (or match) into `list`.
  auto add = [&](std::vector<std::uint32_t>& list, std::uint32_t start, std::size_t i) {
    stack.push_back(start);
    while (!stack.empty()) {
      const std::uint32_t pc = stack.back();
      stack.pop_back();
      if (seen[pc] == generation) continue;
      seen[pc] = generation;
      const instruction& in = prog[pc];
      switch (in.code) {
        case op::jump: stack.push_back(in.x); break;
        case op::split: stack.push_back(in.y); stack.push_back(in.x); break;
        case op::assertion: if (holds(in.assertion, input, i)) stack.push_back(pc + 1); break;
        case op::set: case op::match: list.push_back(pc); break;
      }
    }
  };

  ++generation;
  add(current, 0, 0);
  for (std::size_t i = 0; i < input.size(); ++i) {
    if (current.empty()) return false;
    ++generation;
    next.clear();
    for (std::uint32_t pc : current) {
      const instruction& in = prog[pc];
      if (in.code == op::set && p.in_set(in.x, input[i])) add(next, pc + 1, i + 1);
    }
    std::swap(current, next);
  }
  for (std::uint32_t pc : current) {
    if (prog[pc].code == op::match) return true;
  }
  return false;
}

}  // namespace core::pattern_engine
