#include "core/api/schedule_api.h"

#include "core/catalog/definition_json.h"
#include "core/catalog/definition_parser.h"
#include "core/catalog/json_reader.h"
#include "core/common/boundary.h"
#include "core/common/json_object.h"
#include "core/common/strict_json.h"

namespace core::api {
namespace {

using nlohmann::json;

// The first problem as an error answer; its pointer ("/amount") becomes a field path
// under `setting` ("rateLimit.amount").
json first_problem(const problem_list& problems, const std::string& setting) {
  if (problems.empty()) return error_json(internal_code, "settings refused without a problem");
  const problem& p = problems.front();
  std::string field = setting;
  for (char c : p.pointer) field += c == '/' ? '.' : c;
  return error_json(p.code, p.message, object_of("field", field, "params", p.params));
}

// Parses `text` and reads one setting from it with `read` (nothing: see the problems).
template <class Read>
std::string check(const std::string& text, const std::string& setting, Read&& read) {
  const auto parsed = read_strict_json(text);
  if (!parsed.document || !parsed.problems.empty()) return json_text(first_problem(parsed.problems, setting));
  problem_list problems;
  if (auto answer = read(parsed.document->root(), problems)) return json_text(*answer);
  return json_text(first_problem(problems, setting));
}

}  // namespace

std::string schedule_rate_limit(const std::string& rate_json) {
  return check(rate_json, "rateLimit", [](json_view value, problem_list& problems) -> std::optional<json> {
    if (value.is_null()) return object_of("rateLimit", nullptr);
    catalog::json_reader in(value, "", problems);
    auto limit = catalog::read_rate_limit(in);
    if (!limit) return std::nullopt;
    return object_of("rateLimit", catalog::to_json(*limit));
  });
}

std::string schedule_pool(const std::string& pool_json) {
  return check(pool_json, "pool", [](json_view value, problem_list& problems) -> std::optional<json> {
    catalog::json_reader in(value, "", problems);
    auto settings = catalog::read_pool_settings(in);
    if (!settings) return std::nullopt;
    return object_of({{"limit", settings->limit},
                      {"timeout", settings->timeout ? json(*settings->timeout) : json(nullptr)}});
  });
}

}  // namespace core::api
