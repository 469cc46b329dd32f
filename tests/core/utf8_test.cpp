#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "core/common/utf8.h"

using namespace core;

TEST_CASE("utf8: well-formed and ill-formed sequences", "[utf8]") {
  CHECK(utf8::is_valid(""));
  CHECK(utf8::is_valid("plain ascii"));
  CHECK(utf8::is_valid("caf\xC3\xA9"));                   // é
  CHECK(utf8::is_valid("\xE2\x82\xAC"));                  // €
  CHECK(utf8::is_valid("\xF0\x9F\x98\x80"));              // 😀
  CHECK(utf8::is_valid("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D"));  // שלום
  CHECK_FALSE(utf8::is_valid("\xC3"));                    // truncated
  CHECK_FALSE(utf8::is_valid("\x80"));                    // lone continuation
  CHECK_FALSE(utf8::is_valid("\xC0\xAF"));                // overlong '/'
  CHECK_FALSE(utf8::is_valid("\xE0\x80\xAF"));            // overlong, 3 bytes
  CHECK_FALSE(utf8::is_valid("\xED\xA0\x80"));            // surrogate U+D800
  CHECK_FALSE(utf8::is_valid("\xF4\x90\x80\x80"));        // above U+10FFFF
  CHECK_FALSE(utf8::is_valid("\xFF"));
  CHECK_FALSE(utf8::is_valid("ok\xE2\x82"));              // truncated at the end
}

TEST_CASE("utf8: lengths count code points", "[utf8]") {
  CHECK(utf8::length("") == 0);
  CHECK(utf8::length("abc") == 3);
  CHECK(utf8::length("caf\xC3\xA9") == 4);
  CHECK(utf8::length("\xF0\x9F\x98\x80\xF0\x9F\x98\x80") == 2);
}

TEST_CASE("utf8: trim removes what JS trim removes", "[utf8]") {
  CHECK(utf8::trim("  a b  ") == "a b");
  CHECK(utf8::trim("\t\n\r\v\fx\xC2\xA0") == "x");               // NBSP
  CHECK(utf8::trim("\xE3\x80\x80x\xE2\x80\xA8") == "x");          // ideographic space, LS
  CHECK(utf8::trim("\xEF\xBB\xBFx") == "x");                      // BOM
  CHECK(utf8::trim("   ").empty());
  CHECK(utf8::trim("\xE2\x80\x8Bx") == "\xE2\x80\x8Bx");          // zero width space: kept
}

TEST_CASE("utf8: control characters", "[utf8]") {
  CHECK(utf8::has_control(std::string("a\0b", 3)));
  CHECK(utf8::has_control("a\x7f"));
  CHECK(utf8::has_control("a\xC2\x85"));  // NEL, a C1 control
  CHECK(utf8::has_control("a\nb"));
  CHECK_FALSE(utf8::has_control("a\nb\tc\r", true));
  CHECK(utf8::has_control("a\x1b", true));
  CHECK_FALSE(utf8::has_control("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xF0\x9F\x98\x80"));
}

TEST_CASE("utf8: printable ASCII, every byte at every place of a word and its tail", "[utf8]") {
  CHECK(utf8::is_printable_ascii(""));
  CHECK(utf8::is_printable_ascii(" ~0123456789abcdefXYZ!"));
  // 19 bytes: two whole words and a tail of three; each byte value at each place
  for (int byte = 0; byte < 256; ++byte) {
    const bool printable = byte >= 0x20 && byte <= 0x7E;
    for (std::size_t at = 0; at < 19; ++at) {
      std::string s(19, 'a');
      s[at] = static_cast<char>(byte);
      INFO("byte " << byte << " at " << at);
      CHECK(utf8::is_printable_ascii(s) == printable);
      // its neighbours at the edges of the printable range do not hide it
      s[(at + 1) % 19] = '\x7E';
      s[(at + 18) % 19] = ' ';
      CHECK(utf8::is_printable_ascii(s) == printable);
    }
  }
  // what it promises: valid, no control character, as many code points as bytes
  const std::string all = [] {
    std::string s;
    for (char c = 0x20; c < 0x7F; ++c) s += c;
    return s;
  }();
  REQUIRE(utf8::is_printable_ascii(all));
  CHECK(utf8::is_valid(all));
  CHECK_FALSE(utf8::has_control(all));
  CHECK(utf8::length(all) == all.size());
}

