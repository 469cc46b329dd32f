#include "core/common/json_parse.h"

#include "core/common/json_document.h"

namespace core {

nlohmann::json parse_json(std::string_view text) {
  if (auto document = json_document::read(text)) return document->root().to_json();
  return nlohmann::json::parse(text.begin(), text.end());
}

nlohmann::json parse_json_or_discarded(std::string_view text) {
  if (auto document = json_document::read(text)) return document->root().to_json();
  return nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

}  // namespace core
