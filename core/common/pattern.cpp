#include "core/common/pattern.h"

#include <algorithm>

#include "core/common/utf8.h"

namespace core {
namespace {

using range = std::pair<char32_t, char32_t>;
constexpr char32_t max_code_point = 0x10FFFF;

// A set of code points as sorted, disjoint, non-adjacent ranges.
struct char_set {
  std::vector<range> ranges;

  void add(char32_t lo, char32_t hi) { ranges.emplace_back(lo, hi); }
  void add(const char_set& other) {
    ranges.insert(ranges.end(), other.ranges.begin(), other.ranges.end());
  }
  void normalise() {
    std::sort(ranges.begin(), ranges.end());
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
  char_set complement() const {  // requires normalised
    char_set out;
    char32_t next = 0;
    for (const range& r : ranges) {
      if (r.first > next) out.add(next, r.first - 1);
      next = r.second + 1;
    }
    if (next <= max_code_point) out.add(next, max_code_point);
    return out;
  }
  bool contains(char32_t c) const {
    auto it = std::upper_bound(ranges.begin(), ranges.end(), range{c, max_code_point + 1});
    return it != ranges.begin() && std::prev(it)->second >= c;
  }
};

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
char_set spaces() {  // ECMAScript WhiteSpace + LineTerminator, the same set trim() removes
  char_set s;
  for (char32_t c : {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F,
                     0x205F, 0x3000, 0xFEFF}) {
    s.add(c, c);
  }
  s.add(0x2000, 0x200A);
  return s;
}
char_set line_terminators_complement() {  // what `.` matches
  char_set s;
  s.add('\n', '\n'), s.add('\r', '\r'), s.add(0x2028, 0x2029);
  s.normalise();
  return s.complement();
}
bool is_word(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

enum class op : std::uint8_t { set, split, jump, match, at_begin, at_end, word_boundary,
                               not_word_boundary };

struct instruction {
  op code;
  std::uint32_t x = 0;  // set: index of the set; split/jump: target
  std::uint32_t y = 0;  // split: second target
};

// ---- syntax tree ----
struct node {
  enum kind_t { empty, set, concat, alternate, repeat, assertion } kind = empty;
  std::uint32_t set_index = 0;           // set
  op assertion_op = op::at_begin;        // assertion
  std::vector<node> children;            // concat, alternate, repeat (one child)
  std::uint32_t min = 0, max = 0;        // repeat
  bool unbounded = false;                // repeat
};

struct parse_failure {
  pattern_error error;
};

class parser {
 public:
  parser(std::vector<char32_t> text, std::vector<char_set>& sets)
      : s_(std::move(text)), sets_(sets) {}

  node parse_all() {
    node n = parse_alternation(0);
    if (pos_ < s_.size()) fail("invalid_pattern", "unmatched ')'");
    return n;
  }

 private:
  [[noreturn]] void fail(const char* code, const std::string& message) {
    throw parse_failure{{code, message, pos_}};
  }
  bool at_end() const { return pos_ >= s_.size(); }
  char32_t peek(std::size_t ahead = 0) const {
    return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : 0xFFFFFFFF;
  }

  std::uint32_t add_set(char_set s) {
    s.normalise();
    sets_.push_back(std::move(s));
    return static_cast<std::uint32_t>(sets_.size() - 1);
  }
  node set_node(char_set s) {
    node n;
    n.kind = node::set;
    n.set_index = add_set(std::move(s));
    return n;
  }

  node parse_alternation(std::size_t depth) {
    if (depth > pattern::max_nesting) fail("pattern_too_complex", "groups nested too deeply");
    node first = parse_sequence(depth);
    if (peek() != '|') return first;
    node alt;
    alt.kind = node::alternate;
    alt.children.push_back(std::move(first));
    while (peek() == '|') {
      ++pos_;
      alt.children.push_back(parse_sequence(depth));
    }
    return alt;
  }

  node parse_sequence(std::size_t depth) {
    node seq;
    seq.kind = node::concat;
    while (!at_end() && peek() != '|' && peek() != ')') {
      seq.children.push_back(parse_term(depth));
    }
    return seq;
  }

  node parse_term(std::size_t depth) {
    const bool is_assertion = peek() == '^' || peek() == '$' ||
                              (peek() == '\\' && (peek(1) == 'b' || peek(1) == 'B'));
    node atom = parse_atom(depth);
    if (at_end()) return atom;
    std::uint32_t min = 0, max = 0;
    bool unbounded = false;
    const char32_t c = peek();
    if (c == '*') {
      min = 0, unbounded = true, ++pos_;
    } else if (c == '+') {
      min = 1, unbounded = true, ++pos_;
    } else if (c == '?') {
      min = 0, max = 1, ++pos_;
    } else if (c == '{') {
      parse_braces(min, max, unbounded);
    } else {
      return atom;
    }
    if (is_assertion) fail("invalid_pattern", "nothing to repeat");
    if (peek() == '?') ++pos_;  // lazy: same set of matching values
    if (peek() == '*' || peek() == '+' || peek() == '?' || peek() == '{') {
      fail("invalid_pattern", "nothing to repeat");
    }
    node rep;
    rep.kind = node::repeat;
    rep.min = min, rep.max = max, rep.unbounded = unbounded;
    rep.children.push_back(std::move(atom));
    return rep;
  }

  std::uint32_t parse_number() {
    if (!(peek() >= '0' && peek() <= '9')) fail("invalid_pattern", "incomplete quantifier");
    std::uint64_t v = 0;
    while (peek() >= '0' && peek() <= '9') {
      v = v * 10 + (peek() - '0');
      if (v > pattern::max_repeat) {
        fail("pattern_too_complex",
             "repetition count above " + std::to_string(pattern::max_repeat));
      }
      ++pos_;
    }
    return static_cast<std::uint32_t>(v);
  }

  void parse_braces(std::uint32_t& min, std::uint32_t& max, bool& unbounded) {
    ++pos_;  // '{'
    min = parse_number();
    max = min;
    if (peek() == ',') {
      ++pos_;
      if (peek() == '}') {
        unbounded = true;
      } else {
        max = parse_number();
      }
    }
    if (peek() != '}') fail("invalid_pattern", "incomplete quantifier");
    ++pos_;
    if (!unbounded && max < min) fail("invalid_pattern", "numbers out of order in {} quantifier");
  }

  node parse_atom(std::size_t depth) {
    const char32_t c = peek();
    switch (c) {
      case '(': return parse_group(depth);
      case '[': return parse_class();
      case '.': ++pos_; return set_node(line_terminators_complement());
      case '^': ++pos_; return assertion(op::at_begin);
      case '$': ++pos_; return assertion(op::at_end);
      case '\\': return parse_escape_atom();
      case '*': case '+': case '?': case '{': fail("invalid_pattern", "nothing to repeat");
      case '}': case ']': fail("invalid_pattern", "lone quantifier bracket");
      default: {
        ++pos_;
        char_set s;
        s.add(c, c);
        return set_node(std::move(s));
      }
    }
  }

  static node assertion(op o) {
    node n;
    n.kind = node::assertion;
    n.assertion_op = o;
    return n;
  }

  node parse_group(std::size_t depth) {
    ++pos_;  // '('
    if (peek() == '?') {
      if (peek(1) == ':') {
        pos_ += 2;
      } else if (peek(1) == '<' && peek(2) != '=' && peek(2) != '!') {
        pos_ += 2;
        const std::size_t start = pos_;
        while (!at_end() && (is_word(peek()) || peek() == '$')) ++pos_;
        if (pos_ == start || peek() != '>') fail("invalid_pattern", "invalid capture group name");
        ++pos_;
      } else if (peek(1) == '=' || peek(1) == '!' || peek(1) == '<') {
        fail("unsupported_pattern", "lookahead and lookbehind are not supported");
      } else {
        fail("invalid_pattern", "invalid group");
      }
    }
    node inner = parse_alternation(depth + 1);
    if (peek() != ')') fail("invalid_pattern", "unterminated group");
    ++pos_;
    return inner;
  }

  static bool is_syntax(char32_t c) {
    switch (c) {
      case '^': case '$': case '\\': case '.': case '*': case '+': case '?': case '(':
      case ')': case '[': case ']': case '{': case '}': case '|': case '/':
        return true;
      default:
        return false;
    }
  }

  std::uint32_t hex_digits(std::size_t count) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const int d = hex(peek());
      if (d < 0) fail("invalid_pattern", "invalid escape");
      v = v * 16 + static_cast<std::uint32_t>(d);
      ++pos_;
    }
    return v;
  }
  static int hex(char32_t c) {
    if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<int>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<int>(c - 'A' + 10);
    return -1;
  }

