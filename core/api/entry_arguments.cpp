#include "core/api/entry_arguments.h"

#include "core/common/json_parse.h"

namespace core::api {

nlohmann::json argument_error_json(const argument_error& e) { return error_json(invalid_argument_code, e.message); }

outcome<json_document, argument_error> read_argument(std::string_view text, const char* what) {
  if (auto document = json_document::read(text)) return std::move(*document);
  json_read_report report;
  json_document::read(text, report);
  return argument_error{std::string(what) + ": " +
                        (report.too_deep ? "nested more than " + std::to_string(default_max_json_depth) + " levels deep"
                                         : json_syntax_error{report.position, report.reason}.message())};
}

}  // namespace core::api
