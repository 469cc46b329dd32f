#include "core/common/json_document.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "core/common/decimal_to_double.h"
#include "core/common/json_pointer.h"
#include "core/common/json_string_bytes.h"
#include "core/common/utf8.h"

namespace core {

using value_t = json_view::value_t;

// A recursive reader that stops (false) at the first thing that is not JSON. Depth is
// bounded, so recursion is too. With a report it also keeps the path to the value being
// read, for the pointers it reports.
class json_document_reader {
 public:
  json_document_reader(std::string_view text, json_document& out, json_read_report* report,
                       std::size_t max_depth)
      : s_(text), doc_(out), report_(report), max_depth_(max_depth) {}

  bool document() {
    // a value takes at least two bytes of text, most of an argument's many more: room for
    // its values without growth step by step, and no more than that for a short one
    const std::size_t room = std::min<std::size_t>(s_.size() / 12 + 2, 64);
    doc_.nodes_.reserve(room);
    doc_.members_.reserve(room);
    pending_members_.reserve(room);
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") at_ = 3;  // a byte order mark, as nlohmann::json takes it
    if (!read_value(0)) return false;
    skip_space();
    if (at_ != s_.size()) return fail(at_, "unexpected text after the value");
    return true;
  }

 private:
  using node = json_document::node;
  using member = json_document::member;

  // The report's work is out of line: reading without one stays as small and fast as it was.

  // Reports why reading stops at byte `at` (when a report was asked for); false.
  [[gnu::cold, gnu::noinline]] bool fail(std::size_t at, const char* reason) {
    if (report_ && !report_->failed) {
      report_->failed = true;
      report_->position = at + 1;
      report_->reason = reason;
    }
    return false;
  }
  // `what` was expected at at_: the end of the text, or something else, is there.
  [[gnu::cold, gnu::noinline]] bool expected(const char* what) {
    if (!report_) return false;
    return fail(at_, at_ >= s_.size() ? "unexpected end of text" : what);
  }
  [[gnu::cold, gnu::noinline]] bool too_deep() {
    if (report_ && !report_->failed) {
      fail(at_, "");
      report_->reason = "nested more than " + std::to_string(max_depth_) + " levels deep";
      report_->too_deep = true;
      report_->pointer = pointer_of(path_.size());
    }
    return false;
  }

  [[gnu::noinline]] void report_repeat(const member& m) {
    report_->repeated_keys.push_back({pointer_append(pointer_of(path_.size() - 1), m.key), std::string(m.key), m.value});
  }

  // The pointer of the value the first `steps` steps of the path lead to.
  [[gnu::noinline]] std::string pointer_of(std::size_t steps) const {
    std::string p;
    for (std::size_t i = 0; i < steps; ++i) {
      p = path_[i].array ? pointer_append(p, path_[i].index) : pointer_append(p, path_[i].key);
    }
    return p;
  }

  void skip_space() {
    while (at_ < s_.size() && (s_[at_] == ' ' || s_[at_] == '\n' || s_[at_] == '\r' || s_[at_] == '\t')) ++at_;
  }

  bool literal(std::string_view word) {
    if (s_.substr(at_, word.size()) == word) {
      at_ += word.size();
      return true;
    }
    std::size_t same = 0;
    while (at_ + same < s_.size() && same < word.size() && s_[at_ + same] == word[same]) ++same;
    at_ += same;
    return expected("invalid literal");
  }

  std::uint32_t add_node(value_t type) {
    doc_.nodes_.push_back(node{});
    doc_.nodes_.back().type = type;
    return static_cast<std::uint32_t>(doc_.nodes_.size() - 1);
  }

  // Reads a value into a new node (its index is the number of nodes before the call).
  bool read_value(std::size_t depth) {
    skip_space();
    if (at_ >= s_.size()) return expected("");
    switch (s_[at_]) {
      case '{': return depth < max_depth_ ? read_object(depth + 1) : too_deep();
      case '[': return depth < max_depth_ ? read_array(depth + 1) : too_deep();
      case '"': {
        const std::uint32_t at = add_node(value_t::string);
        std::string_view text;
        if (!read_string(text)) return false;
        doc_.nodes_[at].text = text;
        return true;
      }
      case 't': doc_.nodes_[add_node(value_t::boolean)].boolean = true; return literal("true");
      case 'f': add_node(value_t::boolean); return literal("false");
      case 'n': add_node(value_t::null); return literal("null");
      default: return read_number();
    }
  }

