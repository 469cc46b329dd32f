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

#include "core/common/json_document.h"
#include "core/common/problem.h"

namespace core {

// The document of a hand-written text and its problems: the document is absent when the text
// is not JSON or nests too deep; duplicate keys leave it readable (the last one wins) and
// are listed, in the order of the text. Keep the result where it is while views of its
// document are in use.
struct strict_json_document {
  std::optional<json_document> document;
  problem_list problems;
};

strict_json_document read_strict_json(std::string_view text,
                                      std::size_t max_depth = default_max_json_depth);

}  // namespace core
