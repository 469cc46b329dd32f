#include "core/common/problem.h"

#include "core/common/json_object.h"

namespace core {

nlohmann::json to_json(const problem& p) {
  nlohmann::json out = object_of({{"pointer", p.pointer}, {"code", p.code}, {"message", p.message}});
  if (p.params.is_object() && !p.params.empty()) out["params"] = p.params;
  return out;
}

nlohmann::json to_json(const problem_list& problems) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : problems) out.push_back(to_json(p));
  return out;
}

}  // namespace core
