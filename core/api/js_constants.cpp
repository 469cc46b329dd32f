#include "core/api/js_constants.h"

#include <nlohmann/json.hpp>

#include "core/api/time_api.h"
#include "core/catalog/text_template.h"
#include "core/common/boundary.h"
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

constexpr number time_status[] = {
    {"ok", time_ok},          {"badHandle", time_bad_handle},     {"outOfRange", time_out_of_range},
    {"invalid", time_invalid}, {"rejected", time_rejected},       {"parseFailed", time_parse_failed},
    {"internal", time_internal}};

constexpr number wall_field[] = {
    {"year", wall_year},
    {"month", wall_month},
    {"day", wall_day},
    {"hour", wall_hour},
    {"minute", wall_minute},
    {"second", wall_second},
    {"millisecond", wall_millisecond},
    {"microsecond", wall_microsecond},
    {"offset", wall_offset},
    {"dst", wall_dst},
    {"weekday", wall_weekday},
    {"abbreviationLength", wall_abbreviation_length},
    {"count", wall_field_count}};

constexpr number zone_list_columns[] = {
    {"id", zone_list_id},
    {"region", zone_list_region},
    {"label", zone_list_label},
    {"offset", zone_list_offset},
    {"offsetText", zone_list_offset_text},
    {"abbreviation", zone_list_abbreviation},
    {"dst", zone_list_dst},
    {"aliases", zone_list_aliases},
    {"columnCount", zone_list_column_count}};

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
  add(c["TIME_STATUS"], time_status);
  json& disambiguation = c["DISAMBIGUATION"] = json::object();
  for (auto d : core::time::disambiguations) {
    disambiguation[std::string(core::time::disambiguation_name(d))] = static_cast<int>(d);
  }
  add(c["WALL_FIELD"], wall_field);
  add(c["ZONE_LIST"], zone_list_columns);
  add(c["ZONE_LIST"], zone_list_separators);
  add(c["ERROR_CODE"], error_code);
  json& internal = c["INTERNAL_ERROR_CODES"] = json::array();
  for (const char* code : internal_error_codes) internal.push_back(code);
  add(c["SCHEDULER"], scheduler_indexes);
  json& units = c["RATE_UNITS"] = json::array();
  for (auto unit : core::values::rate_units) {
    units.push_back(std::string(core::values::rate_unit_name(unit)));
  }
  json& flaws = c["TEMPLATE_FLAWS"] = json::array();
  for (auto flaw : core::catalog::template_flaws) flaws.push_back(std::string(core::catalog::to_string(flaw)));
  c["ILL_FORMED_MARKER"] = core::values::ill_formed_marker;
  return c.dump();
}

}  // namespace core::api
