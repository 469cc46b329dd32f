#include "core/common/json_object.h"

#include <utility>

namespace core {

nlohmann::json object_of(const char* key, nlohmann::json value) {
  nlohmann::json out = nlohmann::json::object();
  out[key] = std::move(value);
  return out;
}

nlohmann::json object_of(const char* key, nlohmann::json value, const char* key2, nlohmann::json value2) {
  nlohmann::json out = object_of(key, std::move(value));
  out[key2] = std::move(value2);
  return out;
}

}  // namespace core
