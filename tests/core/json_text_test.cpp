#include <catch2/catch.hpp>

#include <cstring>
#include <random>

#include "core/common/json_text.h"

using namespace core;
using nlohmann::json;

namespace {

std::string dumped(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

// Strings from bytes that exercise every branch: ASCII, escapes, controls, DEL, well-formed
// multi-byte text and ill-formed bytes (lone continuation, truncated, overlong, surrogate).
std::string random_text(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {
      "a", "Z", " ", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", std::string(1, '\0'),
      "\x01", "\x1f", "\x7f", "é", "€", "😀", "中文", "\xe2\x80\xa8",  // U+2028
      "\x80", "\xc3", "\xe2\x82", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff", "plain text "};
  std::uniform_int_distribution<std::size_t> count(0, 12);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::string s;
  for (std::size_t i = count(rng); i > 0; --i) s += pieces[pick(rng)];
  return s;
}

json random_value(std::mt19937& rng, int depth) {
  std::uniform_int_distribution<int> kind(0, depth > 3 ? 6 : 8);
  switch (kind(rng)) {
    case 0: return nullptr;
    case 1: return rng() % 2 == 0;
    case 2: return static_cast<std::int64_t>(rng()) - static_cast<std::int64_t>(rng()) * 4096;
    case 3: return static_cast<std::uint64_t>(rng()) * 4294967296ULL + rng();
    case 4: return std::ldexp(static_cast<double>(rng()) - 2147483648.0, static_cast<int>(rng() % 80) - 40);
    case 5:
    case 6: return random_text(rng);
    case 7: {
      json a = json::array();
      for (int i = static_cast<int>(rng() % 5); i > 0; --i) a.push_back(random_value(rng, depth + 1));
      return a;
    }
    default: {
      json o = json::object();
      for (int i = static_cast<int>(rng() % 5); i > 0; --i) o[random_text(rng)] = random_value(rng, depth + 1);
      return o;
    }
  }
}

}  // namespace

TEST_CASE("json text: the text dump() writes, on values of every kind", "[json]") {
  std::mt19937 rng(20261206);
  for (int i = 0; i < 20000; ++i) {
    const json v = random_value(rng, 0);
    REQUIRE(json_text(v) == dumped(v));
  }
}

TEST_CASE("json text: edge values", "[json]") {
  for (const json& v : {json(nullptr), json(true), json(false), json(0), json(-0.0), json(0.5), json(1e300),
                        json(std::numeric_limits<double>::quiet_NaN()), json(std::numeric_limits<double>::infinity()),
                        json(std::numeric_limits<std::int64_t>::min()), json(std::numeric_limits<std::uint64_t>::max()),
                        json(""), json::array(), json::object(), json::binary({1, 2, 3}),
                        json{{"", json::object()}, {"b", json::array({json::array()})}}}) {
    CHECK(json_text(v) == dumped(v));
  }
  CHECK(json_text(json("line\nbreak \"quoted\" \x01")) == R"("line\nbreak \"quoted\" \u0001")");
  CHECK(json_text(json("caf\xc3\xa9 \xff")) == "\"caf\xc3\xa9 \xef\xbf\xbd\"");
}

#include "core/common/json_parse.h"

namespace {

// Same value and the same number types (json's == takes 1 and 1u and 1.0 as equal).
bool same(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib)
      if (ia.key() != ib.key() || !same(*ia, *ib)) return false;
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same(a[i], b[i])) return false;
    return true;
  }
  if (a.is_number_float()) return std::memcmp(&a.get_ref<const double&>(), &b.get_ref<const double&>(), sizeof(double)) == 0;
  return a == b;
}

// The text of a value with white space between the tokens, and escapes for some characters.
std::string spaced_text(const json& v, std::mt19937& rng) {
  const std::string text = v.dump(-1, ' ', rng() % 2 == 0, json::error_handler_t::replace);
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' && (i == 0 || text[i - 1] != '\\')) in_string = !in_string;
    out += c;
    if (!in_string && (c == ',' || c == ':' || c == '[' || c == '{') && rng() % 3 == 0) out += " \n\t\r"[rng() % 4];
  }
  return out;
}

}  // namespace

TEST_CASE("json parse: the value json::parse makes, on texts of every kind", "[json]") {
  std::mt19937 rng(6122026);
  for (int i = 0; i < 20000; ++i) {
    const std::string text = spaced_text(random_value(rng, 0), rng);
    const json expected = json::parse(text);
    REQUIRE(same(parse_json(text).value(), expected));
  }
}

