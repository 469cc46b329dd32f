#pragma once
// Reading a hand-written JSON object member by member, collecting a problem (with its JSON
// Pointer) for each member that is missing, of the wrong type or out of bounds, instead of
// stopping at the first. Shared by the connector definition and pool parsers.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/json_document.h"
#include "core/common/problem.h"
#include "core/common/safe_integer.h"

namespace core::catalog {

struct string_rules {
  std::size_t min_length = 1;     // code points
  std::size_t max_length = 255;   // code points
  bool allow_control = false;     // C0/C1 control characters
};

class json_reader {
 public:
  // `object`'s document must outlive the reader. If it is not an object, one problem is
  // recorded and every read returns nothing.
  json_reader(json_view object, std::string pointer, problem_list& problems);

  bool is_object() const { return object_.present(); }
  const std::string& pointer() const { return pointer_; }
  std::string pointer_to(std::string_view key) const;

  // The member, absent when it is not there; a present `null` counts as absent.
  json_view member(std::string_view key) const;

  // Records "required" when the member is absent.
  std::optional<std::string> required_string(std::string_view key, const string_rules& rules);
  std::optional<std::string> optional_string(std::string_view key, const string_rules& rules);
  std::optional<bool> optional_bool(std::string_view key);
  // Integers in [min, max]; a number with a fraction is "not_integer".
  std::optional<std::int64_t> integer(std::string_view key, bool required, std::int64_t min,
                                      std::int64_t max);
  std::optional<double> optional_number(std::string_view key);

  // Records "unknown_member" for every member that is not listed; "x-" members are
  // extensions and always allowed.
  void reject_unknown(std::initializer_list<std::string_view> known);

  // "invalid_type": member `key` is not the `expected` JSON type ("string", "integer", ...).
  void wrong_type(std::string_view key, const char* expected, json_view value);

  void add(std::string pointer, std::string code, std::string message,
           nlohmann::json params = nlohmann::json::object());

  // Where problems go: for a reader of a nested object.
  problem_list& problems() { return problems_; }

 private:
  std::optional<std::string> read_string(std::string_view key, json_view value,
                                         const string_rules& rules);
  json_view object_;  // absent when the value read is not an object
  std::string pointer_;
  problem_list& problems_;
};

// Checks a string against `rules` ("too_short"/"too_long"/"invalid_characters"/
// "invalid_utf8"); returns the problem code and message, or nothing when it passes.
std::optional<std::pair<std::string, std::string>> check_string(std::string_view value,
                                                                 std::string_view what,
                                                                 const string_rules& rules,
                                                                 nlohmann::json& params);

// JSON type names for messages: "a string", "an object", ...
std::string json_type_phrase(json_view value);

// The members of `object` (an object) that are not `known`, in the object's order; members
// starting "x-" are extensions and count as known when `allow_extensions`. What
// json_reader::reject_unknown and instance validation report.
template <class Object>  // nlohmann::json or json_view
std::vector<std::string> unknown_members(const Object& object,
                                         std::initializer_list<std::string_view> known,
                                         bool allow_extensions) {
  std::vector<std::string> out;
  if (!object.is_object()) return out;
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string_view key = it.key();
    if (allow_extensions && key.substr(0, 2) == "x-") continue;
    bool listed = false;
    for (auto k : known) listed = listed || k == key;
    if (!listed) out.emplace_back(key);
  }
  return out;
}

}  // namespace core::catalog
