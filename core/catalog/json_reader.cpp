#include "core/catalog/json_reader.h"

#include <cmath>

#include "core/common/json_object.h"
#include "core/common/json_pointer.h"
#include "core/common/utf8.h"
#include "core/values/messages.h"

namespace core::catalog {

using nlohmann::json;

std::string json_type_phrase(json_view value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    default: return "an unsupported value";
  }
}

std::optional<std::pair<std::string, std::string>> check_string(std::string_view value,
                                                                 std::string_view what,
                                                                 const string_rules& rules,
                                                                 json& params) {
  const std::string name = "\"" + std::string(what) + "\"";
  if (!utf8::is_valid(value)) return std::make_pair("invalid_utf8", name + " is not valid UTF-8.");
  const std::size_t length = utf8::length(value);
  if (length < rules.min_length) {
    params["min"] = rules.min_length;
    return std::make_pair(rules.min_length == 1 ? std::string("required") : "too_short",
                          rules.min_length == 1
                              ? name + " must not be empty."
                              : name + " must be at least " + std::to_string(rules.min_length) +
                                    " characters.");
  }
  if (length > rules.max_length) {
    params["max"] = rules.max_length;
    return std::make_pair("too_long", name + " may not be greater than " +
                                          std::to_string(rules.max_length) + " characters.");
  }
  if (!rules.allow_control && utf8::has_control(value)) {
    return std::make_pair("invalid_characters", name + " may not contain control characters.");
  }
  return std::nullopt;
}

json_reader::json_reader(json_view object, std::string pointer, problem_list& problems)
    : object_(object.is_object() ? object : json_view()),
      pointer_(std::move(pointer)),
      problems_(problems) {
  if (!object_) {
    add(pointer_, "invalid_type", "Expected an object, found " + json_type_phrase(object) + ".",
        object_of("expected", "object"));
  }
}

std::string json_reader::pointer_to(std::string_view key) const {
  return pointer_append(pointer_, key);
}

void json_reader::add(std::string pointer, std::string code, std::string message, json params) {
  problems_.push_back({std::move(pointer), std::move(code), std::move(message),
                       std::move(params)});
}

json_view json_reader::member(std::string_view key) const {
  const json_view value = object_.member(key);
  return value.is_null() ? json_view() : value;
}

void json_reader::wrong_type(std::string_view key, const char* expected, json_view value) {
  add(pointer_to(key), "invalid_type",
      "\"" + std::string(key) + "\" must be " + values::with_article(expected) + ", found " +
          json_type_phrase(value) + ".",
      object_of("expected", expected));
}

std::optional<std::string> json_reader::read_string(std::string_view key, json_view value,
                                                    const string_rules& rules) {
  if (!value.is_string()) {
    wrong_type(key, "string", value);
    return std::nullopt;
  }
  const auto text = value.get<std::string_view>();
  json params = json::object();
  if (auto issue = check_string(text, key, rules, params)) {
    add(pointer_to(key), issue->first, issue->second, std::move(params));
    return std::nullopt;
  }
  return std::string(text);
}

std::optional<std::string> json_reader::required_string(std::string_view key,
                                                        const string_rules& rules) {
  if (!object_) return std::nullopt;
  const json_view value = member(key);
  if (!value) {
    add(pointer_to(key), "required", "\"" + std::string(key) + "\" is required.");
    return std::nullopt;
  }
  return read_string(key, value, rules);
}

std::optional<std::string> json_reader::optional_string(std::string_view key,
                                                        const string_rules& rules) {
  const json_view value = member(key);
  if (!value) return std::nullopt;
  return read_string(key, value, rules);
}

std::optional<bool> json_reader::optional_bool(std::string_view key) {
  const json_view value = member(key);
  if (!value) return std::nullopt;
  if (!value.is_boolean()) {
    wrong_type(key, "boolean", value);
    return std::nullopt;
  }
  return value.get<bool>();
}

std::optional<std::int64_t> json_reader::integer(std::string_view key, bool required,
                                                 std::int64_t min, std::int64_t max) {
  if (!object_) return std::nullopt;
  const json_view value = member(key);
  const std::string name = "\"" + std::string(key) + "\"";
  if (!value) {
    if (required) add(pointer_to(key), "required", name + " is required.");
    return std::nullopt;
  }
  if (!value.is_number()) {
    wrong_type(key, "integer", value);
    return std::nullopt;
  }
  // Exact comparisons per representation: unsigned values beyond int64 must not wrap.
  bool below = false;
  bool above = false;
  std::int64_t result = 0;
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    above = u > static_cast<std::uint64_t>(max);
    below = min > 0 && u < static_cast<std::uint64_t>(min);
    result = above ? 0 : static_cast<std::int64_t>(u);
  } else if (value.is_number_integer()) {
    result = value.get<std::int64_t>();
    below = result < min;
    above = result > max;
  } else {
    const double d = value.get<double>();
    if (!std::isfinite(d) || std::floor(d) != d) {
      add(pointer_to(key), "not_integer", name + " must be an integer.");
      return std::nullopt;
    }
    below = d < static_cast<double>(min);
    above = d > static_cast<double>(max);
    result = below || above ? 0 : static_cast<std::int64_t>(d);
  }
  if (below) {
    add(pointer_to(key), "too_small", name + " must be at least " + std::to_string(min) + ".",
        object_of("min", min));
    return std::nullopt;
  }
  if (above) {
    add(pointer_to(key), "too_large",
        name + " may not be greater than " + std::to_string(max) + ".", object_of("max", max));
    return std::nullopt;
  }
  return result;
}

std::optional<double> json_reader::optional_number(std::string_view key) {
  const json_view value = member(key);
  if (!value) return std::nullopt;
  if (!value.is_number()) {
    wrong_type(key, "number", value);
    return std::nullopt;
  }
  return value.get<double>();
}

void json_reader::reject_unknown(std::initializer_list<std::string_view> known) {
  if (!object_) return;
  for (const std::string& key : unknown_members(object_, known, true)) {
    add(pointer_to(key), "unknown_member", "\"" + key + "\" is not a member of this object.",
        object_of("member", key));
  }
}

}  // namespace core::catalog