TEST_CASE("utf8: case folding for name comparison", "[utf8]") {
  CHECK(utf8::fold_case("EU Store") == utf8::fold_case("eu store"));
  CHECK(utf8::fold_case("\xC3\x89T\xC3\x89") == "\xC3\xA9t\xC3\xA9");            // ÉTÉ -> été
  CHECK(utf8::fold_case("\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90") ==   // МОСКВА
        utf8::fold_case("\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"));    // москва
  CHECK(utf8::fold_case("\xCE\xA3") == utf8::fold_case("\xCF\x82"));              // Σ, ς
  CHECK(utf8::fold_case("\xC5\x81\xC3\x93" "D\xC5\xB9") ==                            // ŁÓDŹ
        "\xC5\x82\xC3\xB3" "d\xC5\xBA");                                          // łódź
  CHECK(utf8::fold_case("\xD7\xA9\xD7\x9C") == "\xD7\xA9\xD7\x9C");                // Hebrew: no case
  CHECK(utf8::fold_case("\xC3\x97") == "\xC3\x97");                                // × is not a letter
}

namespace {

// The helpers' answers derived code point by code point from decode_one: what their ASCII
// fast paths must agree with.
std::string_view reference_trim(std::string_view s) {
  std::size_t begin = 0, end = 0, pos = 0;
  bool seen = false;
  while (pos < s.size()) {
    const std::size_t start = pos;
    char32_t c;
    if (!core::utf8::decode_one(s, pos, c)) ++pos, c = 0xFFFD;
    if (!core::utf8::is_trimmed_space(c)) {
      if (!seen) begin = start, seen = true;
      end = pos;
    }
  }
  return seen ? s.substr(begin, end - begin) : std::string_view{};
}

int reference_has_control(std::string_view s, bool line_breaks) {  // -1: ill-formed first
  std::size_t pos = 0;
  while (pos < s.size()) {
    char32_t c;
    if (!core::utf8::decode_one(s, pos, c)) return -1;
    if (core::utf8::is_control(c) && !(line_breaks && (c == '\t' || c == '\n' || c == '\r'))) return 1;
  }
  return 0;
}

}  // namespace

TEST_CASE("utf8: trim, has_control and is_valid agree with decoding every code point", "[utf8]") {
  static const std::vector<std::string> pieces = {"a", "Z", " ", "\t", "\n", "\v", "\f", "\r", "\x01", "\x7f",
                                                  "\xc2\xa0", "\xe2\x80\x83", "\xc3\xa9", "\xc2\x85", "\xff", "\xc3"};
  std::mt19937 rng(2026);
  for (int i = 0; i < 50000; ++i) {
    std::string s;
    for (int n = static_cast<int>(rng() % 8); n > 0; --n) s += pieces[rng() % pieces.size()];
    INFO(s);
    std::size_t pos = 0;
    char32_t c;
    bool decodes = true;
    while (pos < s.size() && decodes) decodes = core::utf8::decode_one(s, pos, c);
    CHECK(core::utf8::is_valid(s) == decodes);
    if (!decodes) continue;  // trim and has_control take well-formed text
    const auto trimmed = core::utf8::trim(s);
    const auto expected = reference_trim(s);
    CHECK(trimmed == expected);
    CHECK((trimmed.data() == nullptr) == (expected.data() == nullptr));
    for (bool line_breaks : {false, true})
      CHECK(core::utf8::has_control(s, line_breaks) == (reference_has_control(s, line_breaks) == 1));
  }
}