TEST_CASE("json parse: what json::parse refuses is refused, saying where", "[json]") {
  std::mt19937 rng(612);
  int refused = 0;
  int same_position = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = json_text(random_value(rng, 0));
    // one byte changed, dropped or added
    const std::size_t at = text.empty() ? 0 : rng() % text.size();
    static const char bytes[] = "{}[]\",:\\ 0-1e.+uAtfn\x01\x80\xc3\xed";
    switch (rng() % 3) {
      case 0: if (!text.empty()) text[at] = bytes[rng() % (sizeof bytes - 1)]; break;
      case 1: if (!text.empty()) text.erase(at, 1); break;
      default: text.insert(at, 1, bytes[rng() % (sizeof bytes - 1)]);
    }
    // json::parse(text, nullptr, false) throws for a number beyond double; refused alike
    json lenient;
    std::size_t nlohmann_byte = 0;
    try {
      lenient = json::parse(text);
    } catch (const json::exception& e) {
      lenient = json(json::value_t::discarded);
      if (const auto* p = dynamic_cast<const json::parse_error*>(&e)) nlohmann_byte = p->byte;
    }
    const json fast = parse_json_or_discarded(text);
    REQUIRE(fast.is_discarded() == lenient.is_discarded());
    if (!lenient.is_discarded()) {
      REQUIRE(same(fast, lenient));
      continue;
    }
    ++refused;
    const auto refusal = parse_json(text);
    REQUIRE_FALSE(refusal.ok());
    const std::size_t position = refusal.error().position;
    REQUIRE(refusal.error().message().rfind("The text is not valid JSON (at byte " + std::to_string(position) + "): ", 0) == 0);
    REQUIRE(position >= 1);
    REQUIRE(position <= text.size() + 1);
    if (position == nlohmann_byte) ++same_position;
  }
  CHECK(refused > 1000);
  // Where it stops is where nlohmann's parser stops, but for a few texts: nlohmann reads
  // a whole token before it finds the token unexpected, and reports a number beyond
  // double as out_of_range, with no position.
  CHECK(same_position * 10 > refused * 9);  // 92% of these texts
}

TEST_CASE("json parse: numbers, escapes, repeated keys, depth", "[json]") {
  for (const char* text : {"0", "-0", "18446744073709551615", "18446744073709551616", "-9223372036854775808",
                           "-9223372036854775809", "1.5", "-0.0", "1e2", "1E-400", "0.1e+1", "[]", "{}",
                           R"("\u0000\u00e9\ud83d\ude00\/\b\f\n\r\t")", R"({"a":1,"a":[2],"b":{"a":3}})",
                           "\xef\xbb\xbf{\"bom\":true}", " \t\n\r[ 1 , 2 ]\r\n"}) {
    INFO(text);
    REQUIRE(same(parse_json(text).value(), json::parse(text)));
  }
  for (const char* text : {"", "1e400", "-", "01", "1.", "[1,]", "{\"a\"}", R"("\ud800")", R"("\udc00")",
                           R"("\ud800\u0041")", "\"\x01\"", "\"\xc0\xaf\"", "nul", "[1] x"}) {
    INFO(text);
    CHECK(parse_json_or_discarded(text).is_discarded());
  }
  const std::string deep = std::string(65, '[') + std::string(65, ']');
  CHECK(parse_json_or_discarded(deep).is_discarded());  // deeper than default_max_json_depth
  CHECK(parse_json(deep).error().message() == "The text is not valid JSON (at byte 65): nested more than 64 levels deep.");
  CHECK(parse_json("{\"a\": }").error().message() == "The text is not valid JSON (at byte 7): expected a value.");
  CHECK(parse_json("{\"a\" 1}").error().message() == "The text is not valid JSON (at byte 6): expected ':' after a member name.");
  CHECK(parse_json("[1 2]").error().message() == "The text is not valid JSON (at byte 4): expected ',' or ']' after an element.");
  CHECK(parse_json("[tru]").error().message() == "The text is not valid JSON (at byte 5): invalid literal.");
  CHECK(parse_json("\"a\x01\"").error().message() == "The text is not valid JSON (at byte 3): a control character in a string (it must be escaped).");
  CHECK(parse_json("[\"\\q\"]").error().message() == "The text is not valid JSON (at byte 4): invalid escape in a string.");
  CHECK(parse_json("{\"a\":1").error().message() == "The text is not valid JSON (at byte 7): unexpected end of text.");
  CHECK(parse_json("1e400").error().message() == "The text is not valid JSON (at byte 5): a number beyond the range of a double.");
  CHECK(parse_json("[1] x").error().message() == "The text is not valid JSON (at byte 5): unexpected text after the value.");
}

#include "core/validation/field_error.h"

TEST_CASE("json text: field errors written directly are to_json's text", "[json]") {
  using core::validation::field_error;
  using core::validation::field_errors;
  std::mt19937 rng(20261207);
  for (int i = 0; i < 2000; ++i) {
    field_errors errors;
    for (int n = static_cast<int>(rng() % 4); n > 0; --n) {
      // params of any kind: a non-object is written as {} by both
      errors.push_back({random_text(rng), random_text(rng), random_text(rng), random_value(rng, 0)});
    }
    std::string text;
    core::validation::append_json_text(errors, text);
    REQUIRE(text == dumped(core::validation::to_json(errors)));
  }
}

#include "core/common/json_document.h"

