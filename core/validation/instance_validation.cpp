#include "core/validation/instance_validation.h"

#include <cmath>
#include <set>

#include "core/catalog/definition_json.h"
#include "core/catalog/json_reader.h"
#include "core/catalog/definition_parser.h"
#include "core/catalog/secrets.h"
#include "core/certificate/inspection.h"
#include "core/common/inline.h"
#include "core/common/json_object.h"
#include "core/common/json_text.h"
#include "core/common/utf8.h"
#include "core/time/php_format.h"
#include "core/time/php_legacy_zones.h"
#include "core/time/tz_database.h"
#include "core/time/zone_suggestion.h"
#include "core/validation/name_key.h"
#include "core/values/messages.h"
#include "core/values/text_input.h"
#include "core/values/time_rules.h"
#include "core/values/variable_value.h"

namespace core::validation {
namespace {

using nlohmann::json;
using values::check_variable_value;
using values::field_attribute;
using values::message_for;
using values::read_text;
using values::text_input;
using values::text_input_status;
using values::value_outcome;
namespace cat = core::catalog;

class instance_checker {
 public:
  instance_checker(const cat::catalog& catalog, json_view input,
                   const validation_context& context, instance_validation& out)
      : catalog_(catalog), input_(input), context_(context), out_(out) {}

  void run() {
    unknown_members(input_, "", "an instance",
                    {"connectorId", "name", "timeZone", "dateFormat", "rateLimit", "sharedLimitOf",
                     "poolId", "authMethodId", "credentials", "certificate"});
    const cat::connector_definition* connector = connector_id();
    name();
    time_zone(connector);
    date_format(connector);
    const bool shared = shared_limit();
    if (shared)
      no_own_rate_limit();
    else
      rate_limit(connector);
    pool(connector);
    const cat::auth_method* method = connector ? auth_method(*connector) : nullptr;
    credentials(connector, method);
    certificate(method);
  }

 private:
  json_view member(std::string_view key) const { return input_.member(key); }

  // unknown_field for each member of `object` the shape does not name (a misspelt
  // "timezone" must not leave the zone to its default unnoticed), at `prefix` + its name.
  void unknown_members(json_view object, const std::string& prefix, const char* of,
                       std::initializer_list<std::string_view> known) {
    for (const std::string& key : cat::unknown_members(object, known, false))
      report(prefix + key, key, "unknown_field", object_of("of", of));
  }

  // A field error whose attribute is a variable's label (or a submitted key). Reports are
  // out of line, their texts taken as views: a call site then costs a call, not the
  // construction of its strings (there are some forty sites).
  CORE_COLD_PATH void report(std::string field, std::string_view attribute, std::string_view code,
                                json params) {
    if (out_.errors.size() >= max_reported_errors) {
      ++out_.omitted_errors;
      return;
    }
    std::string message = message_for(code, attribute, params);
    out_.errors.push_back({std::move(field), std::string(code), std::move(message), std::move(params)});
  }
  CORE_COLD_PATH void report(std::string field, std::string_view attribute, std::string_view code) {
    report(std::move(field), attribute, code, json::object());
  }

  // A field error about one of the instance's own fields: the attribute is field_attribute's.
  CORE_COLD_PATH void error(std::string_view field, std::string_view code, json params) {
    const std::string attribute = field_attribute(field);
    report(std::string(field), attribute, code, std::move(params));
  }
  CORE_COLD_PATH void error(std::string_view field, std::string_view code) {
    error(field, code, json::object());
  }

  // The reports of the commonest shapes, their parameters built out of line too.
  CORE_COLD_PATH void error_expected(std::string_view field, const char* type) {
    error(field, "invalid_type", object_of("expected", type));
  }
  CORE_COLD_PATH void error_value(std::string_view field, std::string_view code, std::string_view value) {
    error(field, code, object_of("value", std::string(value)));
  }
  CORE_COLD_PATH void error_too_long(std::string_view field, std::size_t max) {
    error(field, "too_long", object_of("max", max));
  }

  // Reports the failure of a text field that is not usable text; returns the text if it is.
  std::optional<std::string_view> text_or_report(const char* field, const text_input& in,
                                                 bool required) {
    switch (in.status) {
      case text_input_status::absent:
        if (required) error(field, "required");
        return std::nullopt;
      case text_input_status::wrong_type:
        error_expected(field, "string");
        return std::nullopt;
      case text_input_status::ill_formed:
        error(field, "invalid_utf8");
        return std::nullopt;
      case text_input_status::text:
        break;
    }
    return in.value;
  }

