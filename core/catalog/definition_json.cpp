#include "core/catalog/definition_json.h"

#include "core/common/json_object.h"
#include "core/common/json_text.h"

namespace core::catalog {

using nlohmann::json;

json to_json(const rate_limit& limit) {
  return object_of("amount", limit.amount, "unit", std::string(to_string(limit.unit)));
}

void append_json_text(const rate_limit& limit, std::string& out) {
  out += "{\"amount\":";  // to_json's members, in their order
  out += std::to_string(limit.amount);
  out += ",\"unit\":";
  append_json_string(to_string(limit.unit), out);
  out += '}';
}

json to_json(const variable_definition& v) {
  json out = object_of({{"key", v.key},
                        {"label", v.label},
                        {"alias", v.alias ? json(*v.alias) : json(nullptr)},
                        {"default", v.default_value},
                        {"required", v.required},
                        {"advanced", v.advanced},
                        {"locked", v.locked},
                        {"secret", v.secret},
                        {"type", std::string(to_string(v.input))}});
  if (v.input == input_type::enumeration) out["options"] = v.options;
  if (v.pattern) out["pattern"] = v.pattern->source();
  if (v.help) out["help"] = *v.help;
  if (v.pattern_description) out["patternDescription"] = *v.pattern_description;
  if (v.min) out["min"] = *v.min;
  if (v.max) out["max"] = *v.max;
  return out;
}

json to_json(const auth_method& m) {
  json variables = json::array();
  for (const auto& v : m.variables) variables.push_back(to_json(v));
  json out = object_of({{"id", m.id},
                        {"name", m.name},
                        {"type", std::string(to_string(m.type))},
                        {"certificate", std::string(to_string(m.certificate))},
                        {"variables", std::move(variables)}});
  add_connection_json(m.connection, out);  // issue 8: check request and credential placement
  return out;
}

namespace {

json common_json(const connector_definition& c) {
  return object_of({{"id", c.id},
                    {"name", c.name},
                    {"version", c.version},
                    {"systemType", c.system_type},
                    {"protocol", c.protocol},
                    {"helpUrl", c.help_url ? json(*c.help_url) : json(nullptr)},
                    {"defaults", object_of({{"timeZone", c.defaults.time_zone},
                                            {"dateFormat", c.defaults.date_format},
                                            {"rateLimit", to_json(c.defaults.rate)}})},
                    {"concurrencyLimit", c.concurrency_limit}});
}

}  // namespace

json to_json(const connector_definition& c) {
  json out = common_json(c);
  json methods = json::array();
  for (const auto& m : c.auth_methods) methods.push_back(to_json(m));
  out["authMethods"] = std::move(methods);
  return out;
}

json summary_json(const connector_definition& c) {
  json out = common_json(c);
  json methods = json::array();
  for (const auto& m : c.auth_methods) {
    methods.push_back(object_of({{"id", m.id},
                                 {"name", m.name},
                                 {"type", std::string(to_string(m.type))},
                                 {"certificate", std::string(to_string(m.certificate))}}));
  }
  out["authMethods"] = std::move(methods);
  return out;
}

json to_json(const connection_pool& p) {
  return object_of({{"id", p.id},
                    {"name", p.name},
                    {"limit", p.limit},
                    {"timeout", p.timeout ? json(*p.timeout) : json(nullptr)}});
}

}  // namespace core::catalog
