#pragma once
// The key under which two instance names of one connector are "the same name": trimmed,
// then case-folded (core::utf8::fold_case). Validation compares these keys, and the backend
// stores them under a UNIQUE constraint, so both always agree on what collides.
#include <optional>
#include <string>
#include <string_view>

namespace core::validation {

// nullopt when `name` is not well-formed UTF-8.
std::optional<std::string> instance_name_key(std::string_view name);

}  // namespace core::validation
