#include "core/catalog/definition_parser.h"

#include <cmath>
#include <set>

#include "core/catalog/connection_spec_parser.h"
#include "core/catalog/json_reader.h"
#include "core/catalog/variable.h"
#include "core/common/json_document.h"
#include "core/common/json_object.h"
#include "core/common/json_pointer.h"
#include "core/common/strict_json.h"
#include "core/time/php_format.h"
#include "core/time/tz_database.h"
#include "core/values/messages.h"
#include "core/values/text_formats.h"
#include "core/values/time_rules.h"
#include "core/values/variable_value.h"

namespace core::catalog {
namespace {

using nlohmann::json;

const string_rules name_rules{1, 255, false};
const string_rules date_format_rules{1, core::time::max_php_format_length, false};
const string_rules help_rules{1, 1024, false};  // a variable's help text
const string_rules short_rules{1, 64, false};
const string_rules url_rules{1, 2048, false};

constexpr std::size_t max_auth_methods = 20;
constexpr std::size_t max_variables = 100;
constexpr std::size_t max_options = 500;

const char* const id_rule_text =
    "1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit";

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::optional<std::string> read_name_like(json_reader& in, std::string_view key,
                                          bool (*rule)(std::string_view), const char* rule_text,
                                          bool required) {
  auto value = required ? in.required_string(key, short_rules)
                        : in.optional_string(key, short_rules);
  if (value && !rule(*value)) {
    in.add(in.pointer_to(key), "invalid_identifier",
           "\"" + std::string(key) + "\" must be " + rule_text + ".", object_of("rule", rule_text));
    return std::nullopt;
  }
  return value;
}

// An enumerated string member ("type": "token"); records `code` with the allowed values.
template <class Enum>
std::optional<Enum> read_choice(json_reader& in, std::string_view key, bool required,
                                std::optional<Enum> (*parse)(std::string_view),
                                const char* code, std::vector<std::string> allowed) {
  auto text = required ? in.required_string(key, short_rules) : in.optional_string(key, short_rules);
  if (!text) return std::nullopt;
  auto value = parse(*text);
  if (!value) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    in.add(in.pointer_to(key), code,
           "\"" + std::string(key) + "\" must be one of: " + list + ".",
           object_of("value", *text, "allowed", allowed));
  }
  return value;
}

json_view read_array(json_reader& in, std::string_view key, bool required, std::size_t min,
                     std::size_t max) {
  const json_view node = in.member(key);
  if (!node) {
    if (required && in.is_object()) {
      in.add(in.pointer_to(key), "required", "\"" + std::string(key) + "\" is required.");
    }
    return {};
  }
  const std::string name = "\"" + std::string(key) + "\"";
  if (!node.is_array()) {
    in.wrong_type(key, "array", node);
    return {};
  }
  if (node.size() < min) {
    in.add(in.pointer_to(key), "too_short",
           name + " must have at least " + std::to_string(min) + " item(s).", object_of("min", min));
    return {};
  }
  if (node.size() > max) {
    in.add(in.pointer_to(key), "too_long",
           name + " may not have more than " + std::to_string(max) + " items.", object_of("max", max));
    return {};
  }
  return node;
}

void read_options(json_reader& in, variable_definition& v) {
  const json_view node = read_array(in, "options", v.input == input_type::enumeration, 1, max_options);
  if (!node) return;
  const std::string base = in.pointer_to("options");
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const json_view option = node.element(i);
    const std::string ptr = pointer_append(base, i);
    if (!option.is_string()) {
      in.add(ptr, "invalid_type", "An option must be a string, found " + json_type_phrase(option) + ".",
             object_of("expected", "string"));
      continue;
    }
    const std::string text(option.get<std::string_view>());
    json params = json::object();
    if (auto issue = check_string(text, "option", string_rules{1, max_value_length, false}, params)) {
      in.add(ptr, issue->first, issue->second, std::move(params));
      continue;
    }
    if (!seen.insert(text).second) {
      in.add(ptr, "duplicate_option", "The option \"" + text + "\" is listed twice.",
             object_of("value", text));
      continue;
    }
    v.options.push_back(text);
  }
}

