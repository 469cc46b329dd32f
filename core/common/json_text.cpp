#include "core/common/json_text.h"

#include <charconv>

#include "core/common/json_string_bytes.h"
#include "core/common/utf8.h"

namespace core {
namespace {

using nlohmann::json;

std::string dumped(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The escape dump() writes for a byte below 0x20, a quote or a backslash; nullptr for an
// ASCII byte written as is.
const char* escape_of(unsigned char c) {
  static const char* const controls[] = {
      "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
      "\\b",     "\\t",     "\\n",     "\\u000b", "\\f",     "\\r",     "\\u000e", "\\u000f",
      "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
      "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f"};
  if (c < 0x20) return controls[c];
  if (c == '"') return "\\\"";
  if (c == '\\') return "\\\\";
  return nullptr;
}

}  // namespace

void append_json_string(std::string_view s, std::string& out) {
  const std::size_t start = out.size();
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  bool ascii = true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    i += plain_json_string_bytes(s.data() + i, s.size() - i);
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      ascii = false;
    } else if (const char* escape = escape_of(c)) {
      out.append(s.substr(run, i - run));
      out += escape;
      run = i + 1;
    }
  }
  if (!ascii && !utf8::is_valid(s)) {
    out.resize(start);
    out += dumped(json(std::string(s)));  // dump() decides what replaces ill-formed bytes
    return;
  }
  out.append(s.substr(run));
  out += '"';
}

namespace {

template <class Integer>
void append_integer(Integer n, std::string& out) {
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, n).ptr;
  out.append(buffer, end);
}

}  // namespace

void append_json_text(const json& value, std::string& out) {
  switch (value.type()) {
    case json::value_t::null:
      out += "null";
      return;
    case json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case json::value_t::number_integer:
      append_integer(value.get<std::int64_t>(), out);
      return;
    case json::value_t::number_unsigned:
      append_integer(value.get<std::uint64_t>(), out);
      return;
    case json::value_t::string:
      append_json_string(value.get_ref<const std::string&>(), out);
      return;
    case json::value_t::array: {
      out += '[';
      bool first = true;
      for (const json& element : value) {
        if (!first) out += ',';
        first = false;
        append_json_text(element, out);
      }
      out += ']';
      return;
    }
    case json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.get_ref<const json::object_t&>()) {
        if (!first) out += ',';
        first = false;
        append_json_string(key, out);
        out += ':';
        append_json_text(member, out);
      }
      out += '}';
      return;
    }
    case json::value_t::number_float:
    case json::value_t::binary:
    case json::value_t::discarded:
      out += dumped(value);
      return;
  }
}

std::string json_text(const json& value) {
  std::string out;
  append_json_text(value, out);
  return out;
}

}  // namespace core