  // After the backslash: one code point escape, or a class escape in `set` (returns false).
  // `in_class` changes \b (backspace) and allows \-.
  bool parse_escape(char_set& set, char32_t& single, bool in_class) {
    if (at_end()) fail("invalid_pattern", "\\ at end of pattern");
    const char32_t c = peek();
    ++pos_;
    switch (c) {
      case 'd': set = digits(); return false;
      case 'D': set = normalised(digits()).complement(); return false;
      case 'w': set = word_chars(); return false;
      case 'W': set = normalised(word_chars()).complement(); return false;
      case 's': set = spaces(); return false;
      case 'S': set = normalised(spaces()).complement(); return false;
      case 't': single = '\t'; return true;
      case 'n': single = '\n'; return true;
      case 'r': single = '\r'; return true;
      case 'f': single = '\f'; return true;
      case 'v': single = '\v'; return true;
      case 'b':
        if (in_class) {
          single = '\b';
          return true;
        }
        break;
      case '-':
        if (in_class) {
          single = '-';
          return true;
        }
        break;
      case '0':
        if (peek() >= '0' && peek() <= '9') fail("invalid_pattern", "invalid decimal escape");
        single = 0;
        return true;
      case 'c': {
        const char32_t l = peek();
        if (!((l >= 'a' && l <= 'z') || (l >= 'A' && l <= 'Z'))) {
          fail("invalid_pattern", "invalid control escape");
        }
        ++pos_;
        single = l % 32;
        return true;
      }
      case 'x': single = hex_digits(2); return true;
      case 'u': single = parse_unicode_escape(); return true;
      case 'p': case 'P': case 'k':
        fail("unsupported_pattern", "Unicode property escapes and named back-references are "
                                    "not supported");
      default:
        break;
    }
    if (c >= '1' && c <= '9') fail("unsupported_pattern", "back-references are not supported");
    if (is_syntax(c)) {
      single = c;
      return true;
    }
    --pos_;
    fail("invalid_pattern", "invalid escape");
  }

