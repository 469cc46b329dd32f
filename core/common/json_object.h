#pragma once
// Small JSON objects built out of line: {key: value} and {key: value, key2: value2}, mostly
// the parameters of a problem or an error. A braced initializer list of nlohmann values
// ({{"max", 255}}) expands to some hundreds of bytes of code at each place it is written,
// and the core writes such parameters at some two hundred places, most on error paths.
#include <nlohmann/json.hpp>

namespace core {

nlohmann::json object_of(const char* key, nlohmann::json value);
nlohmann::json object_of(const char* key, nlohmann::json value, const char* key2, nlohmann::json value2);

}  // namespace core