void read_bounds(json_reader& in, variable_definition& v) {
  v.min = in.optional_number("min");
  v.max = in.optional_number("max");
  const bool numeric = is_numeric(v.input);
  for (auto [key, bound] : {std::pair<const char*, std::optional<double>*>{"min", &v.min},
                            {"max", &v.max}}) {
    if (!*bound) continue;
    const double b = **bound;
    const std::string name = "\"" + std::string(key) + "\"";
    if ((v.input == input_type::integer || !numeric) && std::floor(b) != b) {
      in.add(in.pointer_to(key), "not_integer", name + " must be an integer.");
      bound->reset();
    } else if (!numeric && b < 0) {
      in.add(in.pointer_to(key), "too_small",
             name + " bounds a length in characters: it must be at least 0.", object_of("min", 0));
      bound->reset();
    } else if (!numeric && b > static_cast<double>(max_value_length)) {
      in.add(in.pointer_to(key), "too_large",
             name + " bounds a length in characters: it may not be greater than " +
                 std::to_string(max_value_length) + ".",
             object_of("max", max_value_length));
      bound->reset();
    } else if (numeric && std::fabs(b) > static_cast<double>(max_safe_integer)) {
      in.add(in.pointer_to(key), "too_large",
             name + " must lie within +/-" + std::to_string(max_safe_integer) + ".",
             object_of("max", max_safe_integer));
      bound->reset();
    }
  }
  if (v.min && v.max && *v.min > *v.max) {
    in.add(in.pointer_to("max"), "min_greater_than_max", "\"min\" is greater than \"max\".",
           object_of("min", *v.min, "max", *v.max));
  }
}

void not_applicable(json_reader& in, std::string_view key, input_type type) {
  if (!in.member(key)) return;
  in.add(in.pointer_to(key), "not_applicable",
         "\"" + std::string(key) + "\" does not apply to variables of type \"" +
             std::string(to_string(type)) + "\".",
         object_of("type", std::string(to_string(type))));
}

std::optional<variable_definition> parse_variable(json_view node, const std::string& pointer,
                                                  problem_list& problems) {
  const std::size_t before = problems.size();
  json_reader in(node, pointer, problems);
  if (!in.is_object()) return std::nullopt;
  in.reject_unknown({"key", "label", "help", "alias", "default", "required", "advanced", "locked",
                     "secret", "type", "options", "pattern", "patternDescription", "min", "max"});
  variable_definition v;
  auto key = read_name_like(in, "key", is_variable_key, variable_key_rule, true);
  auto label = in.required_string("label", name_rules);
  auto alias = read_name_like(in, "alias", is_variable_key, variable_key_rule, false);
  if (key) v.key = *key;
  if (label) v.label = *label;
  v.help = in.optional_string("help", help_rules);
  v.alias = alias;
  if (key && alias && *key == *alias) {
    in.add(in.pointer_to("alias"), "duplicate_variable", "\"alias\" repeats the key.",
           object_of("key", *key));
  }
  v.required = in.optional_bool("required").value_or(false);
  v.advanced = in.optional_bool("advanced").value_or(false);
  v.locked = in.optional_bool("locked").value_or(false);
  v.secret = in.optional_bool("secret").value_or(false);
  if (auto type = read_choice<input_type>(in, "type", false, parse_input_type, "unknown_input_type",
                                          {"text", "secret", "url", "email", "integer", "number",
                                           "enum", "boolean", "multiline"})) {
    v.input = *type;
  } else if (in.member("type")) {
    return std::nullopt;  // the rules of an unknown type cannot be checked further
  }
  if (v.input == input_type::secret) v.secret = true;

  const bool choice = v.input == input_type::enumeration || v.input == input_type::boolean;
  if (v.input == input_type::enumeration) {
    read_options(in, v);
  } else {
    not_applicable(in, "options", v.input);
  }
  if (choice) {
    not_applicable(in, "pattern", v.input);
    not_applicable(in, "patternDescription", v.input);
    not_applicable(in, "min", v.input);
    not_applicable(in, "max", v.input);
  } else {
    if (auto source = in.optional_string("pattern", string_rules{1, pattern::max_source_length, false})) {
      auto compiled = pattern::compile(*source);
      if (compiled.error) {
        in.add(in.pointer_to("pattern"), compiled.error->code,
               "\"pattern\" " + compiled.error->message + " (at character " +
                   std::to_string(compiled.error->position) + ").",
               object_of("position", compiled.error->position));
      } else {
        v.pattern = std::move(compiled.value);
      }
    }
    v.pattern_description = in.optional_string("patternDescription", name_rules);
    if (v.pattern_description && !in.member("pattern")) {
      in.add(in.pointer_to("patternDescription"), "not_applicable",
             "\"patternDescription\" needs a \"pattern\".");
    }
    read_bounds(in, v);
  }

  if (const json_view def = in.member("default")) {
    // The default must pass the variable's own rules; checked only once those are sound.
    if (problems.size() == before) {
      const auto outcome = values::check_variable_value(v, def);
      if (outcome.violation) {
        const std::string reason = values::message_for(
            outcome.violation->code, v.label.empty() ? v.key : v.label, outcome.violation->params);
        json params = outcome.violation->params;
        params["reason"] = outcome.violation->code;
        in.add(in.pointer_to("default"), "invalid_default",
               "The default value breaks the variable's own rules: " + reason, std::move(params));
      } else {
        v.default_value = outcome.value;  // null when blank: no default
      }
    }
  }
  if (v.locked && v.default_value.is_null() && problems.size() == before) {
    in.add(in.pointer_to("locked"), "locked_without_default",
           "A locked variable needs a non-empty \"default\".");
  }
  if (problems.size() != before) return std::nullopt;
  return v;
}

