#pragma once
// JSON objects built out of line: object_of({{"code", code}, {"max", 255}}), or
// object_of("max", 255) for one member and object_of("a", x, "b", y) for two. Written as a
// braced initializer list of nlohmann values instead, an object expands to some hundreds of
// bytes of code at each place it is written (each member becomes a two-element array, then
// the list is checked to be all pairs and moved into the object), and the core writes
// objects at some two hundred places, most on error paths.
#include <cstddef>

#include <nlohmann/json.hpp>

namespace core {

struct json_member {
  const char* key;
  nlohmann::json value;
};

// The object of the members, in key order as every nlohmann object; their values are moved
// from. A repeated key keeps its first value, as a braced list does.
nlohmann::json object_from(json_member* members, std::size_t count);

template <std::size_t N>
nlohmann::json object_of(json_member (&&members)[N]) {
  return object_from(members, N);
}

nlohmann::json object_of(const char* key, nlohmann::json value);
nlohmann::json object_of(const char* key, nlohmann::json value, const char* key2, nlohmann::json value2);

}  // namespace core
