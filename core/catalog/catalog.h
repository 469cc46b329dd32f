#pragma once
// The connectors a host offers and the connection pools instances may join. Loading keeps
// every valid definition and skips a bad one (a backend must not lose all connectors over
// one broken file), recording why with the definition's position and JSON Pointer.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/catalog/connector.h"
#include "core/catalog/pool.h"
#include "core/common/json_document.h"
#include "core/common/problem.h"

namespace core::catalog {

struct load_problem {
  std::string source;                 // "definitions" or "pools"
  std::size_t index = 0;              // position in that list
  std::optional<std::string> id;      // the item's "id" when it has a readable one
  problem detail;                     // pointer relative to the item
};

class catalog {
 public:
  // `definitions`: an array whose items are definition objects or JSON texts of one
  // definition (a file's content: duplicate keys are then detected too); a single object
  // counts as a one-item array. `pools`: an array of pool objects (or null).
  // `text_problems`: what parsing the text of `definitions` found that the value no longer
  // shows (duplicate keys), with pointers into that document; each rejects its definition.
  // The documents of `definitions` and `pools` must outlive the call only.
  static catalog load(json_view definitions, json_view pools,
                      const problem_list& text_problems = {});

  const std::vector<connector_definition>& connectors() const { return connectors_; }
  const std::vector<connection_pool>& pools() const { return pools_; }
  const std::vector<load_problem>& problems() const { return problems_; }

  const connector_definition* find_connector(std::string_view id) const;
  const connection_pool* find_pool(std::string_view id) const;

 private:
  std::vector<connector_definition> connectors_;
  std::vector<connection_pool> pools_;
  std::vector<load_problem> problems_;
};

nlohmann::json to_json(const load_problem& p);

}  // namespace core::catalog