  const cat::connector_definition* connector_id() {
    auto text = text_or_report("connectorId", read_text(member("connectorId")), true);
    if (!text) return nullptr;
    if (utf8::trim(*text).empty()) {
      error("connectorId", "required");
      return nullptr;
    }
    const cat::connector_definition* connector = catalog_.find_connector(*text);
    if (!connector) {
      error_value("connectorId", "unknown_connector", *text);
      return nullptr;
    }
    out_.instance.connector_id = connector->id;
    return connector;
  }

  void name() {
    auto text = text_or_report("name", read_text(member("name")), true);
    if (!text) return;
    const std::string_view trimmed = utf8::trim(*text);
    if (trimmed.empty()) return error("name", "required");
    if (utf8::length(trimmed) > max_instance_name_length) {
      return error_too_long("name", max_instance_name_length);
    }
    if (utf8::has_control(trimmed)) return error("name", "invalid_characters");
    if (!context_.existing_names.empty()) {
      const auto key = instance_name_key(trimmed);
      for (const auto& existing : context_.existing_names) {
        if (instance_name_key(existing) == key) return error("name", "taken");
      }
    }
    out_.instance.name = std::string(trimmed);
  }

  void time_zone(const cat::connector_definition* connector) {
    const text_input in = read_text(member("timeZone"));
    if (in.status == text_input_status::absent) {
      out_.instance.time_zone = connector ? connector->defaults.time_zone : "UTC";
      return;
    }
    auto text = text_or_report("timeZone", in, true);
    if (!text) return;
    const std::string_view trimmed = utf8::trim(*text);
    if (trimmed.empty()) return error("timeZone", "required");
    auto canonical = trimmed.size() <= 255 ? core::time::canonical_zone_name(trimmed) : std::nullopt;
    if (!canonical) return unknown_time_zone(trimmed);
    out_.instance.time_zone = std::move(*canonical);
    // PHP opens its legacy names (CET, EST, ...) as one fixed offset: usable, but rarely
    // what the person means
    if (const auto* legacy = core::time::find_php_legacy_zone(*out_.instance.time_zone)) {
      legacy_zone_warning(*legacy);
    }
  }

  CORE_COLD_PATH void unknown_time_zone(std::string_view trimmed) {
    nlohmann::json details = object_of("value", std::string(trimmed));
    if (auto near = core::time::closest_zone_name(trimmed)) details["suggestion"] = *near;
    error("timeZone", "unknown_time_zone", std::move(details));
  }

  CORE_COLD_PATH void legacy_zone_warning(const core::time::php_legacy_zone& legacy) {
    const int hours = legacy.offset_seconds / 3600;
    json params = object_of({{"zone", std::string(legacy.name)},
                             {"offset", std::string("UTC") + (hours < 0 ? "-" : "+") + std::to_string(hours < 0 ? -hours : hours)},
                             {"abbreviation", std::string(legacy.abbreviation)},
                             {"instead", std::string(legacy.instead)},
                             {"place", std::string(legacy.instead_place)}});
    std::string message = message_for("php_legacy_zone", field_attribute("timeZone"), params);
    out_.warnings.push_back({"timeZone", "php_legacy_zone", std::move(message), std::move(params)});
  }

  void date_format(const cat::connector_definition* connector) {
    const text_input in = read_text(member("dateFormat"));
    if (in.status == text_input_status::absent) {
      out_.instance.date_format = connector ? connector->defaults.date_format : "Y-m-d H:i:s";
      return;
    }
    auto text = text_or_report("dateFormat", in, true);
    if (!text) return;
    // Spaces are meaningful in a format (they are written out): no trimming, but a format
    // of spaces only is blank.
    if (utf8::trim(*text).empty()) return error("dateFormat", "required");
    if (utf8::length(*text) > core::time::max_php_format_length) {
      return error_too_long("dateFormat", core::time::max_php_format_length);
    }
    if (utf8::has_control(*text)) return error("dateFormat", "invalid_characters");
    const auto shared = values::shared_date_format_check(*text);
    const values::date_format_check& check = *shared;
    if (check.error) return date_format_error(*check.error);
    if (!check.warnings.empty()) date_format_warnings(check.warnings);
    if (const auto& zone = out_.instance.time_zone) {
      if (auto label = values::utc_label_issue(*text, *zone)) {
        out_.warnings.push_back({"dateFormat", label->code, label->message, object_of("position", label->position)});
      }
    }
    out_.instance.date_format = std::string(*text);
  }

