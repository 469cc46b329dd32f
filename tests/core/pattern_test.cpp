#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <regex>
#include <string>
#include <utility>

#include "core/pattern/parser.h"
#include "core/pattern/pattern.h"
#include "core/pattern/program.h"

using core::pattern;

namespace {

bool full_match(const std::string& source, const std::string& value) {
  auto compiled = pattern::compile(source);
  INFO("pattern " << source);
  REQUIRE(compiled.value);
  return compiled.value->matches(value);
}

std::string error_code(const std::string& source) {
  auto compiled = pattern::compile(source);
  return compiled.error ? compiled.error->code : "";
}

}  // namespace

TEST_CASE("pattern: the whole value must match", "[pattern]") {
  CHECK(full_match("[a-z]+", "abc"));
  CHECK_FALSE(full_match("[a-z]+", "abc1"));
  CHECK_FALSE(full_match("[a-z]+", "1abc"));
  CHECK(full_match("^[a-z]+$", "abc"));
  CHECK_FALSE(full_match("[a-z]+", ""));
  CHECK(full_match("", ""));
  CHECK_FALSE(full_match("", "a"));
}

TEST_CASE("pattern: quantifiers", "[pattern]") {
  CHECK(full_match("a*", ""));
  CHECK(full_match("a+b?", "aaab"));
  CHECK_FALSE(full_match("a+b?", "b"));
  CHECK(full_match("x{3}", "xxx"));
  CHECK_FALSE(full_match("x{3}", "xx"));
  CHECK_FALSE(full_match("x{3}", "xxxx"));
  CHECK(full_match("x{2,}", "xxxxx"));
  CHECK_FALSE(full_match("x{2,}", "x"));
  CHECK(full_match("x{1,3}", "xxx"));
  CHECK_FALSE(full_match("x{1,3}", "xxxx"));
  CHECK(full_match("x{0}", ""));
  CHECK(full_match("a+?b*?", "aab"));  // lazy forms: same match set
  CHECK(full_match("(ab)*", "ababab"));
  CHECK_FALSE(full_match("(ab)*", "aba"));
  CHECK(full_match("(a*)*b", "aaab"));  // empty-loop pattern terminates
}

TEST_CASE("pattern: alternation, groups and classes", "[pattern]") {
  CHECK(full_match("cat|dog", "dog"));
  CHECK_FALSE(full_match("cat|dog", "catdog"));
  CHECK(full_match("(?:cat|dog)s?", "cats"));
  CHECK(full_match("(?<animal>cat|dog)", "cat"));
  CHECK(full_match("[^0-9]+", "abc"));
  CHECK_FALSE(full_match("[^0-9]+", "ab1"));
  CHECK(full_match("[a-]+", "a-a"));
  CHECK(full_match("[-a]+", "-a"));
  CHECK(full_match("[\\d.]+", "1.5"));
  CHECK(full_match("[\\w\\-]+", "a_b-c"));
  CHECK_FALSE(full_match("[]", "a"));
  CHECK(full_match("[^]", "a"));
  CHECK(full_match("\\d\\D\\w\\W\\s\\S", "1a_ \tx"));
  CHECK(full_match(".", "\xF0\x9F\x98\x80"));  // one code point, not four bytes
  CHECK_FALSE(full_match(".", "\n"));
  CHECK(full_match("[\xC3\xA0-\xC3\xBF]+", "\xC3\xA9\xC3\xA8"));  // à-ÿ matches é è
}

TEST_CASE("pattern: escapes", "[pattern]") {
  CHECK(full_match("a\\.b", "a.b"));
  CHECK_FALSE(full_match("a\\.b", "axb"));
  CHECK(full_match("\\x41\\u0042\\u{1F600}", "AB\xF0\x9F\x98\x80"));
  CHECK(full_match("\\uD83D\\uDE00", "\xF0\x9F\x98\x80"));  // a surrogate pair: one code point
  CHECK(full_match("\\t\\n", "\t\n"));
  CHECK(full_match("\\cJ", "\n"));
  CHECK(full_match("\\/\\(\\)\\[\\]\\{\\}\\|\\^\\$\\*\\+\\?", "/()[]{}|^$*+?"));
  CHECK(full_match("[\\b]", "\b"));
}

