#pragma once
// JSON text written as it goes, member by member, without building a value first:
//
//   json_writer w(out);
//   w.begin_object().key("code").string(code).key("position").integer(7).end_object();
//
// The text is what nlohmann::json::dump() writes for the same value (json_text.h): compact,
// strings as append_json_string writes them, doubles as dump() does. An object's members
// come out in the order they are written; answers that were built as nlohmann objects
// before write theirs in key order, as those did.
//
// Why: a value built only to be written costs an allocation per member and brings the
// value type's code into the module; an entry point that writes its answer here needs
// neither.
#include <cstdint>
#include <string>
#include <string_view>

namespace core {

class json_writer {
 public:
  explicit json_writer(std::string& out) : out_(out) {}

  json_writer& begin_object();
  json_writer& end_object();
  json_writer& begin_array();
  json_writer& end_array();
  // An object member's key: its value is what is written next.
  json_writer& key(std::string_view key);

  json_writer& null();
  json_writer& boolean(bool value);
  json_writer& integer(std::int64_t value);
  json_writer& unsigned_integer(std::uint64_t value);
  // As dump() writes a double: null when not finite, else the shortest text that reads back
  // the same, with ".0" when it is whole.
  json_writer& real(double value);
  json_writer& string(std::string_view value);
  // A value that is JSON text already.
  json_writer& raw(std::string_view json_text);

  // An object member, key and value in one call: `key` is a plain ASCII name that needs no
  // escape (the core's own member names). One call per member keeps the code that writes an
  // answer about as small as the nlohmann object it replaces.
  json_writer& string_member(const char* key, std::string_view value);
  json_writer& unsigned_member(const char* key, std::uint64_t value);
  json_writer& integer_member(const char* key, std::int64_t value);
  json_writer& real_member(const char* key, double value);
  json_writer& boolean_member(const char* key, bool value);
  json_writer& raw_member(const char* key, std::string_view json_text);
  // key() for a plain ASCII name that needs no escape.
  json_writer& plain_key(const char* key);

 private:
  // The comma before a value or key, unless it opens its container or follows its key.
  void separate();

  std::string& out_;
  bool first_ = true;
  bool after_key_ = false;
};

// Append a number as json_writer writes it.
void append_json_real(double value, std::string& out);
void append_json_integer(std::int64_t value, std::string& out);
void append_json_unsigned(std::uint64_t value, std::string& out);

}  // namespace core
