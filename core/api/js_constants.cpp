#include "core/api/js_constants.h"

#include <nlohmann/json.hpp>

#include "core/api/time_api.h"
#include "core/catalog/secrets.h"
#include "core/catalog/text_template.h"
#include "core/common/boundary.h"
#include "core/common/json_text.h"
#include "core/schedule/scheduler.h"
#include "core/time/zoned_time.h"
#include "core/values/rate_unit.h"
#include "core/values/text_input.h"

namespace core::api {
namespace {

using nlohmann::json;

// Tables rather than nested initializer lists: each nlohmann initializer element is
// inlined code, tables are data (the module carries this function too).
struct number {
  const char* name;
  int value;
};
struct text {
  const char* name;
  const char* value;
};

constexpr number time_statuses[] = {
    {"ok", time_status::ok},          {"badHandle", time_status::bad_handle},     {"outOfRange", time_status::out_of_range},
    {"invalid", time_status::invalid}, {"rejected", time_status::rejected},       {"parseFailed", time_status::parse_failed},
    {"internal", time_status::internal}};

constexpr number wall_fields[] = {
    {"year", wall_field::year},
    {"month", wall_field::month},
    {"day", wall_field::day},
    {"hour", wall_field::hour},
    {"minute", wall_field::minute},
    {"second", wall_field::second},
    {"millisecond", wall_field::millisecond},
    {"microsecond", wall_field::microsecond},
    {"offset", wall_field::offset},
    {"dst", wall_field::dst},
    {"weekday", wall_field::weekday},
    {"abbreviationLength", wall_field::abbreviation_length},
    {"count", wall_field::count}};

constexpr number zone_list_columns[] = {
    {"id", zone_list_column::id},
    {"region", zone_list_column::region},
    {"label", zone_list_column::label},
    {"offset", zone_list_column::offset},
    {"offsetText", zone_list_column::offset_text},
    {"abbreviation", zone_list_column::abbreviation},
    {"dst", zone_list_column::dst},
    {"aliases", zone_list_column::aliases},
    {"columnCount", zone_list_column::count}};

constexpr char column_separator[] = {zone_list_column_separator, 0};
constexpr char line_separator[] = {zone_list_line_separator, 0};
constexpr char alias_separator[] = {zone_list_alias_separator, 0};
constexpr text zone_list_separators[] = {{"columnSeparator", column_separator},
                                         {"lineSeparator", line_separator},
                                         {"aliasSeparator", alias_separator}};

constexpr text error_code[] = {{"invalidJson", invalid_json_code},
                               {"invalidArgument", invalid_argument_code},
                               {"internal", internal_code},
                               {"outOfMemory", out_of_memory_code}};

constexpr number scheduler_indexes[] = {{"unlimitedLimit", core::schedule::scheduler::unlimited},
                                        {"noPool", core::schedule::scheduler::no_pool}};

template <class Entry, std::size_t n>
void add(json& object, const Entry (&entries)[n]) {
  for (const Entry& e : entries) object[e.name] = e.value;
}

}  // namespace

std::string js_constants_json() {
  json c = json::object();
  add(c["TIME_STATUS"], time_statuses);
  json& disambiguation = c["DISAMBIGUATION"] = json::object();
  for (auto d : core::time::disambiguations) {
    disambiguation[std::string(core::time::disambiguation_name(d))] = static_cast<int>(d);
  }
  add(c["WALL_FIELD"], wall_fields);
  add(c["ZONE_LIST"], zone_list_columns);
  add(c["ZONE_LIST"], zone_list_separators);
  add(c["ERROR_CODE"], error_code);
  json& internal = c["INTERNAL_ERROR_CODES"] = json::array();
  for (const char* code : internal_error_codes) internal.push_back(code);
  json& argument = c["ARGUMENT_ERROR_CODES"] = json::array();
  for (const char* code : argument_error_codes) argument.push_back(code);
  for (const char* code : time_argument_error_codes) argument.push_back(code);
  c["MAX_FORMAT_LENGTH"] = core::time::max_php_format_length;
  add(c["SCHEDULER"], scheduler_indexes);
  json& units = c["RATE_UNITS"] = json::array();
  for (auto unit : core::values::rate_units) {
    units.push_back(std::string(core::values::rate_unit_name(unit)));
  }
  json& flaws = c["TEMPLATE_FLAWS"] = json::array();
  for (auto flaw : core::catalog::template_flaws) flaws.push_back(std::string(core::catalog::to_string(flaw)));
  c["ILL_FORMED_MARKER"] = core::values::ill_formed_marker;
  c["SECRET_MASK"] = core::catalog::secret_mask;
  return json_text(c);
}

}  // namespace core::api
