#pragma once
// Values as entered, by field path ("name", "rateLimit.amount", "credentials.token").
// A path that is absent has never been given a value (nor a default).
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace core {
namespace wizard {

using field_values = std::map<std::string, nlohmann::json>;

// The value at `key`, or null when absent.
const nlohmann::json& value_of(const field_values& values, const std::string& key);

// Whether a value is filled in: not null and not the empty string (an emptied input).
bool has_value(const nlohmann::json& value);

}  // namespace wizard
}  // namespace core