  bool read_object(std::size_t depth) {
    ++at_;  // {
    const std::uint32_t at = add_node(value_t::object);
    const std::size_t mark = pending_members_.size();
    skip_space();
    if (at_ < s_.size() && s_[at_] == '}') {
      ++at_;
      return true;
    }
    if (report_) path_.push_back({});
    for (;;) {
      skip_space();
      if (at_ >= s_.size() || s_[at_] != '"') return expected("expected a member name in quotes");
      std::string_view key;
      if (!read_string(key)) return false;
      skip_space();
      if (at_ >= s_.size() || s_[at_] != ':') return expected("expected ':' after a member name");
      ++at_;
      if (report_) path_.back().key = key;
      const auto value = static_cast<std::uint32_t>(doc_.nodes_.size());
      if (!read_value(depth)) return false;
      pending_members_.push_back({key, value});
      skip_space();
      if (at_ >= s_.size()) return expected("");
      if (s_[at_] == ',') { ++at_; continue; }
      if (s_[at_] == '}') { ++at_; break; }
      return expected("expected ',' or '}' after a member");
    }
    // In key order, the last of a repeated key kept: a stable sort keeps repeats in the
    // order they came, and the last of each run is the one kept.
    const auto first = pending_members_.begin() + static_cast<std::ptrdiff_t>(mark);
    sort_stably(&*first, static_cast<std::size_t>(pending_members_.end() - first));
    node& object = doc_.nodes_[at];
    object.first = static_cast<std::uint32_t>(doc_.members_.size());
    for (auto it = first; it != pending_members_.end(); ++it) {
      if (report_ && it != first && std::prev(it)->key == it->key) report_repeat(*it);
      if (std::next(it) != pending_members_.end() && std::next(it)->key == it->key) continue;
      doc_.members_.push_back(*it);
    }
    object.count = static_cast<std::uint32_t>(doc_.members_.size()) - object.first;
    pending_members_.resize(mark);
    if (report_) path_.pop_back();
    return true;
  }

  // Sorts members by key, keeping the order of equal keys: an insertion sort for the few
  // members of most objects, a merge sort through a buffer for more (std::stable_sort's
  // code is several times the size of this, in both modules).
  void sort_stably(member* members, std::size_t count) {
    const auto insertion_sort = [](member* first, member* last) {
      for (member* it = first; it != last; ++it) {
        const member m = *it;
        member* hole = it;
        for (; hole != first && m.key < (hole - 1)->key; --hole) *hole = *(hole - 1);
        *hole = m;
      }
    };
    constexpr std::size_t run = 32;
    for (std::size_t at = 0; at < count; at += run) insertion_sort(members + at, members + std::min(at + run, count));
    if (count <= run) return;
    std::vector<member> buffer(count);
    member* from = members;
    member* to = buffer.data();
    for (std::size_t width = run; width < count; width *= 2) {
      for (std::size_t left = 0; left < count; left += 2 * width) {
        const std::size_t middle = std::min(left + width, count);
        const std::size_t right = std::min(left + 2 * width, count);
        std::size_t a = left, b = middle, out = left;
        while (a < middle && b < right) to[out++] = from[b].key < from[a].key ? from[b++] : from[a++];
        while (a < middle) to[out++] = from[a++];
        while (b < right) to[out++] = from[b++];
      }
      std::swap(from, to);
    }
    if (from != members) std::copy(from, from + count, members);
  }

  bool read_array(std::size_t depth) {
    ++at_;  // [
    const std::uint32_t at = add_node(value_t::array);
    const std::size_t mark = pending_elements_.size();
    skip_space();
    if (at_ < s_.size() && s_[at_] == ']') {
      ++at_;
      return true;
    }
    if (report_) path_.push_back({{}, 0, true});
    for (;;) {
      const auto value = static_cast<std::uint32_t>(doc_.nodes_.size());
      if (report_) path_.back().index = pending_elements_.size() - mark;
      if (!read_value(depth)) return false;
      pending_elements_.push_back(value);
      skip_space();
      if (at_ >= s_.size()) return expected("");
      if (s_[at_] == ',') { ++at_; continue; }
      if (s_[at_] == ']') { ++at_; break; }
      return expected("expected ',' or ']' after an element");
    }
    if (report_) path_.pop_back();
    node& array = doc_.nodes_[at];
    array.first = static_cast<std::uint32_t>(doc_.elements_.size());
    array.count = static_cast<std::uint32_t>(pending_elements_.size() - mark);
    doc_.elements_.insert(doc_.elements_.end(), pending_elements_.begin() + static_cast<std::ptrdiff_t>(mark),
                          pending_elements_.end());
    pending_elements_.resize(mark);
    return true;
  }

