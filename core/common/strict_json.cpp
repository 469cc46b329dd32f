#include "core/common/strict_json.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/common/json_object.h"

namespace core {

strict_json_document read_strict_json(std::string_view text, std::size_t max_depth) {
  strict_json_document result;
  json_read_report report;
  result.document = json_document::read(text, report, max_depth);
  if (!result.document) {
    if (report.too_deep) {
      result.problems.push_back({report.pointer, "too_deep",
                                 "The document is nested more than " + std::to_string(max_depth) +
                                     " levels deep.",
                                 object_of("max", max_depth)});
    } else {
      result.problems.push_back({"", "invalid_json",
                                 "The text is not valid JSON (at byte " + std::to_string(report.position) +
                                     "): " + report.reason + ".",
                                 object_of("position", report.position)});
    }
    return result;
  }
  auto& repeated = report.repeated_keys;
  // a heap sort (ranks are distinct, so stability does not matter): std::sort's code is
  // several times its size, for a list read once per problem report
  const auto by_rank = [](const auto& a, const auto& b) { return a.rank < b.rank; };
  std::make_heap(repeated.begin(), repeated.end(), by_rank);
  std::sort_heap(repeated.begin(), repeated.end(), by_rank);
  for (auto& r : repeated) {
    result.problems.push_back({std::move(r.pointer), "duplicate_key",
                               "The member \"" + r.key + "\" appears more than once.",
                               object_of("key", r.key)});
  }
  return result;
}

}  // namespace core
