#pragma once
// Parsing JSON text that users write by hand (connector definitions, pools). nlohmann keeps
// the last of two equal keys silently; here a duplicate key is a problem ("duplicate_key",
// pointing at the repeated member, in the order of the text). Nesting deeper than
// max_depth stops the parse ("too_deep") so that later recursive walks and dumps stay
// bounded. Text that is not JSON gives one "invalid_json" problem with the byte offset.
// The text is read by json_document's reader.
#include <cstddef>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/common/json_document.h"
#include "core/common/problem.h"

namespace core {

struct strict_json_result {
  // The document (the last of duplicate keys wins), absent when the text is not JSON.
  std::optional<nlohmann::json> value;
  problem_list problems;
};

strict_json_result parse_strict_json(std::string_view text,
                                     std::size_t max_depth = default_max_json_depth);

// The depth of a document (a scalar is 1), bounded: stops counting past `limit`.
std::size_t json_depth(const nlohmann::json& value, std::size_t limit);

}  // namespace core