TEST_CASE("pattern: assertions", "[pattern]") {
  CHECK(full_match("\\bfoo\\b", "foo"));
  CHECK(full_match("a\\Bb", "ab"));
  CHECK(full_match("a\\b b", "a b"));
  CHECK_FALSE(full_match("a^b", "ab"));
  CHECK(full_match("a$|b", "b"));
}

TEST_CASE("pattern: syntax errors and unsupported features", "[pattern]") {
  CHECK(error_code("(") == "invalid_pattern");
  CHECK(error_code(")") == "invalid_pattern");
  CHECK(error_code("[a-") == "invalid_pattern");
  CHECK(error_code("[z-a]") == "invalid_pattern");
  CHECK(error_code("*a") == "invalid_pattern");
  CHECK(error_code("a**") == "invalid_pattern");
  CHECK(error_code("a{2,1}") == "invalid_pattern");
  CHECK(error_code("a{") == "invalid_pattern");
  CHECK(error_code("}") == "invalid_pattern");
  CHECK(error_code("\\") == "invalid_pattern");
  CHECK(error_code("\\q") == "invalid_pattern");
  CHECK(error_code("^*") == "invalid_pattern");
  CHECK(error_code("(a)\\1") == "unsupported_pattern");
  CHECK(error_code("(?=a)") == "unsupported_pattern");
  CHECK(error_code("(?<!a)b") == "unsupported_pattern");
  CHECK(error_code("\\p{L}") == "unsupported_pattern");
  auto e = pattern::compile("ab(");
  REQUIRE(e.error);
  CHECK(e.error->position == 3);
}

TEST_CASE("pattern: size limits instead of blow-ups", "[pattern]") {
  CHECK(error_code("a{1001}") == "pattern_too_complex");
  CHECK(error_code("((a{100}){100}){100}") == "pattern_too_complex");
  CHECK(error_code(std::string(40, '(') + "a" + std::string(40, ')')) == "pattern_too_complex");
  CHECK(error_code(std::string(1025, 'a')) == "pattern_too_complex");
  CHECK(error_code(std::string(1024, 'a')).empty());
}

TEST_CASE("pattern: catastrophic backtracking patterns run in linear time", "[pattern]") {
  // (a+)+$ on "aaaa...b" takes exponential time in a backtracking engine.
  const std::string value = std::string(1024, 'a') + "b";
  CHECK_FALSE(full_match("(a+)+", value));
  CHECK_FALSE(full_match("(a|aa)*c", std::string(1024, 'a')));
  CHECK(full_match("(a|a)*", std::string(1024, 'a')));
}