  CORE_COLD_PATH void date_format_error(const values::date_format_issue& issue) {
    error("dateFormat", "invalid_date_format",
          object_of({{"reason", issue.code}, {"detail", issue.message}, {"position", issue.position}}));
  }

  CORE_COLD_PATH void date_format_warnings(const std::vector<values::date_format_issue>& warnings) {
    for (const auto& w : warnings) {
      json params = object_of("position", w.position);
      if (!w.lost.empty()) params["lost"] = w.lost;
      out_.warnings.push_back({"dateFormat", w.code, w.message, std::move(params)});
    }
  }

  void rate_limit(const cat::connector_definition* connector) {
    const json_view rate = member("rateLimit");
    if (rate.is_null()) {
      out_.instance.rate_limit = connector ? connector->defaults.rate : cat::rate_limit{};
      return;
    }
    if (!rate.is_object()) {
      return error_expected("rateLimit", "object");
    }
    unknown_members(rate, "rateLimit.", "a rate limit", {"amount", "unit"});
    std::optional<std::int64_t> amount = rate_amount(rate);
    std::optional<cat::rate_unit> unit;
    const text_input in = read_text(rate.member("unit"));
    if (auto text = text_or_report("rateLimit.unit", in, true)) {
      unit = cat::parse_rate_unit(*text);
      if (!unit) {
        error("rateLimit.unit", "invalid_choice", object_of("options", cat::rate_unit_names()));
      }
    }
    if (amount && unit) out_.instance.rate_limit = cat::rate_limit{*amount, *unit};
  }

  // The instance whose rate limit this one uses (its requests count against that limit,
  // together with that instance's own); true when one is chosen and valid.
  CORE_COLD_PATH bool shared_limit() {
    auto text = text_or_report("sharedLimitOf", read_text(member("sharedLimitOf")), false);
    if (!text || utf8::trim(*text).empty()) return false;  // its own limit ("" from a form too)
    const instance_ref* owner = nullptr;
    for (const auto& i : context_.instances)
      if (i.id == *text && i.id != context_.instance_id) owner = &i;
    if (!owner) {
      error_value("sharedLimitOf", "unknown_instance", *text);
      return false;
    }
    if (owner->shared_limit_of) {
      error("sharedLimitOf", "limit_not_own", object_of("name", owner->name));
      return false;
    }
    std::size_t sharing = 0;
    if (!context_.instance_id.empty())
      for (const auto& i : context_.instances)
        sharing += i.shared_limit_of == context_.instance_id ? 1 : 0;
    if (sharing > 0) {
      error("sharedLimitOf", "limit_is_shared", object_of("count", sharing));
      return false;
    }
    out_.instance.shared_limit_of = owner->id;
    return true;
  }

  // With a shared limit the instance has no limit of its own: one sent anyway is refused
  // rather than silently dropped.
  void no_own_rate_limit() {
    if (!member("rateLimit").is_null()) error("rateLimit", "not_with_shared_limit");
  }

  std::optional<std::int64_t> rate_amount(json_view rate) {
    const char* field = "rateLimit.amount";
    const json_view amount = rate.member("amount");
    if (amount.is_null()) {
      error(field, "required");
      return std::nullopt;
    }
    if (!amount.is_number()) {
      error_expected(field, "integer");
      return std::nullopt;
    }
    const double d = amount.get<double>();
    if (!std::isfinite(d) || std::floor(d) != d) {
      error(field, "not_integer");
      return std::nullopt;
    }
    const bool unsigned_huge = amount.is_number_unsigned() &&
                               amount.get<std::uint64_t>() > static_cast<std::uint64_t>(cat::max_rate_amount);
    if (d < static_cast<double>(cat::min_rate_amount)) {
      error(field, "too_small", object_of("min", cat::min_rate_amount));
      return std::nullopt;
    }
    if (unsigned_huge || d > static_cast<double>(cat::max_rate_amount)) {
      error(field, "too_large", object_of("max", cat::max_rate_amount));
      return std::nullopt;
    }
    return static_cast<std::int64_t>(d);
  }

