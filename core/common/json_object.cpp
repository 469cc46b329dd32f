#include "core/common/json_object.h"

#include <utility>

namespace core {

nlohmann::json object_from(json_member* members, std::size_t count) {
  nlohmann::json out = nlohmann::json::object();
  auto& object = out.get_ref<nlohmann::json::object_t&>();
  for (std::size_t i = 0; i < count; ++i) object.emplace(members[i].key, std::move(members[i].value));
  return out;
}

nlohmann::json object_of(const char* key, nlohmann::json value) {
  json_member members[] = {{key, std::move(value)}};
  return object_from(members, 1);
}

nlohmann::json object_of(const char* key, nlohmann::json value, const char* key2, nlohmann::json value2) {
  json_member members[] = {{key, std::move(value)}, {key2, std::move(value2)}};
  return object_from(members, 2);
}

}  // namespace core