std::optional<auth_method> parse_auth_method(json_view node, const std::string& pointer,
                                             problem_list& problems,
                                             const std::optional<inherited_base_url>& base_url) {
  const std::size_t before = problems.size();
  json_reader in(node, pointer, problems);
  if (!in.is_object()) return std::nullopt;
  in.reject_unknown({"id", "name", "type", "certificate", "variables",
                     // how requests reach the system (docs/connection-test.md, docs/gateway.md)
                     "baseUrl", "check", "basic", "token", "oauth2", "oauth1"});
  auth_method m;
  if (auto id = read_name_like(in, "id", is_identifier, id_rule_text, true)) m.id = *id;
  if (auto name = in.required_string("name", name_rules)) m.name = *name;
  if (auto type = read_choice<auth_type>(in, "type", true, parse_auth_type, "unknown_auth_type",
                                         {"basic", "token", "oauth2_client_credentials",
                                          "oauth2_authorization_code", "oauth1"})) {
    m.type = *type;
  }
  if (auto certificate = read_choice<certificate_requirement>(
          in, "certificate", false, parse_certificate_requirement,
          "unknown_certificate_requirement", {"none", "optional", "required"})) {
    m.certificate = *certificate;
  }
  if (const json_view variables = read_array(in, "variables", false, 0, max_variables)) {
    const std::string base = in.pointer_to("variables");
    std::set<std::string> names;  // keys and aliases share one namespace
    for (std::size_t i = 0; i < variables.size(); ++i) {
      const std::string ptr = pointer_append(base, i);
      auto v = parse_variable(variables.element(i), ptr, problems);
      if (!v) continue;
      bool clash = false;
      for (const auto& [member, name] : {std::pair<const char*, std::optional<std::string>>{
                                             "key", v->key},
                                         {"alias", v->alias}}) {
        if (name && !names.insert(*name).second) {
          problems.push_back({pointer_append(ptr, member), "duplicate_variable",
                              "\"" + *name + "\" is already the key or alias of another variable.",
                              object_of("key", *name)});
          clash = true;
        }
      }
      if (!clash) m.variables.push_back(std::move(*v));
    }
  }
  if (in.member("type") && problems.size() == before) parse_connection_spec(in, m, base_url);
  if (problems.size() != before) return std::nullopt;
  return m;
}

void parse_defaults(json_reader& parent, instance_defaults& out, problem_list& problems) {
  const json_view node = parent.member("defaults");
  if (!node) return;
  json_reader in(node, parent.pointer_to("defaults"), problems);
  if (!in.is_object()) return;
  in.reject_unknown({"timeZone", "dateFormat", "rateLimit"});
  if (auto zone = in.optional_string("timeZone", short_rules)) {
    if (auto canonical = core::time::canonical_zone_name(*zone)) {
      out.time_zone = *canonical;
    } else {
      in.add(in.pointer_to("timeZone"), "unknown_time_zone",
             "\"timeZone\" is not a time zone of the IANA database: \"" + *zone + "\".",
             object_of("value", *zone));
    }
  }
  if (auto format = in.optional_string("dateFormat", date_format_rules)) {
    const auto check = values::check_date_format(*format);
    if (check.error) {
      in.add(in.pointer_to("dateFormat"), "invalid_date_format",
             "\"dateFormat\" is not a usable PHP date format: " + check.error->message,
             object_of("reason", check.error->code, "position", check.error->position));
    } else {
      out.date_format = *format;
    }
  }
  if (const json_view rate = in.member("rateLimit")) {
    json_reader r(rate, in.pointer_to("rateLimit"), problems);
    if (!r.is_object()) return;
    r.reject_unknown({"amount", "unit"});
    if (auto limit = read_rate_limit(r)) out.rate = *limit;
  }
}

}  // namespace

bool is_identifier(std::string_view text) {
  if (text.empty() || text.size() > 64 || !is_alnum(text.front())) return false;
  for (char c : text) {
    if (!is_alnum(c) && c != '_' && c != '-' && c != '.') return false;
  }
  return true;
}