  char32_t parse_unicode_escape() {
    if (peek() == '{') {
      ++pos_;
      std::uint32_t v = 0;
      std::size_t n = 0;
      while (hex(peek()) >= 0) {
        v = v * 16 + static_cast<std::uint32_t>(hex(peek()));
        ++pos_, ++n;
        if (v > max_code_point) fail("invalid_pattern", "Unicode escape out of range");
      }
      if (n == 0 || peek() != '}') fail("invalid_pattern", "invalid Unicode escape");
      ++pos_;
      return v;
    }
    const std::uint32_t v = hex_digits(4);
    if (v >= 0xD800 && v <= 0xDBFF && peek() == '\\' && peek(1) == 'u') {
      // a surrogate pair written as two escapes: one code point
      const std::size_t save = pos_;
      pos_ += 2;
      bool ok = true;
      std::uint32_t low = 0;
      for (int i = 0; i < 4 && ok; ++i) {
        const int d = hex(peek());
        if (d < 0) {
          ok = false;
        } else {
          low = low * 16 + static_cast<std::uint32_t>(d), ++pos_;
        }
      }
      if (ok && low >= 0xDC00 && low <= 0xDFFF) {
        return 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00);
      }
      pos_ = save;
    }
    return v;
  }

  static char_set normalised(char_set s) {
    s.normalise();
    return s;
  }

  node parse_escape_atom() {
    if (peek(1) == 'b' || peek(1) == 'B') {
      const bool negated = peek(1) == 'B';
      pos_ += 2;
      return assertion(negated ? op::not_word_boundary : op::word_boundary);
    }
    ++pos_;  // '\'
    char_set set;
    char32_t single;
    if (parse_escape(set, single, false)) set.add(single, single);
    return set_node(std::move(set));
  }

  node parse_class() {
    ++pos_;  // '['
    bool negated = false;
    if (peek() == '^') negated = true, ++pos_;
    char_set set;
    while (true) {
      if (at_end()) fail("invalid_pattern", "unterminated character class");
      if (peek() == ']') {
        ++pos_;
        break;
      }
      char_set lo_set;
      char32_t lo;
      const bool lo_single = class_atom(lo_set, lo);
      if (peek() == '-' && peek(1) != ']' && peek(1) != 0xFFFFFFFF) {
        ++pos_;  // '-'
        char_set hi_set;
        char32_t hi;
        const bool hi_single = class_atom(hi_set, hi);
        if (!lo_single || !hi_single) fail("invalid_pattern", "invalid character class range");
        if (lo > hi) fail("invalid_pattern", "range out of order in character class");
        set.add(lo, hi);
        continue;
      }
      if (lo_single) {
        set.add(lo, lo);
      } else {
        set.add(lo_set);
      }
    }
    set.normalise();
    return set_node(negated ? set.complement() : std::move(set));
  }

  bool class_atom(char_set& set, char32_t& single) {
    if (at_end()) fail("invalid_pattern", "unterminated character class");
    const char32_t c = peek();
    if (c == '\\') {
      ++pos_;
      return parse_escape(set, single, true);
    }
    ++pos_;
    single = c;
    return true;
  }

  std::vector<char32_t> s_;
  std::size_t pos_ = 0;
  std::vector<char_set>& sets_;
};

// ---- code generation ----
struct too_complex {};

class emitter {
 public:
  explicit emitter(std::vector<instruction>& program) : program_(program) {}