  void pool(const cat::connector_definition* connector) {
    const text_input in = read_text(member("poolId"));
    auto text = text_or_report("poolId", in, false);
    if (!text || utf8::trim(*text).empty()) return;  // none chosen ("" from a form too)
    if (!connector) return;
    if (!connector->concurrency_limit) return error("poolId", "pool_not_allowed");
    const std::vector<cat::connection_pool>& pools =
        context_.pools ? *context_.pools : catalog_.pools();
    for (const auto& p : pools) {
      if (p.id == *text) {
        out_.instance.pool_id = p.id;
        return;
      }
    }
    error_value("poolId", "unknown_pool", *text);
  }

  const cat::auth_method* auth_method(const cat::connector_definition& connector) {
    const text_input in = read_text(member("authMethodId"));
    if (in.status == text_input_status::absent) {
      if (const cat::auth_method* only = cat::default_auth_method(connector)) {
        out_.instance.auth_method_id = only->id;
        return only;
      }
    }
    auto text = text_or_report("authMethodId", in, true);
    if (!text) return nullptr;
    if (utf8::trim(*text).empty()) {
      error("authMethodId", "required");
      return nullptr;
    }
    const cat::auth_method* method = connector.find_auth_method(*text);
    if (!method) {
      std::vector<std::string> options;
      for (const auto& m : connector.auth_methods) options.push_back(m.id);
      error("authMethodId", "unknown_auth_method",
            object_of("value", std::string(*text), "options", options));
      return nullptr;
    }
    out_.instance.auth_method_id = method->id;
    return method;
  }

  void credentials(const cat::connector_definition* connector, const cat::auth_method* method) {
    const json_view given = member("credentials");  // null or absent: none
    if (!given.is_null() && !given.is_object()) {
      return error_expected("credentials", "object");
    }
    if (!method) return;  // nothing to check them against
    // Which variable each submitted member feeds; unknown members are errors.
    std::vector<json_view> values(method->variables.size());  // absent until given
    for (auto it = given.begin(); it != given.end(); ++it) {
      const std::string_view key = it.key();
      const cat::variable_definition* v = method->find_variable(key);
      const bool by_alias = !v;
      if (!v) v = method->find_by_alias(key);
      if (!v) {
        report("credentials." + std::string(key), key, "unknown_field");
        continue;
      }
      const std::size_t index = static_cast<std::size_t>(v - method->variables.data());
      if (values[index].present()) {
        // both the key and its alias: the key's value counts, the alias is reported
        const std::string alias = v->alias.value_or(std::string(key));
        report("credentials." + alias, v->label, "duplicate_field", object_of("key", v->key, "alias", alias));
        if (by_alias) continue;
      }
      values[index] = *it;
    }
    normalised_instance::credential_values normalised;
    normalised.reserve(method->variables.size());
    for (std::size_t i = 0; i < method->variables.size(); ++i) {
      const cat::variable_definition& v = method->variables[i];
      const auto field = [&v] { return "credentials." + v.key; };  // only for a report
      value_outcome outcome = check_variable_value(v, values[i]);
      if (outcome.violation) {
        report(field(), v.label, outcome.violation->code, outcome.violation->params);
        continue;
      }
      json final_value = std::move(outcome.value);
      if (outcome.blank) final_value = v.default_value;
      if (final_value.is_null()) {
        if (v.required) report(field(), v.label, "required");
        continue;
      }
      if (v.locked && final_value != v.default_value) {
        report(field(), v.label, "locked");
        continue;
      }
      if (cat::is_secret_credential(*connector, v.key)) continue;
      auto at = normalised.end();  // in key order (a method's keys are distinct)
      while (at != normalised.begin() && std::prev(at)->first > v.key) --at;
      normalised.emplace(at, v.key, std::move(final_value));
    }
    out_.instance.credentials = std::move(normalised);
  }

