#pragma once
// Building RFC 6901 JSON Pointers for problem reports ("/authMethods/0/variables/2/key").
#include <cstddef>
#include <string>
#include <string_view>

namespace core {

// pointer + "/" + token, with "~" and "/" in the token escaped as "~0" and "~1".
std::string pointer_append(std::string_view pointer, std::string_view token);
std::string pointer_append(std::string_view pointer, std::size_t index);

}  // namespace core