  static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool read_hex4(char32_t& unit) {
    unit = 0;
    for (int i = 0; i < 4; ++i, ++at_) {
      const int d = at_ < s_.size() ? hex_digit(s_[at_]) : -1;
      if (d < 0) return expected("expected four hexadecimal digits after \\u");
      unit = unit * 16 + static_cast<char32_t>(d);
    }
    return true;
  }

  bool read_escape(std::string& out) {
    if (read_escape_code(out)) return true;
    return expected("invalid escape in a string");
  }

  bool read_escape_code(std::string& out) {
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
        if (unit >= 0xDC00 && unit <= 0xDFFF) return lone_surrogate();
        if (unit >= 0xD800 && unit <= 0xDBFF) {  // a pair, or nothing
          char32_t low;
          if (s_.substr(at_, 2) != "\\u") {
            if (at_ < s_.size() && s_[at_] == '\\') ++at_;  // where it stops: what is not "\\u"
            return expected("a \\u escape of half a surrogate pair");
          }
          at_ += 2;
          if (!read_hex4(low)) return false;
          if (low < 0xDC00 || low > 0xDFFF) return lone_surrogate();
          unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        }
        utf8::append(out, unit);
        return true;
      }
      default:
        --at_;
        return false;
    }
  }

  bool lone_surrogate() { return fail(at_ - 1, "a \\u escape of half a surrogate pair"); }

  // A string at `at_` (its opening quote): a view of the text when it holds no escape,
  // else of its decoded copy in the document.
  bool read_string(std::string_view& out) {
    ++at_;  // "
    const std::size_t start = at_;
    std::string* decoded = nullptr;
    std::size_t run = at_;  // start of the bytes not yet copied into `decoded`
    while (at_ < s_.size()) {
      at_ += plain_json_string_bytes(s_.data() + at_, s_.size() - at_);
      if (at_ == s_.size()) break;
      const auto c = static_cast<unsigned char>(s_[at_]);
      if (c == '"') {
        if (decoded) {
          decoded->append(s_.data() + run, at_ - run);
          out = *decoded;
        } else {
          out = s_.substr(start, at_ - start);
        }
        ++at_;
        return true;
      }
      if (c == '\\') {
        if (!decoded) decoded = &doc_.decoded_.emplace_front();
        decoded->append(s_.data() + run, at_ - run);
        ++at_;
        if (!read_escape(*decoded)) return false;
        run = at_;
      } else if (c < 0x20) {
        return fail(at_, "a control character in a string (it must be escaped)");
      } else {
        const std::size_t from = at_;
        char32_t code_point;
        if (!utf8::decode_one(s_, at_, code_point)) {
          at_ = from + utf8::ill_formed_prefix(s_.substr(from, 4));
          return expected("invalid UTF-8 in a string");
        }
      }
    }
    return expected("");
  }

  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  bool read_number() {
    const std::size_t start = at_;
    bool integer = true;
    if (at_ < s_.size() && s_[at_] == '-') {
      ++at_;
      if (at_ >= s_.size() || !is_digit(s_[at_])) return expected("invalid number");
    }
    if (at_ >= s_.size() || !is_digit(s_[at_])) return expected("expected a value");
    if (s_[at_] == '0') {
      ++at_;
    } else {
      while (at_ < s_.size() && is_digit(s_[at_])) ++at_;
    }
    if (at_ < s_.size() && s_[at_] == '.') {
      integer = false;
      ++at_;
      if (at_ >= s_.size() || !is_digit(s_[at_])) return expected("invalid number");
      while (at_ < s_.size() && is_digit(s_[at_])) ++at_;
    }
    if (at_ < s_.size() && (s_[at_] == 'e' || s_[at_] == 'E')) {
      integer = false;
      ++at_;
      if (at_ < s_.size() && (s_[at_] == '+' || s_[at_] == '-')) ++at_;
      if (at_ >= s_.size() || !is_digit(s_[at_])) return expected("invalid number");
      while (at_ < s_.size() && is_digit(s_[at_])) ++at_;
    }
    const std::string token(s_.substr(start, at_ - start));
    char* end = nullptr;
    errno = 0;
    if (integer && token[0] == '-') {
      const long long n = std::strtoll(token.c_str(), &end, 10);
      if (errno == 0 && end == token.c_str() + token.size()) {
        doc_.nodes_[add_node(value_t::number_integer)].integer = static_cast<std::int64_t>(n);
        return true;
      }
    } else if (integer) {
      const unsigned long long n = std::strtoull(token.c_str(), &end, 10);
      if (errno == 0 && end == token.c_str() + token.size()) {
        doc_.nodes_[add_node(value_t::number_unsigned)].unsigned_integer = static_cast<std::uint64_t>(n);
        return true;
      }
    }
    const decimal_reading real = read_decimal(token);
    const double d = real.value;
    if (real.bytes != token.size() || !std::isfinite(d)) return fail(at_ - 1, "a number beyond the range of a double");
    doc_.nodes_[add_node(value_t::number_float)].real = d;
    return true;
  }

  std::string_view s_;
  std::size_t at_ = 0;
  json_document& doc_;
  json_read_report* report_;
  std::size_t max_depth_;
  // with a report: the containers around the value being read, outermost first; a member's
  // key or an element's index
  struct step {
    std::string_view key;
    std::size_t index = 0;
    bool array = false;
  };
  std::vector<step> path_;
  // members and elements of the containers being read, innermost last
  std::vector<member> pending_members_;
  std::vector<std::uint32_t> pending_elements_;
};