  CORE_COLD_PATH void certificate(const cat::auth_method* method) {
    const json_view given = member("certificate");
    const auto requirement = method ? method->certificate : cat::certificate_requirement::optional;
    if (given.is_null()) {
      if (requirement == cat::certificate_requirement::required) {
        error("certificate", "required");
      }
      return;
    }
    if (requirement == cat::certificate_requirement::none) {
      return error("certificate", "not_allowed");
    }
    if (!given.is_object()) {
      return error_expected("certificate", "object");
    }
    unknown_members(given, "certificate.", "a certificate", {"data", "passphrase"});
    const text_input data_in = read_text(given.member("data"));
    const text_input pass_in = read_text(given.member("passphrase"));
    auto data = text_or_report("certificate", data_in, true);
    auto passphrase = text_or_report("certificate.passphrase", pass_in, false);
    // whether the inspection's verdict on the passphrase is news (not when it already has
    // an error of its own)
    bool passphrase_ok = pass_in.status == text_input_status::absent || passphrase;
    if (passphrase && utf8::length(*passphrase) > max_passphrase_length) {
      error_too_long("certificate.passphrase", max_passphrase_length);
      passphrase.reset();
      passphrase_ok = false;
    }
    if (!data) return;
    if (utf8::trim(*data).empty()) return error("certificate", "required");
    if (data->size() > max_certificate_bytes) {
      return error("certificate", "too_large",
                   object_of("max", max_certificate_bytes, "unit", "bytes"));
    }
    certificate::inspection_options options;
    options.passphrase = passphrase;
    options.now_ms = context_.now_ms;
    const certificate::inspection found = certificate::inspect_certificate(*data, options);
    for (const auto& issue : found.issues) {
      if (issue.about_passphrase) {
        if (passphrase_ok) error("certificate.passphrase", issue.code, issue.params);
      } else {
        error("certificate", issue.code, issue.params);
      }
    }
    if (!found.issues.empty()) return;
    json certificates = json::array();
    for (const auto& c : found.certificates) {
      certificates.push_back(object_of({{"subject", c.subject_common_name.empty()
                                              ? json(nullptr)
                                              : json(c.subject_common_name)},
                                        {"notBefore", c.not_before_ms},
                                        {"notAfter", c.not_after_ms}}));
    }
    out_.instance.certificate = object_of({{"format", std::string(certificate::to_string(found.format))},
                                           {"certificates", std::move(certificates)},
                                           {"privateKeyEncrypted", found.private_key_encrypted},
                                           {"passphraseChecked", !found.passphrase_unchecked}});
  }