namespace {

// A document's value, read back through its views only (member(), element(), get<>).
json through_views(json_view v) {
  switch (v.type()) {
    case json::value_t::boolean: return v.get<bool>();
    case json::value_t::number_integer: return v.get<std::int64_t>();
    case json::value_t::number_unsigned: return v.get<std::uint64_t>();
    case json::value_t::number_float: return v.get<double>();
    case json::value_t::string: return std::string(v.get<std::string_view>());
    case json::value_t::array: {
      json out = json::array();
      for (std::size_t i = 0; i < v.size(); ++i) out.push_back(through_views(v.element(i)));
      return out;
    }
    case json::value_t::object: {
      json out = json::object();
      std::string previous;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (it != v.begin()) REQUIRE(previous < it.key());  // in key order, each key once
        previous = std::string(it.key());
        REQUIRE(v.member(it.key()).to_json() == (*it).to_json());
        out[previous] = through_views(*it);
      }
      return out;
    }
    default: return nullptr;
  }
}

}  // namespace

TEST_CASE("json document: the values json::parse makes, read through views", "[json]") {
  std::mt19937 rng(20261208);
  for (int i = 0; i < 20000; ++i) {
    const json value = random_value(rng, 0);
    const std::string text = spaced_text(value, rng);
    const auto document = json_document::read(text);
    REQUIRE(document);
    const json expected = json::parse(text);
    REQUIRE(same(through_views(document->root()), expected));
    REQUIRE(same(document->root().to_json(), expected));
    // a value already read, ill-formed strings and all
    const json_document of = json_document::of(value);
    REQUIRE(same(through_views(of.root()), value));
  }
}

TEST_CASE("json document: member order, repeated keys, absent members, escapes", "[json]") {
  // more members than the insertion sort takes, in reverse order, with repeats
  std::string text = "{";
  for (int i = 99; i >= 0; --i) text += "\"k" + std::to_string(i % 70) + "\":" + std::to_string(i) + ",";
  text += R"("esc\u00e9\"":"a\nb","k5":"last"})";
  auto document = json_document::read(text);
  REQUIRE(document);
  CHECK(same(document->root().to_json(), json::parse(text)));
  CHECK(document->root().member("k5").get<std::string_view>() == "last");
  CHECK(document->root().member("k69").get<std::uint64_t>() == 69);
  // a moved document keeps the decoded strings its views point to
  const json_document moved = std::move(*document);
  CHECK(moved.root().member("esc\xc3\xa9\"").get<std::string_view>() == "a\nb");
  const json_view absent = moved.root().member("missing");
  CHECK_FALSE(absent.present());
  CHECK(absent.is_null());
  CHECK(absent.size() == 0);
  CHECK(absent.member("x").is_null());
  CHECK(absent.to_json().is_null());
  CHECK(json_document::read("[1,2]")->root().member("k").is_null());  // not an object
  CHECK_FALSE(json_document::read(std::string(65, '[') + std::string(65, ']')));  // deeper than the bound
  CHECK(json_document::read(std::string(64, '[') + std::string(64, ']')));
}

#include "core/common/json_string_bytes.h"

TEST_CASE("json text: plain string bytes stop at the first byte that is not, at any place in a word", "[json]") {
  for (int byte = 0; byte < 256; ++byte) {
    const bool plain = byte >= 0x20 && byte < 0x80 && byte != '"' && byte != '\\';
    CHECK(core::plain_json_string_byte[static_cast<std::size_t>(byte)] == plain);
    for (std::size_t at = 0; at < 19; ++at) {
      std::string text(19, 'a');
      text[at] = static_cast<char>(byte);
      INFO("byte " << byte << " at " << at);
      REQUIRE(core::plain_json_string_bytes(text.data(), text.size()) == (plain ? text.size() : at));
      // a special byte before a plain run and after it
      text.assign(19, static_cast<char>(byte));
      text.replace(0, at, at, 'z');
      REQUIRE(core::plain_json_string_bytes(text.data(), text.size()) == (plain ? text.size() : at));
    }
  }
}

TEST_CASE("json document: objects of many members, with repeats, in nlohmann's order", "[json]") {
  std::mt19937 rng(20261209);
  for (int round = 0; round < 200; ++round) {
    const int count = static_cast<int>(rng() % 400);
    std::string text = "{";
    for (int i = 0; i < count; ++i) {
      if (i) text += ",";
      text += "\"k" + std::to_string(rng() % 150) + "\":" + std::to_string(i);
    }
    text += "}";
    const auto document = json_document::read(text);
    REQUIRE(document);
    REQUIRE(same(document->root().to_json(), json::parse(text)));
  }
}

#include "core/catalog/definition_json.h"

TEST_CASE("json text: a rate limit written directly is to_json's text", "[json]") {
  using core::catalog::rate_limit;
  using core::catalog::rate_unit;
  for (const rate_unit unit : {rate_unit::second, rate_unit::minute, rate_unit::hour, rate_unit::day}) {
    for (const std::int64_t amount : {std::int64_t{1}, std::int64_t{60}, std::int64_t{1000000}}) {
      const rate_limit limit{amount, unit};
      std::string text;
      core::catalog::append_json_text(limit, text);
      CHECK(text == json_text(core::catalog::to_json(limit)));
    }
  }
}
