#include "core/catalog/catalog.h"

#include <map>
#include <set>
#include <utility>

#include "core/catalog/definition_parser.h"
#include "core/common/json_object.h"

namespace core::catalog {
namespace {

using nlohmann::json;

std::optional<std::string> readable_id(json_view item) {
  const json_view id = item.member("id");
  if (!id.is_string() || !is_identifier(id.get<std::string_view>())) return std::nullopt;
  return std::string(id.get<std::string_view>());
}

void record(std::vector<load_problem>& out, const char* source, std::size_t index,
            const std::optional<std::string>& id, problem_list problems) {
  for (auto& p : problems) out.push_back({source, index, id, std::move(p)});
}

// Splits "/3/authMethods/0" into 3 and "/authMethods/0"; a pointer into a single object
// (not an array) belongs to item 0.
std::pair<std::size_t, std::string> split_item_pointer(const std::string& pointer, bool array) {
  if (!array) return {0, pointer};
  const std::size_t end = pointer.find('/', 1);
  const std::string token = pointer.substr(1, end == std::string::npos ? std::string::npos : end - 1);
  std::size_t index = 0;
  for (char ch : token) index = index * 10 + static_cast<std::size_t>(ch - '0');
  return {index, end == std::string::npos ? std::string() : pointer.substr(end)};
}

}  // namespace

catalog catalog::load(json_view definitions, json_view pools, const problem_list& text_problems) {
  catalog c;
  // a single object is a one-item list
  const bool single = definitions.is_object();
  const std::size_t count = single ? 1 : definitions.size();
  std::map<std::size_t, problem_list> problems_by_item;
  for (const auto& p : text_problems) {
    if (p.pointer.size() < 2) continue;  // only problems inside an item
    auto [index, rest] = split_item_pointer(p.pointer, !definitions.is_object());
    problem moved = p;
    moved.pointer = rest;
    problems_by_item[index].push_back(std::move(moved));
  }
  if (!single && !definitions.is_array()) {
    c.problems_.push_back({"definitions", 0, std::nullopt,
                           {"", "invalid_type", "The definitions must be an array.",
                            object_of("expected", "array")}});
  } else {
    std::set<std::string> ids;
    for (std::size_t i = 0; i < count; ++i) {
      const json_view item = single ? definitions : definitions.element(i);
      definition_result result;
      std::optional<std::string> id;
      if (item.is_string()) {
        result = parse_connector_definition_text(item.get<std::string_view>());
      } else {
        result = parse_connector_definition(item);
        id = readable_id(item);
      }
      if (auto found = problems_by_item.find(i); found != problems_by_item.end()) {
        result.problems.insert(result.problems.begin(), found->second.begin(), found->second.end());
        result.definition.reset();
      }
      if (result.definition) id = result.definition->id;
      if (result.definition && !ids.insert(result.definition->id).second) {
        result.problems.push_back({"/id", "duplicate_id",
                                   "Another definition already has the id \"" +
                                       result.definition->id + "\"; this one is skipped.",
                                   object_of("id", result.definition->id)});
        result.definition.reset();
      }
      record(c.problems_, "definitions", i, id, std::move(result.problems));
      if (result.definition) c.connectors_.push_back(std::move(*result.definition));
    }
  }
  if (pools.is_array()) {
    std::set<std::string> ids;
    for (std::size_t i = 0; i < pools.size(); ++i) {
      auto result = parse_pool(pools.element(i));
      auto id = result.pool ? std::optional<std::string>(result.pool->id) : readable_id(pools.element(i));
      if (result.pool && !ids.insert(result.pool->id).second) {
        result.problems.push_back({"/id", "duplicate_id",
                                   "Another pool already has the id \"" + result.pool->id +
                                       "\"; this one is skipped.",
                                   object_of("id", result.pool->id)});
        result.pool.reset();
      }
      record(c.problems_, "pools", i, id, std::move(result.problems));
      if (result.pool) c.pools_.push_back(std::move(*result.pool));
    }
  } else if (!pools.is_null()) {
    c.problems_.push_back({"pools", 0, std::nullopt,
                           {"", "invalid_type", "The pools must be an array.",
                            object_of("expected", "array")}});
  }
  return c;
}

const connector_definition* catalog::find_connector(std::string_view id) const {
  for (const auto& c : connectors_) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

const connection_pool* catalog::find_pool(std::string_view id) const {
  for (const auto& p : pools_) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

json to_json(const load_problem& p) {
  json out = core::to_json(p.detail);
  out["source"] = p.source;
  out["index"] = p.index;
  out["id"] = p.id ? json(*p.id) : json(nullptr);
  return out;
}

}  // namespace core::catalog
