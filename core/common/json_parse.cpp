#include "core/common/json_parse.h"

#include "core/common/json_document.h"

namespace core {

std::string json_syntax_error::message() const {
  return "The text is not valid JSON (at byte " + std::to_string(position) + "): " + reason + ".";
}

outcome<nlohmann::json, json_syntax_error> parse_json(std::string_view text) {
  if (auto document = json_document::read(text)) return document->root().to_json();
  json_read_report report;  // read again, only to say why
  json_document::read(text, report);
  return json_syntax_error{report.position, report.reason};
}

nlohmann::json parse_json_or_discarded(std::string_view text) {
  if (auto document = json_document::read(text)) return document->root().to_json();
  return nlohmann::json(nlohmann::json::value_t::discarded);
}

}  // namespace core
