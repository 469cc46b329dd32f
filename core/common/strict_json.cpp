#include "core/common/strict_json.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace core {

strict_json_result parse_strict_json(std::string_view text, std::size_t max_depth) {
  strict_json_result result;
  json_read_report report;
  const auto document = json_document::read(text, report, max_depth);
  if (!document) {
    if (report.too_deep) {
      result.problems.push_back({report.pointer, "too_deep",
                                 "The document is nested more than " + std::to_string(max_depth) +
                                     " levels deep.",
                                 {{"max", max_depth}}});
    } else {
      result.problems.push_back({"", "invalid_json",
                                 "The text is not valid JSON (at byte " + std::to_string(report.position) +
                                     "): " + report.reason + ".",
                                 {{"position", report.position}}});
    }
    return result;
  }
  auto& repeated = report.repeated_keys;
  std::sort(repeated.begin(), repeated.end(),
            [](const auto& a, const auto& b) { return a.rank < b.rank; });
  for (auto& r : repeated) {
    result.problems.push_back({std::move(r.pointer), "duplicate_key",
                               "The member \"" + r.key + "\" appears more than once.",
                               {{"key", r.key}}});
  }
  result.value = document->root().to_json();
  return result;
}

std::size_t json_depth(const nlohmann::json& value, std::size_t limit) {
  // Iterative on purpose: the point is to bound recursion elsewhere.
  std::size_t deepest = 0;
  std::vector<std::pair<const nlohmann::json*, std::size_t>> todo{{&value, 1}};
  while (!todo.empty()) {
    auto [v, depth] = todo.back();
    todo.pop_back();
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    if (v->is_structured()) {
      for (const auto& child : *v) todo.emplace_back(&child, depth + 1);
    }
  }
  return deepest;
}

}  // namespace core