std::optional<json_document> json_document::read(std::string_view text) {
  std::optional<json_document> out(std::in_place);
  if (!json_document_reader(text, *out, nullptr, default_max_json_depth).document()) return std::nullopt;
  out->strings_well_formed_ = true;
  return out;
}

std::optional<json_document> json_document::read(std::string_view text, json_read_report& report,
                                                  std::size_t max_depth) {
  std::optional<json_document> out(std::in_place);
  if (!json_document_reader(text, *out, &report, max_depth).document()) return std::nullopt;
  out->strings_well_formed_ = true;
  return out;
}

value_t json_view::type() const { return doc_ ? doc_->nodes_[node_].type : value_t::null; }

bool json_view::is_number() const {
  const value_t t = type();
  return t == value_t::number_integer || t == value_t::number_unsigned || t == value_t::number_float;
}

template <>
bool json_view::get<bool>() const {
  return doc_->nodes_[node_].boolean;
}

template <>
double json_view::get<double>() const {
  const auto& n = doc_->nodes_[node_];
  switch (n.type) {
    case value_t::number_integer: return static_cast<double>(n.integer);
    case value_t::number_unsigned: return static_cast<double>(n.unsigned_integer);
    case value_t::number_float: return n.real;
    default: return 0;  // not a number: callers test the type first
  }
}

template <>
std::uint64_t json_view::get<std::uint64_t>() const {
  const auto& n = doc_->nodes_[node_];
  switch (n.type) {
    case value_t::number_integer: return static_cast<std::uint64_t>(n.integer);
    case value_t::number_unsigned: return n.unsigned_integer;
    case value_t::number_float: return static_cast<std::uint64_t>(n.real);
    default: return 0;
  }
}

template <>
std::int64_t json_view::get<std::int64_t>() const {
  const auto& n = doc_->nodes_[node_];
  switch (n.type) {
    case value_t::number_integer: return n.integer;
    case value_t::number_unsigned: return static_cast<std::int64_t>(n.unsigned_integer);
    case value_t::number_float: return static_cast<std::int64_t>(n.real);
    default: return 0;
  }
}

bool json_view::strings_well_formed() const { return doc_ != nullptr && doc_->strings_well_formed_; }

template <>
std::string_view json_view::get<std::string_view>() const {
  return doc_->nodes_[node_].text;
}

std::size_t json_view::size() const {
  const value_t t = type();
  return t == value_t::object || t == value_t::array ? doc_->nodes_[node_].count : 0;
}

json_view json_view::member(std::string_view key) const {
  if (!is_object()) return {};
  const auto& object = doc_->nodes_[node_];
  const auto first = doc_->members_.begin() + object.first;
  const auto last = first + object.count;
  for (auto it = first; it != last; ++it) {  // objects of a few members: a scan is fastest
    if (it->key == key) return json_view(doc_, it->value);
  }
  return {};
}

json_view json_view::element(std::size_t index) const {
  return json_view(doc_, doc_->elements_[doc_->nodes_[node_].first + index]);
}

std::string_view json_view::member_iterator::key() const { return doc_->members_[index_].key; }

json_view json_view::member_iterator::operator*() const {
  return json_view(doc_, doc_->members_[index_].value);
}

json_view::member_iterator json_view::begin() const {
  return is_object() ? member_iterator(doc_, doc_->nodes_[node_].first) : member_iterator(doc_, 0);
}

json_view::member_iterator json_view::end() const {
  if (!is_object()) return member_iterator(doc_, 0);
  const auto& object = doc_->nodes_[node_];
  return member_iterator(doc_, object.first + object.count);
}

}  // namespace core