  void emit(const node& n) {
    switch (n.kind) {
      case node::empty:
        return;
      case node::set:
        push({op::set, n.set_index});
        return;
      case node::assertion:
        push({n.assertion_op});
        return;
      case node::concat:
        for (const node& c : n.children) emit(c);
        return;
      case node::alternate: {
        // split L1, next ; L1: a ; jump end ; next: split L2, next2 ; ... ; last alternative
        std::vector<std::size_t> jumps;
        for (std::size_t i = 0; i < n.children.size(); ++i) {
          if (i + 1 < n.children.size()) {
            const std::size_t split = push({op::split});
            program_[split].x = here();
            emit(n.children[i]);
            jumps.push_back(push({op::jump}));
            program_[split].y = here();
          } else {
            emit(n.children[i]);
          }
        }
        for (std::size_t j : jumps) program_[j].x = here();
        return;
      }
      case node::repeat: {
        const node& body = n.children.front();
        for (std::uint32_t i = 0; i < n.min; ++i) emit(body);
        if (n.unbounded) {
          const std::uint32_t loop = here();
          const std::size_t split = push({op::split});
          program_[split].x = here();
          emit(body);
          push({op::jump, loop});
          program_[split].y = here();
        } else {
          std::vector<std::size_t> splits;
          for (std::uint32_t i = n.min; i < n.max; ++i) {
            const std::size_t split = push({op::split});
            program_[split].x = here();
            splits.push_back(split);
            emit(body);
          }
          for (std::size_t s : splits) program_[s].y = here();
        }
        return;
      }
    }
  }

  std::size_t push(instruction i) {
    if (program_.size() >= pattern::max_program_size) throw too_complex{};
    program_.push_back(i);
    return program_.size() - 1;
  }

 private:
  std::uint32_t here() const { return static_cast<std::uint32_t>(program_.size()); }
  std::vector<instruction>& program_;
};

}  // namespace

struct pattern::compiled {
  std::string source;
  std::vector<char_set> sets;
  std::vector<instruction> program;
};

pattern_compile_result pattern::compile(std::string_view source) {
  pattern_compile_result result;
  std::vector<char32_t> text;
  std::size_t pos = 0;
  char32_t c;
  while (pos < source.size()) {
    if (!utf8::decode_one(source, pos, c)) {
      result.error = pattern_error{"invalid_pattern", "the pattern is not valid UTF-8",
                                   text.size()};
      return result;
    }
    text.push_back(c);
    if (text.size() > max_source_length) {
      result.error = pattern_error{"pattern_too_complex",
                                   "the pattern is longer than " +
                                       std::to_string(max_source_length) + " characters",
                                   max_source_length};
      return result;
    }
  }
  auto program = std::make_shared<compiled>();
  program->source = std::string(source);
  try {
    parser p(std::move(text), program->sets);
    const node tree = p.parse_all();
    emitter e(program->program);
    e.emit(tree);
    e.push({op::match});
  } catch (const parse_failure& f) {
    result.error = f.error;
    return result;
  } catch (const too_complex&) {
    result.error = pattern_error{"pattern_too_complex",
                                 "the pattern expands to more than " +
                                     std::to_string(max_program_size) + " steps",
                                 0};
    return result;
  }
  result.value = pattern(std::move(program));
  return result;
}

const std::string& pattern::source() const { return program_->source; }

bool pattern::matches(std::string_view value) const {
  // Pike's simulation: all threads advance together over the input, one list per position.
  // Each instruction enters a list at most once per position, so the work is bounded by
  // (input length + 1) x program size, and nothing recurses.
  std::vector<char32_t> input;
  input.reserve(value.size());
  std::size_t pos = 0;
  char32_t c;
  while (pos < value.size()) {
    if (!utf8::decode_one(value, pos, c)) return false;
    input.push_back(c);
  }
  const auto& prog = program_->program;
  const auto& sets = program_->sets;
  std::vector<std::uint32_t> seen(prog.size(), 0);
  std::uint32_t generation = 0;
  std::vector<std::uint32_t> current, next, stack;

  auto word_at = [&](std::size_t i) { return i < input.size() && is_word(input[i]); };
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
        case op::at_begin: if (i == 0) stack.push_back(pc + 1); break;
        case op::at_end: if (i == input.size()) stack.push_back(pc + 1); break;
        case op::word_boundary:
        case op::not_word_boundary: {
          const bool boundary = (i > 0 && word_at(i - 1)) != word_at(i);
          if (boundary == (in.code == op::word_boundary)) stack.push_back(pc + 1);
          break;
        }
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
      if (in.code == op::set && sets[in.x].contains(input[i])) add(next, pc + 1, i + 1);
    }
    std::swap(current, next);
  }
  for (std::uint32_t pc : current) {
    if (prog[pc].code == op::match) return true;
  }
  return false;
}

}  // namespace core
