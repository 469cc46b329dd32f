#include "core/common/json_parse.h"

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>

#include "core/common/strict_json.h"
#include "core/common/utf8.h"

namespace core {
namespace {

using nlohmann::json;

// A recursive reader that gives up (nullopt) on anything unusual; the caller then lets
// json::parse() decide. Depth is bounded, so recursion is too.
class reader {
 public:
  explicit reader(std::string_view text) : s_(text) {}

  std::optional<json> document() {
    json value;
    if (!read_value(value, 0)) return std::nullopt;
    skip_space();
    if (at_ != s_.size()) return std::nullopt;
    return value;
  }

 private:
  void skip_space() {
    while (at_ < s_.size() && (s_[at_] == ' ' || s_[at_] == '\n' || s_[at_] == '\r' || s_[at_] == '\t')) ++at_;
  }

  bool literal(std::string_view word) {
    if (s_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

  bool read_value(json& out, std::size_t depth) {
    skip_space();
    if (at_ >= s_.size()) return false;
    switch (s_[at_]) {
      case '{': return depth < default_max_json_depth && read_object(out, depth + 1);
      case '[': return depth < default_max_json_depth && read_array(out, depth + 1);
      case '"': {
        std::string text;
        if (!read_string(text)) return false;
        out = std::move(text);
        return true;
      }
      case 't': out = true; return literal("true");
      case 'f': out = false; return literal("false");
      case 'n': out = nullptr; return literal("null");
      default: return read_number(out);
    }
  }

  bool read_object(json& out, std::size_t depth) {
    ++at_;  // {
    out = json::object();
    auto& members = out.get_ref<json::object_t&>();
    skip_space();
    if (at_ < s_.size() && s_[at_] == '}') {
      ++at_;
      return true;
    }
    for (;;) {
      skip_space();
      if (at_ >= s_.size() || s_[at_] != '"') return false;
      std::string key;
      if (!read_string(key)) return false;
      skip_space();
      if (at_ >= s_.size() || s_[at_] != ':') return false;
      ++at_;
      json value;
      if (!read_value(value, depth)) return false;
      // a repeated key: the last one stays; the hint makes keys that arrive sorted cheap
      members.insert_or_assign(members.end(), std::move(key), std::move(value));
      skip_space();
      if (at_ >= s_.size()) return false;
      if (s_[at_] == ',') { ++at_; continue; }
      if (s_[at_] == '}') { ++at_; return true; }
      return false;
    }
  }

  bool read_array(json& out, std::size_t depth) {
    ++at_;  // [
    out = json::array();
    auto& elements = out.get_ref<json::array_t&>();
    skip_space();
    if (at_ < s_.size() && s_[at_] == ']') {
      ++at_;
      return true;
    }
    for (;;) {
      json value;
      if (!read_value(value, depth)) return false;
      elements.push_back(std::move(value));
      skip_space();
      if (at_ >= s_.size()) return false;
      if (s_[at_] == ',') { ++at_; continue; }
      if (s_[at_] == ']') { ++at_; return true; }
      return false;
    }
  }

  static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool read_hex4(char32_t& unit) {
    if (at_ + 4 > s_.size()) return false;
    unit = 0;
    for (int i = 0; i < 4; ++i) {
      const int d = hex_digit(s_[at_++]);
      if (d < 0) return false;
      unit = unit * 16 + static_cast<char32_t>(d);
    }
    return true;
  }

  bool read_escape(std::string& out) {
    if (at_ >= s_.size()) return false;
    switch (s_[at_++]) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': {
        char32_t unit;
        if (!read_hex4(unit)) return false;
        if (unit >= 0xDC00 && unit <= 0xDFFF) return false;  // a lone low surrogate
        if (unit >= 0xD800 && unit <= 0xDBFF) {                // a pair, or nothing
          char32_t low;
          if (s_.substr(at_, 2) != "\\u") return false;
          at_ += 2;
          if (!read_hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
          unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        }
        utf8::append(out, unit);
        return true;
      }
      default: return false;
    }
  }

  // Whether a byte inside a string is copied as it is: ASCII, not a control, not '"' or '\\'.
  static constexpr std::array<bool, 256> plain_bytes = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
    return plain;
  }();

  bool read_string(std::string& out) {
    ++at_;  // "
    std::size_t run = at_;  // start of the bytes not yet copied
    while (at_ < s_.size()) {
      while (at_ < s_.size() && plain_bytes[static_cast<unsigned char>(s_[at_])]) ++at_;
      if (at_ == s_.size()) break;
      const auto c = static_cast<unsigned char>(s_[at_]);
      if (c == '"') {
        out.append(s_.data() + run, at_ - run);
        ++at_;
        return true;
      }
      if (c == '\\') {
        out.append(s_.data() + run, at_ - run);
        ++at_;
        if (!read_escape(out)) return false;
        run = at_;
      } else if (c < 0x20) {
        return false;
      } else if (c < 0x80) {
        ++at_;
      } else {
        char32_t code_point;
        if (!utf8::decode_one(s_, at_, code_point)) return false;
      }
    }
    return false;
  }

  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  bool read_number(json& out) {
    const std::size_t start = at_;
    bool integer = true;
    if (at_ < s_.size() && s_[at_] == '-') ++at_;
    if (at_ >= s_.size() || !is_digit(s_[at_])) return false;
    if (s_[at_] == '0') {
      ++at_;
    } else {
      while (at_ < s_.size() && is_digit(s_[at_])) ++at_;
    }
    if (at_ < s_.size() && s_[at_] == '.') {
      integer = false;
      ++at_;
      if (at_ >= s_.size() || !is_digit(s_[at_])) return false;
      while (at_ < s_.size() && is_digit(s_[at_])) ++at_;
    }
    if (at_ < s_.size() && (s_[at_] == 'e' || s_[at_] == 'E')) {
      integer = false;
      ++at_;
      if (at_ < s_.size() && (s_[at_] == '+' || s_[at_] == '-')) ++at_;
      if (at_ >= s_.size() || !is_digit(s_[at_])) return false;
      while (at_ < s_.size() && is_digit(s_[at_])) ++at_;
    }
    const std::string token(s_.substr(start, at_ - start));
    char* end = nullptr;
    errno = 0;
    if (integer && token[0] == '-') {
      const long long n = std::strtoll(token.c_str(), &end, 10);
      if (errno == 0 && end == token.c_str() + token.size()) {
        out = static_cast<std::int64_t>(n);
        return true;
      }
    } else if (integer) {
      const unsigned long long n = std::strtoull(token.c_str(), &end, 10);
      if (errno == 0 && end == token.c_str() + token.size()) {
        out = static_cast<std::uint64_t>(n);
        return true;
      }
    }
    errno = 0;
    const double d = std::strtod(token.c_str(), &end);
    if (end != token.c_str() + token.size() || !std::isfinite(d)) return false;
    out = d;
    return true;
  }

  std::string_view s_;
  std::size_t at_ = 0;
};

}  // namespace

json parse_json(std::string_view text) {
  if (auto value = reader(text).document()) return std::move(*value);
  return json::parse(text.begin(), text.end());
}

json parse_json_or_discarded(std::string_view text) {
  if (auto value = reader(text).document()) return std::move(*value);
  return json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

}  // namespace core