  const cat::catalog& catalog_;
  json_view input_;
  const validation_context& context_;
  instance_validation& out_;
};

}  // namespace

json normalised_instance::to_json() const {
  if (!is_object) return nullptr;
  json credentials_json = nullptr;
  if (credentials) {
    credentials_json = json::object();
    for (const auto& [key, value] : *credentials) credentials_json[key] = value;
  }
  const auto text = [](const std::optional<std::string>& value) {
    return value ? json(*value) : json(nullptr);
  };
  return object_of({{"authMethodId", text(auth_method_id)},
                    {"certificate", certificate},
                    {"connectorId", text(connector_id)},
                    {"credentials", credentials_json},
                    {"dateFormat", text(date_format)},
                    {"name", text(name)},
                    {"poolId", text(pool_id)},
                    {"rateLimit", rate_limit ? cat::to_json(*rate_limit) : json(nullptr)},
                    {"sharedLimitOf", text(shared_limit_of)},
                    {"timeZone", text(time_zone)}});
}

void append_json_text(const normalised_instance& instance, std::string& out) {
  if (!instance.is_object) {
    out += "null";
    return;
  }
  const auto text = [&out](const char* member, const std::optional<std::string>& value) {
    out += member;
    if (value) {
      append_json_string(*value, out);
    } else {
      out += "null";
    }
  };
  // the members in to_json's order: an object's keys are sorted
  text("{\"authMethodId\":", instance.auth_method_id);
  out += ",\"certificate\":";
  core::append_json_text(instance.certificate, out);
  text(",\"connectorId\":", instance.connector_id);
  out += ",\"credentials\":";
  if (instance.credentials) {
    out += '{';
    bool first = true;
    for (const auto& [key, value] : *instance.credentials) {
      if (!first) out += ',';
      first = false;
      append_json_string(key, out);
      out += ':';
      core::append_json_text(value, out);
    }
    out += '}';
  } else {
    out += "null";
  }
  text(",\"dateFormat\":", instance.date_format);
  text(",\"name\":", instance.name);
  text(",\"poolId\":", instance.pool_id);
  out += ",\"rateLimit\":";
  if (instance.rate_limit) {
    cat::append_json_text(*instance.rate_limit, out);
  } else {
    out += "null";
  }
  text(",\"sharedLimitOf\":", instance.shared_limit_of);
  text(",\"timeZone\":", instance.time_zone);
  out += '}';
}

instance_validation validate_instance(const cat::catalog& catalog, const json& instance,
                                      const validation_context& context) {
  const json_document document = json_document::of(instance);
  return validate_instance(catalog, document.root(), context);
}

instance_validation validate_instance(const cat::catalog& catalog, json_view instance,
                                      const validation_context& context) {
  instance_validation out;
  if (!instance.is_object()) {
    out.errors.push_back({"", "invalid_type", "The instance must be an object.",
                          object_of("expected", "object")});
    out.instance.is_object = false;
    return out;
  }
  instance_checker(catalog, instance, context, out).run();
  return out;
}

std::vector<instance_ref> limit_owner_choices(const validation_context& context) {
  std::vector<instance_ref> out;
  if (!context.instance_id.empty())
    for (const auto& i : context.instances)
      if (i.shared_limit_of == context.instance_id) return out;
  for (const auto& i : context.instances)
    if (!i.shared_limit_of && i.id != context.instance_id) out.push_back(i);
  return out;
}

context_parse_result parse_validation_context(const json& value) {
  const json_document document = json_document::of(value);
  return parse_validation_context(document.root());
}

context_parse_result parse_validation_context(json_view value) {
  context_parse_result result;
  validation_context context;
  if (value.is_null()) {
    result.context = std::move(context);
    return result;
  }
  if (!value.is_object()) {
    result.error = "the validation context must be an object";
    return result;
  }
  if (const json_view names = value.member("existingNames"); !names.is_null()) {
    if (!names.is_array()) {
      result.error = "existingNames must be an array of strings";
      return result;
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
      const json_view name = names.element(i);
      if (values::is_ill_formed_marker(name)) continue;  // cannot equal a well-formed name
      if (!name.is_string()) {
        result.error = "existingNames must be an array of strings";
        return result;
      }
      context.existing_names.emplace_back(name.get<std::string_view>());
    }
  }
  if (const json_view given = value.member("pools"); !given.is_null()) {
    if (!given.is_array()) {
      result.error = "pools must be an array of pools";
      return result;
    }
    std::vector<cat::connection_pool> pools;
    for (std::size_t i = 0; i < given.size(); ++i) {
      auto parsed = cat::parse_pool(given.element(i));
      if (!parsed.pool) {
        result.error = "pools[" + std::to_string(i) + "] is not a valid pool: " +
                       parsed.problems.front().message;
        return result;
      }
      pools.push_back(std::move(*parsed.pool));
    }
    context.pools = std::move(pools);
  }
  if (const json_view instances = value.member("instances"); !instances.is_null()) {
    const char* shape = "instances must be an array of {id, name, sharedLimitOf} with string members";
    if (!instances.is_array()) {
      result.error = shape;
      return result;
    }
    for (std::size_t i = 0; i < instances.size(); ++i) {
      const json_view item = instances.element(i);
      const auto text = [&](const char* key, bool optional) -> std::optional<std::string> {
        if (!item.is_object()) return std::nullopt;
        const json_view m = item.member(key);
        if (m.is_null()) return optional ? std::optional<std::string>("") : std::nullopt;
        if (!m.is_string()) return std::nullopt;
        return std::string(m.get<std::string_view>());
      };
      auto id = text("id", false);
      auto name = text("name", false);
      auto owner = text("sharedLimitOf", true);
      if (!id || !name || !owner) {
        result.error = shape;
        return result;
      }
      instance_ref ref{std::move(*id), std::move(*name), std::nullopt};
      if (!owner->empty()) ref.shared_limit_of = std::move(*owner);
      context.instances.push_back(std::move(ref));
    }
  }
  if (const json_view id = value.member("instanceId"); !id.is_null()) {
    if (!id.is_string()) {
      result.error = "instanceId must be a string";
      return result;
    }
    context.instance_id = std::string(id.get<std::string_view>());
  }
  if (const json_view now = value.member("now"); !now.is_null()) {
    if (!now.is_number() || !std::isfinite(now.get<double>()) || std::fabs(now.get<double>()) > 8.64e15) {
      result.error = "now must be a number (epoch milliseconds)";
      return result;
    }
    context.now_ms = static_cast<std::int64_t>(std::floor(now.get<double>()));
  }
  result.context = std::move(context);
  return result;
}

}  // namespace core::validation