TEST_CASE("pattern: the same verdicts as std::regex (ECMAScript) on random ASCII values",
          "[pattern]") {
  // One-thread programs (one walk) and the others (the Pike VM), with and without
  // assertions. Each comes with a value it matches; the values tried
  // are that value changed by one to three edits, and random ones.
  const std::pair<const char*, const char*> cases[] = {
      {"^[0-9a-f]{8}$", "0a1b2c3d"},       {"[A-Z]{2}\\d{3}", "AZ019"},
      {"^\\d{4}-\\d{2}-\\d{2}$", "2026-12-06"}, {"a\\b-b", "a-b"},
      {"\\w\\W\\s\\S.", "a- b."},          {"[^a-c]x[^\\d]", "xxy"},
      {"\\ba\\B.", "ab"},                 {"^$", ""},
      {"[a-f0-9]+", "c0ffee"},             {"(ab|a)b*", "abbb"},
      {"x{2,4}y?", "xxxy"},                {"[\\w.-]+@[\\w-]+", "a.b@c-d"},
      {"(?:[a-z]\\d){1,3}", "a1b2"},       {"\\d*\\.\\d+", "10.5"},
      {".{3}", "a b"},                     {"a|\\bb", "b"},
      {"[0-9]+(_SB[0-9]+)?", "12_SB3"},    {"[a-z_]+( [a-z_]+)*", "ab c_"},
      {"a*b", "aab"},                      {"(?:a?)*b", "ab"},
      {"x(?:ab)*a", "xaba"},               {"(?:ab|cd)*(?:x|y)?", "abcdx"},
      {"a{0,3}[b-z]", "aaf"},              {"[a-z0-9][a-z0-9-]*", "a-9"},
  };
  const std::string alphabet = "ab0c9xyAZf -_.@\t";
  std::uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7FFF; };
  for (const auto& [source, sample] : cases) {
    const std::regex oracle(source, std::regex::ECMAScript);
    auto compiled = pattern::compile(source);
    REQUIRE(compiled.value);
    REQUIRE(compiled.value->matches(sample));
    int matched = 0;
    for (int n = 0; n < 4000; ++n) {
      std::string value;
      if (n % 2 == 0) {
        value = sample;
        for (std::uint32_t edits = 1 + next() % 3; edits > 0; --edits) {
          const char c = alphabet[next() % alphabet.size()];
          const std::size_t at = value.empty() ? 0 : next() % value.size();
          switch (next() % 3) {
            case 0: if (!value.empty()) value[at] = c; break;
            case 1: value.insert(value.begin() + static_cast<std::ptrdiff_t>(at), c); break;
            default: if (!value.empty()) value.erase(at, 1); break;
          }
        }
      } else {
        for (std::size_t length = next() % 11; length > 0; --length) {
          value += alphabet[next() % alphabet.size()];
        }
      }
      const bool expected = std::regex_match(value, oracle);
      INFO("pattern " << source << " value \"" << value << "\"");
      REQUIRE(compiled.value->matches(value) == expected);
      matched += expected;
    }
    INFO("pattern " << source);
    CHECK(matched > 0);  // both verdicts were tried
    CHECK(matched < 4000);
  }
  // beyond ASCII: the ranges of the class decide
  CHECK(full_match("^[\\u00e0-\\u00ff]{2}$", "\xc3\xa9\xc3\xbf"));    // éÿ
  CHECK_FALSE(full_match("^[\\u00e0-\\u00ff]{2}$", "\xc3\xa9z"));
  CHECK(full_match("^[^a-z]{2}$", "\xe2\x82\xac\xc3\xa9"));          // €é
  CHECK(full_match("^.\\d$", "\xf0\x9f\x98\x80" "7"));               // one code point, then 7
}

TEST_CASE("pattern: which programs are matched by one walk", "[pattern]") {
  auto one_thread = [](const std::string& source) {
    std::vector<char32_t> text(source.begin(), source.end());  // ASCII sources
    core::pattern_engine::program p;
    const auto tree = core::pattern_engine::parse(text, p.sets);
    REQUIRE(tree.ok());
    REQUIRE_FALSE(core::pattern_engine::generate(tree.value(), p));
    return p.one_thread;
  };
  // the next code point decides every split
  CHECK(one_thread("^[0-9a-f]{64}$"));
  CHECK(one_thread("[0-9]+(_SB[0-9]+)?"));
  CHECK(one_thread("[a-z_]+( [a-z_]+)*"));
  CHECK(one_thread("a*b"));
  CHECK(one_thread("(?:ab|cd)*(?:x|y)?"));
  CHECK(one_thread("[a-z0-9][a-z0-9-]*"));
  CHECK(one_thread("https://[a-z0-9-]+\\.atlassian\\.net/?"));
  CHECK(one_thread("[\\w.-]+@[\\w-]+"));
  // a code point both branches can take, both reaching the match, an assertion after a split
  CHECK_FALSE(one_thread("x(?:ab)*a"));
  CHECK_FALSE(one_thread("(?:a?)*b"));
  CHECK_FALSE(one_thread("a|ab"));
  CHECK_FALSE(one_thread("a?|b?"));
  CHECK_FALSE(one_thread("a*\\b"));
  CHECK_FALSE(one_thread("[a-z]+[a-c]"));
}
