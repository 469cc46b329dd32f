#include "core/common/json_parse.h"

#include "core/common/json_document.h"

namespace core {

json_syntax_error::json_syntax_error(std::size_t at, const std::string& reason)
    : std::runtime_error("The text is not valid JSON (at byte " + std::to_string(at) + "): " + reason + "."),
      position(at) {}

nlohmann::json parse_json(std::string_view text) {
  if (auto document = json_document::read(text)) return document->root().to_json();
  json_read_report report;  // read again, only to say why
  json_document::read(text, report);
  throw json_syntax_error(report.position, report.reason);
}

nlohmann::json parse_json_or_discarded(std::string_view text) {
  if (auto document = json_document::read(text)) return document->root().to_json();
  return nlohmann::json(nlohmann::json::value_t::discarded);
}

}  // namespace core
