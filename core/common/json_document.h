#pragma once
// A JSON text read for inspection only: its values in a few flat arrays, each string a view
// of the text (or of the document's own copy when it held an escape). Objects read as
// nlohmann::json::parse() makes them: members in key order, the last of a repeated key kept;
// numbers as it types them: non-negative integers unsigned, negative ones signed, integers
// beyond 64 bits and numbers with a fraction or exponent doubles.
//
// Why not nlohmann::json: its objects are maps with a node and a string per member, built
// and destroyed on every call; an instance to validate is read here with a handful of
// allocations, and nothing is copied that the checks do not keep. This is also the core's
// only JSON reader: nlohmann::json values of a text are made from its document
// (json_parse.h), so nlohmann's own lexer and parser are not in the module.
#include <cstdint>
#include <forward_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace core {

class json_document;

// How deep a document may nest (a scalar is 1): deeper text is refused ("too_deep"), which
// bounds the recursion of reading, walking and writing it.
inline constexpr std::size_t default_max_json_depth = 64;

// What a read reports besides the document, asked for by passing one (the hot path passes
// none and keeps no path).
struct json_read_report {
  // When the text is not read: the byte where reading stopped, counted from 1 as
  // nlohmann::json::parse_error::byte counts (the end of the text is one past its last
  // byte), and why ("expected ':'"), or too_deep with the pointer of the value that opens
  // one level too many.
  bool failed = false;
  std::size_t position = 0;
  std::string reason;
  bool too_deep = false;
  std::string pointer;
  // Keys that repeat in an object, each object's as it closes (inner ones first): the
  // pointer of the member (the value read is the last one's), the key, and the rank of the
  // repeated member in the text (sorting by it gives the text's order). The first
  // occurrence of a key is not listed.
  struct repeated_key {
    std::string pointer;
    std::string key;
    std::uint32_t rank;
  };
  std::vector<repeated_key> repeated_keys;
};

// One value of a json_document (or none: a member that is not there). Cheap to copy; valid
// while its document lives where it was when the view was taken.
class json_view {
 public:
  using value_t = nlohmann::json::value_t;

  json_view() = default;  // absent

  bool present() const { return doc_ != nullptr; }
  explicit operator bool() const { return present(); }
  value_t type() const;
  bool is_null() const { return type() == value_t::null; }
  bool is_boolean() const { return type() == value_t::boolean; }
  bool is_number() const;
  bool is_number_unsigned() const { return type() == value_t::number_unsigned; }
  // signed or unsigned, as nlohmann::json::is_number_integer()
  bool is_number_integer() const { return type() == value_t::number_integer || is_number_unsigned(); }
  bool is_string() const { return type() == value_t::string; }
  bool is_object() const { return type() == value_t::object; }
  bool is_array() const { return type() == value_t::array; }
  // Whether its strings are known to be well-formed UTF-8: those of a document read from
  // text are (read refuses others); those of a document made of a value were not checked.
  bool strings_well_formed() const;

  // The value as T, for T = bool, double (any number), std::uint64_t or std::int64_t (an
  // integer of that type), std::string_view (a string); as nlohmann::json::get<T> converts.
  // Only for a present value of that kind: callers test its type first.
  template <class T>
  T get() const;

  // Members of an object or elements of an array; 0 for any other value.
  std::size_t size() const;
  // The member `key` of an object; absent when there is none or this is not an object.
  json_view member(std::string_view key) const;
  // The index-th element of an array.
  json_view element(std::size_t index) const;

  // An object's members in key order: it.key(), *it.
  class member_iterator {
   public:
    std::string_view key() const;
    json_view operator*() const;
    member_iterator& operator++() {
      ++index_;
      return *this;
    }
    bool operator!=(const member_iterator& other) const { return index_ != other.index_; }
    bool operator==(const member_iterator& other) const { return index_ == other.index_; }

   private:
    friend class json_view;
    member_iterator(const json_document* doc, std::uint32_t index) : doc_(doc), index_(index) {}
    const json_document* doc_;
    std::uint32_t index_;
  };
  member_iterator begin() const;
  member_iterator end() const;

  // The value as nlohmann::json (null when absent).
  nlohmann::json to_json() const;

 private:
  friend class json_document;
  json_view(const json_document* doc, std::uint32_t node) : doc_(doc), node_(node) {}
  const json_document* doc_ = nullptr;
  std::uint32_t node_ = 0;
};

template <> bool json_view::get<bool>() const;
template <> double json_view::get<double>() const;
template <> std::uint64_t json_view::get<std::uint64_t>() const;
template <> std::int64_t json_view::get<std::int64_t>() const;
template <> std::string_view json_view::get<std::string_view>() const;

class json_document {
 public:
  // The document of `text`, or nullopt when it is not JSON, nests deeper than
  // default_max_json_depth or holds a number beyond double. `text` must outlive it.
  static std::optional<json_document> read(std::string_view text);
  // The same, nesting at most `max_depth` levels, and saying in `report` why a text is not
  // read and where keys repeat.
  static std::optional<json_document> read(std::string_view text, json_read_report& report,
                                           std::size_t max_depth = default_max_json_depth);
  // The document of a value already read: its strings are views of `value`'s, which must
  // outlive it.
  static json_document of(const nlohmann::json& value);

  json_view root() const { return json_view(this, 0); }

 private:
  friend class json_view;
  friend class json_document_reader;
  std::uint32_t add(const nlohmann::json& value);

  // A number holds one of the three, the one its type names: 32 bytes a node on wasm32
  // instead of 56, for a document of many values.
  struct node {
    json_view::value_t type = json_view::value_t::null;
    bool boolean = false;
    std::uint32_t first = 0;  // object: its first member in members_; array: its first element in elements_
    std::uint32_t count = 0;  // object: members; array: elements
    union {
      std::int64_t integer = 0;  // number_integer
      std::uint64_t unsigned_integer;  // number_unsigned
      double real;  // number_float
    };
    std::string_view text;  // string
  };
  struct member {
    std::string_view key;
    std::uint32_t value;  // index in nodes_
  };

  std::vector<node> nodes_;
  std::vector<member> members_;
  std::vector<std::uint32_t> elements_;
  // strings that held an escape: a list never moves them, and an empty one allocates nothing
  std::forward_list<std::string> decoded_;
  bool strings_well_formed_ = false;  // read from text
};

}  // namespace core