definition_result parse_connector_definition(json_view document, const std::string& pointer) {
  definition_result result;
  problem_list& problems = result.problems;
  json_reader in(document, pointer, problems);
  if (!in.is_object()) return result;
  in.reject_unknown({"$schema", "id", "name", "version", "systemType", "protocol", "helpUrl",
                     "defaults", "concurrencyLimit", "baseUrl", "authMethods"});
  connector_definition d;
  if (auto id = read_name_like(in, "id", is_identifier, id_rule_text, true)) d.id = *id;
  if (auto name = in.required_string("name", name_rules)) d.name = *name;
  if (auto version = in.required_string("version", short_rules)) d.version = *version;
  if (auto system = in.required_string("systemType", short_rules)) d.system_type = *system;
  if (auto protocol = in.required_string("protocol", short_rules)) d.protocol = *protocol;
  if (auto url = in.optional_string("helpUrl", url_rules)) {
    if (values::is_web_url(*url)) {
      d.help_url = *url;
    } else {
      in.add(in.pointer_to("helpUrl"), "invalid_url",
             "\"helpUrl\" must be an absolute http or https URL.");
    }
  }
  parse_defaults(in, d.defaults, problems);
  d.concurrency_limit = in.optional_bool("concurrencyLimit").value_or(false);
  std::optional<inherited_base_url> base_url;
  if (auto text = in.optional_string("baseUrl", url_rules)) {
    base_url = inherited_base_url{*text, in.pointer_to("baseUrl")};
  }
  if (const json_view methods = read_array(in, "authMethods", true, 1, max_auth_methods)) {
    const std::string base = in.pointer_to("authMethods");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < methods.size(); ++i) {
      const std::string ptr = pointer_append(base, i);
      auto m = parse_auth_method(methods.element(i), ptr, problems, base_url);
      if (!m) continue;
      if (!ids.insert(m->id).second) {
        problems.push_back({pointer_append(ptr, "id"), "duplicate_id",
                            "The authentication method id \"" + m->id + "\" is used twice.",
                            object_of("id", m->id)});
        continue;
      }
      d.auth_methods.push_back(std::move(*m));
    }
  }
  if (problems.empty()) result.definition = std::move(d);
  return result;
}

definition_result parse_connector_definition_text(std::string_view text) {
  auto parsed = read_strict_json(text);
  if (!parsed.document) return definition_result{std::nullopt, std::move(parsed.problems)};
  auto result = parse_connector_definition(parsed.document->root());
  if (!parsed.problems.empty()) {  // duplicate keys: reported first, the definition rejected
    parsed.problems.insert(parsed.problems.end(), result.problems.begin(), result.problems.end());
    result.problems = std::move(parsed.problems);
    result.definition.reset();
  }
  return result;
}

pool_result parse_pool(json_view document, const std::string& pointer) {
  pool_result result;
  json_reader in(document, pointer, result.problems);
  if (!in.is_object()) return result;
  in.reject_unknown({"id", "name", "limit", "timeout"});
  connection_pool p;
  if (auto id = read_name_like(in, "id", is_identifier, id_rule_text, true)) p.id = *id;
  if (auto name = in.required_string("name", string_rules{1, max_pool_name_length, false})) {
    p.name = *name;
  }
  if (auto settings = read_pool_settings(in)) {
    p.limit = settings->limit;
    p.timeout = settings->timeout;
  }
  if (result.problems.empty()) result.pool = std::move(p);
  return result;
}

std::optional<rate_limit> read_rate_limit(json_reader& in) {
  if (!in.is_object()) return std::nullopt;
  const auto amount = in.integer("amount", true, min_rate_amount, max_rate_amount);
  const auto unit = read_choice<rate_unit>(in, "unit", true, parse_rate_unit, "invalid_choice",
                                           rate_unit_names());
  if (!amount || !unit) return std::nullopt;
  return rate_limit{*amount, *unit};
}

std::optional<pool_settings> read_pool_settings(json_reader& in) {
  if (!in.is_object()) return std::nullopt;
  const std::size_t before = in.problems().size();
  const auto limit = in.integer("limit", true, min_pool_limit, max_pool_limit);
  const auto timeout = in.integer("timeout", false, min_pool_timeout, max_safe_integer);
  if (!limit || in.problems().size() != before) return std::nullopt;
  return pool_settings{*limit, timeout};
}

pool_result parse_pool_text(std::string_view text) {
  auto parsed = read_strict_json(text);
  if (!parsed.document) return pool_result{std::nullopt, std::move(parsed.problems)};
  auto result = parse_pool(parsed.document->root());
  if (!parsed.problems.empty()) {
    parsed.problems.insert(parsed.problems.end(), result.problems.begin(), result.problems.end());
    result.problems = std::move(parsed.problems);
    result.pool.reset();
  }
  return result;
}

}  // namespace core::catalog
