#include "core/pattern/pattern.h"

#include <utility>
#include <vector>

#include "core/common/utf8.h"
#include "core/pattern/matcher.h"
#include "core/pattern/parser.h"
#include "core/pattern/program.h"

namespace core {

struct pattern::compiled {
  std::string source;
  pattern_engine::program program;
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
  auto tree = pattern_engine::parse(std::move(text), program->program.sets);
  if (!tree.ok()) {
    result.error = std::move(tree.error());
    return result;
  }
  if (auto too_large = pattern_engine::generate(tree.value(), program->program)) {
    result.error = std::move(*too_large);
    return result;
  }
  result.value = pattern(std::move(program));
  return result;
}

const std::string& pattern::source() const { return program_->source; }

bool pattern::matches(std::string_view value) const {
  return pattern_engine::matches(program_->program, value);
}

}  // namespace core
