#include "core/pattern/parser.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "core/pattern/pattern.h"

namespace core::pattern_engine {
namespace {

class parser {
 public:
  parser(std::vector<char32_t> text, std::vector<char_set>& sets)
      : s_(std::move(text)), sets_(sets) {}

  outcome<node, pattern_error> parse_all() {
    node n = parse_alternation(0);
    if (!error_ && pos_ < s_.size()) fail("invalid_pattern", "unmatched ')'");
    if (error_) return std::move(*error_);
    return n;
  }

 private:
  // Keeps the first error. From then on the text reads as ended, so that every loop stops
  // and the parse unwinds to parse_all, which answers the error; the nodes made on the way
  // are discarded.
  void fail(const char* code, const std::string& message) {
    if (!error_) error_ = pattern_error{code, message, pos_};
  }
  node fail_node(const char* code, const std::string& message) {
    fail(code, message);
    return {};
  }
  bool at_end() const { return error_ || pos_ >= s_.size(); }
  char32_t peek(std::size_t ahead = 0) const {
    return !error_ && pos_ + ahead < s_.size() ? s_[pos_ + ahead] : 0xFFFFFFFF;
  }

  std::uint32_t add_set(char_set s) {
    s.normalise();
    sets_.push_back(std::move(s));
    return static_cast<std::uint32_t>(sets_.size() - 1);
  }
  node set_node(char_set s) {
    node n;
    n.kind = node_kind::set;
    n.set_index = add_set(std::move(s));
    return n;
  }

  node parse_alternation(std::size_t depth) {
    if (depth > pattern::max_nesting) return fail_node("pattern_too_complex", "groups nested too deeply");
    node first = parse_sequence(depth);
    if (peek() != '|') return first;
    node alt;
    alt.kind = node_kind::alternate;
    alt.children.push_back(std::move(first));
    while (peek() == '|') {
      ++pos_;
      alt.children.push_back(parse_sequence(depth));
    }
    return alt;
  }

  node parse_sequence(std::size_t depth) {
    node seq;
    seq.kind = node_kind::concat;
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
    if (is_assertion) return fail_node("invalid_pattern", "nothing to repeat");
    if (peek() == '?') ++pos_;  // lazy: same set of matching values
    if (peek() == '*' || peek() == '+' || peek() == '?' || peek() == '{') {
      return fail_node("invalid_pattern", "nothing to repeat");
    }
    node rep;
    rep.kind = node_kind::repeat;
    rep.min = min, rep.max = max, rep.unbounded = unbounded;
    rep.children.push_back(std::move(atom));
    return rep;
  }

  std::uint32_t parse_number() {
    if (!(peek() >= '0' && peek() <= '9')) {
      fail("invalid_pattern", "incomplete quantifier");
      return 0;
    }
    std::uint64_t v = 0;
    while (peek() >= '0' && peek() <= '9') {
      v = v * 10 + (peek() - '0');
      if (v > pattern::max_repeat) {
        fail("pattern_too_complex", "repetition count above " + std::to_string(pattern::max_repeat));
        return 0;
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
    if (peek() != '}') return fail("invalid_pattern", "incomplete quantifier");
    ++pos_;
    if (!unbounded && max < min) fail("invalid_pattern", "numbers out of order in {} quantifier");
  }

  node parse_atom(std::size_t depth) {
    const char32_t c = peek();
    switch (c) {
      case '(': return parse_group(depth);
      case '[': return parse_class();
      case '.': ++pos_; return set_node(line_terminators_complement());
      case '^': ++pos_; return assertion(assertion_kind::at_begin);
      case '$': ++pos_; return assertion(assertion_kind::at_end);
      case '\\': return parse_escape_atom();
      case '*': case '+': case '?': case '{': return fail_node("invalid_pattern", "nothing to repeat");
      case '}': case ']': return fail_node("invalid_pattern", "lone quantifier bracket");
      default: {
        ++pos_;
        char_set s;
        s.add(c, c);
        return set_node(std::move(s));
      }
    }
  }

  static node assertion(assertion_kind a) {
    node n;
    n.kind = node_kind::assertion;
    n.assertion = a;
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
        if (pos_ == start || peek() != '>') return fail_node("invalid_pattern", "invalid capture group name");
        ++pos_;
      } else if (peek(1) == '=' || peek(1) == '!' || peek(1) == '<') {
        return fail_node("unsupported_pattern", "lookahead and lookbehind are not supported");
      } else {
        return fail_node("invalid_pattern", "invalid group");
      }
    }
    node inner = parse_alternation(depth + 1);
    if (peek() != ')') return fail_node("invalid_pattern", "unterminated group");
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
      if (d < 0) {
        fail("invalid_pattern", "invalid escape");
        return 0;
      }
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
  // `in_class` changes \b (backspace) and allows \-. After an error: false, `set` unchanged.
  bool parse_escape(char_set& set, char32_t& single, bool in_class) {
    if (at_end()) {
      fail("invalid_pattern", "\\ at end of pattern");
      return false;
    }
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
        if (peek() >= '0' && peek() <= '9') {
          fail("invalid_pattern", "invalid decimal escape");
          return false;
        }
        single = 0;
        return true;
      case 'c': {
        const char32_t l = peek();
        if (!((l >= 'a' && l <= 'z') || (l >= 'A' && l <= 'Z'))) {
          fail("invalid_pattern", "invalid control escape");
          return false;
        }
        ++pos_;
        single = l % 32;
        return true;
      }
      case 'x': single = hex_digits(2); return true;
      case 'u': single = parse_unicode_escape(); return true;
      case 'p': case 'P': case 'k':
        fail("unsupported_pattern", "Unicode property escapes and named back-references are not supported");
        return false;
      default:
        break;
    }
    if (c >= '1' && c <= '9') {
      fail("unsupported_pattern", "back-references are not supported");
      return false;
    }
    if (is_syntax(c)) {
      single = c;
      return true;
    }
    --pos_;
    fail("invalid_pattern", "invalid escape");
    return false;
  }

  char32_t parse_unicode_escape() {
    if (peek() == '{') {
      ++pos_;
      std::uint32_t v = 0;
      std::size_t n = 0;
      while (hex(peek()) >= 0) {
        v = v * 16 + static_cast<std::uint32_t>(hex(peek()));
        ++pos_, ++n;
        if (v > max_code_point) {
          fail("invalid_pattern", "Unicode escape out of range");
          return 0;
        }
      }
      if (n == 0 || peek() != '}') {
        fail("invalid_pattern", "invalid Unicode escape");
        return 0;
      }
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

  node parse_escape_atom() {
    if (peek(1) == 'b' || peek(1) == 'B') {
      const bool negated = peek(1) == 'B';
      pos_ += 2;
      return assertion(negated ? assertion_kind::not_word_boundary : assertion_kind::word_boundary);
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
      if (at_end()) return fail_node("invalid_pattern", "unterminated character class");
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
        if (!lo_single || !hi_single) return fail_node("invalid_pattern", "invalid character class range");
        if (lo > hi) return fail_node("invalid_pattern", "range out of order in character class");
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
    if (at_end()) {
      fail("invalid_pattern", "unterminated character class");
      return false;
    }
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
  std::optional<pattern_error> error_;
};

}  // namespace

outcome<node, pattern_error> parse(std::vector<char32_t> text, std::vector<char_set>& sets) {
  return parser(std::move(text), sets).parse_all();
}

}  // namespace core::pattern_engine
