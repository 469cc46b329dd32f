#pragma once
// Patterns that connector definitions put on variables ("^[a-z0-9-]+$"). std::regex
// backtracks: slow, and it can exhaust the stack on long inputs. This is a small
// automaton-based engine for a subset of ECMAScript regular expressions with the `u` flag:
// matching takes time proportional to (value length x program size), whatever the pattern.
//
// Supported: literals, `.`, classes `[a-z]`, `[^...]`, escapes \d \D \w \W \s \S \t \n \r
// \f \v \0 \cX \xHH \uHHHH \u{H..}, identity escapes of syntax characters, groups `( )`,
// `(?: )`, `(?<name> )`, alternation `|`, quantifiers `* + ? {n} {n,} {n,m}` (also lazy,
// which cannot change whether a value matches), assertions `^ $ \b \B`.
// Not supported (compile error `unsupported_pattern`): back-references, lookaround,
// \p{..} properties, flags. A value matches when the WHOLE value matches, like the HTML
// `pattern` attribute: "^[a-z]+$" and "[a-z]+" mean the same.
//
// The engine's parts (namespace core::pattern_engine) are in this folder: char_set (the
// character classes), parser (pattern text -> syntax_tree), program (the compiled form,
// generated from the tree) and matcher (running a program over a value).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace core {

struct pattern_error {
  std::string code;       // "invalid_pattern", "unsupported_pattern", "pattern_too_complex"
  std::string message;    // English, names the construct
  std::size_t position;   // code point offset in the pattern source
};

class pattern {
 public:
  static constexpr std::size_t max_source_length = 1024;  // code points
  static constexpr std::size_t max_program_size = 4096;   // instructions after expansion
  static constexpr std::size_t max_nesting = 32;          // nested groups
  static constexpr std::uint32_t max_repeat = 1000;       // bound of {n,m}

  struct compiled;  // the program; opaque

  // Compiles `source` (well-formed UTF-8).
  static struct pattern_compile_result compile(std::string_view source);

  // Whether the whole of `value` (well-formed UTF-8) matches.
  bool matches(std::string_view value) const;

  const std::string& source() const;

 private:
  explicit pattern(std::shared_ptr<const compiled> program) : program_(std::move(program)) {}
  std::shared_ptr<const compiled> program_;
};

// Exactly one of the two is set.
struct pattern_compile_result {
  std::optional<pattern> value;
  std::optional<pattern_error> error;
};

}  // namespace core
