#include "core/common/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include <nlohmann/detail/conversions/to_chars.hpp>

#include "core/common/json_text.h"

namespace core {

void append_json_real(double value, std::string& out) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  // nlohmann's Grisu2, called directly as dump() calls it: the shortest text that reads back
  // the same, "1.0" for a whole number
  char buffer[64];
  out.append(buffer, nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, value));
}

void append_json_integer(std::int64_t value, std::string& out) {
  char buffer[24];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

void append_json_unsigned(std::uint64_t value, std::string& out) {
  char buffer[24];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

void json_writer::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_) out_ += ',';
  first_ = false;
}

json_writer& json_writer::begin_object() {
  separate();
  out_ += '{';
  first_ = true;
  return *this;
}

json_writer& json_writer::end_object() {
  out_ += '}';
  first_ = false;
  return *this;
}

json_writer& json_writer::begin_array() {
  separate();
  out_ += '[';
  first_ = true;
  return *this;
}

json_writer& json_writer::end_array() {
  out_ += ']';
  first_ = false;
  return *this;
}

json_writer& json_writer::key(std::string_view key) {
  separate();
  append_json_string(key, out_);
  out_ += ':';
  after_key_ = true;
  return *this;
}

json_writer& json_writer::plain_key(const char* key) {
  separate();
  out_ += '"';
  out_.append(key, std::strlen(key));
  out_ += "\":";
  after_key_ = true;
  return *this;
}

json_writer& json_writer::string_member(const char* key, std::string_view value) {
  plain_key(key);
  return string(value);
}

json_writer& json_writer::unsigned_member(const char* key, std::uint64_t value) {
  plain_key(key);
  return unsigned_integer(value);
}

json_writer& json_writer::integer_member(const char* key, std::int64_t value) {
  plain_key(key);
  return integer(value);
}

json_writer& json_writer::real_member(const char* key, double value) {
  plain_key(key);
  return real(value);
}

json_writer& json_writer::boolean_member(const char* key, bool value) {
  plain_key(key);
  return boolean(value);
}

json_writer& json_writer::raw_member(const char* key, std::string_view json_text) {
  plain_key(key);
  return raw(json_text);
}

json_writer& json_writer::null() { return raw("null"); }

json_writer& json_writer::boolean(bool value) { return raw(value ? "true" : "false"); }

json_writer& json_writer::integer(std::int64_t value) {
  separate();
  append_json_integer(value, out_);
  return *this;
}

json_writer& json_writer::unsigned_integer(std::uint64_t value) {
  separate();
  append_json_unsigned(value, out_);
  return *this;
}

json_writer& json_writer::real(double value) {
  separate();
  append_json_real(value, out_);
  return *this;
}

json_writer& json_writer::string(std::string_view value) {
  separate();
  append_json_string(value, out_);
  return *this;
}

json_writer& json_writer::raw(std::string_view json_text) {
  separate();
  out_ += json_text;
  return *this;
}

}  // namespace core
