#include "core/common/json_text.h"

#include <algorithm>

#include "core/common/json_string_bytes.h"
#include "core/common/json_writer.h"
#include "core/common/utf8.h"

namespace core {
namespace {

using nlohmann::json;

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

// A string with ill-formed UTF-8, as dump() writes it: each maximal subpart of an
// ill-formed sequence replaced by U+FFFD.
void append_replacing_ill_formed(std::string_view s, std::string& out) {
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (const char* escape = escape_of(c)) {
        out += escape;
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const std::size_t from = i;
    char32_t code_point;
    if (utf8::decode_one(s, i, code_point)) {
      out.append(s.substr(from, i - from));
    } else {
      out += "\xEF\xBF\xBD";
      i = from + std::max<std::size_t>(1, utf8::ill_formed_prefix(s.substr(from, 4)));
    }
  }
  out += '"';
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
    append_replacing_ill_formed(s, out);
    return;
  }
  out.append(s.substr(run));
  out += '"';
}

void append_json_text(const json& value, std::string& out) {
  switch (value.type()) {
    case json::value_t::null:
      out += "null";
      return;
    case json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case json::value_t::number_integer:
      append_json_integer(value.get<std::int64_t>(), out);
      return;
    case json::value_t::number_unsigned:
      append_json_unsigned(value.get<std::uint64_t>(), out);
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
      append_json_real(value.get<double>(), out);
      return;
    case json::value_t::binary: {
      const auto& binary = value.get_binary();
      out += "{\"bytes\":[";
      for (std::size_t i = 0; i < binary.size(); ++i) {
        if (i > 0) out += ',';
        append_json_unsigned(binary[i], out);
      }
      out += "],\"subtype\":";
      if (binary.has_subtype()) {
        append_json_unsigned(binary.subtype(), out);
      } else {
        out += "null";
      }
      out += '}';
      return;
    }
    case json::value_t::discarded:
      out += "<discarded>";
      return;
  }
}

std::string json_text(const json& value) {
  std::string out;
  append_json_text(value, out);
  return out;
}

}  // namespace core
