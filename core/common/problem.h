#pragma once
// A problem found in a JSON document (a connector definition, a pool, a catalog file):
// where (an RFC 6901 JSON Pointer into that document), what (a stable code) and an English
// message, plus the parameters of the message (e.g. {"max": 255}).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace core {

struct problem {
  std::string pointer;
  std::string code;
  std::string message;
  nlohmann::json params = nlohmann::json::object();
};

using problem_list = std::vector<problem>;

nlohmann::json to_json(const problem& p);
nlohmann::json to_json(const problem_list& problems);

}  // namespace core
