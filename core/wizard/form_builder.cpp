#include "core/wizard/form_builder.h"

#include <string>

#include "core/catalog/rate_limit.h"
#include "core/catalog/secrets.h"
#include "core/time/zone_list.h"
#include "core/wizard/date_format_presets.h"

namespace core {
namespace wizard {

namespace {

namespace cat = core::catalog;

field_spec input(std::string key, std::string label, std::string type, bool required) {
  field_spec f;
  f.key = std::move(key);
  f.label = std::move(label);
  f.type = std::move(type);
  f.required = required;
  return f;
}

std::vector<field_spec> settings_fields(const cat::connector_definition& connector,
                                        const std::vector<cat::connection_pool>& pools,
                                        const std::vector<validation::instance_ref>& limit_owners) {
  std::vector<field_spec> out;

  auto zone = input("timeZone", "Time zone", "timezone", true);
  zone.default_value = connector.defaults.time_zone;
  zone.help = "The time zone of the dates this connector exchanges.";
  out.push_back(std::move(zone));

  auto format = input("dateFormat", "Date format", "date_format", true);
  format.default_value = connector.defaults.date_format;
  // the connector's default first when no preset is it, so it can be picked again
  bool default_listed = false;
  for (const auto& p : date_format_presets()) default_listed = default_listed || p.format == connector.defaults.date_format;
  if (!default_listed)
    format.options.push_back({connector.defaults.date_format, connector.defaults.date_format + "  (this connector's default)"});
  for (const auto& p : date_format_presets())
    format.options.push_back({std::string(p.format), std::string(p.example) + "  (" + std::string(p.format) + ")"});
  format.help = "A PHP date() format; pick a preset or type your own.";
  out.push_back(std::move(format));

  const bool can_share = !limit_owners.empty();
  if (can_share) {
    auto shared = input("sharedLimitOf", "Share the rate limit of", "enum", false);
    shared.clearable = true;
    for (const auto& owner : limit_owners) shared.options.push_back({owner.id, owner.name});
    shared.help = "Requests through this instance then count against that instance's rate limit, "
                  "together with its own; leave empty for a limit of its own.";
    out.push_back(std::move(shared));
  }

  auto amount = input("rateLimit.amount", "Rate limit", "integer", true);
  amount.default_value = connector.defaults.rate.amount;
  amount.help = "At most this many requests per unit, from " + std::to_string(cat::min_rate_amount) +
                " to " + std::to_string(cat::max_rate_amount) +
                "; further requests wait in a queue and are sent as the limit frees." +
                (can_share ? " Or share another instance's limit above." : "");
  if (can_share) amount.shown_unless = "sharedLimitOf";
  out.push_back(std::move(amount));

  auto unit = input("rateLimit.unit", "Per", "enum", true);
  unit.default_value = std::string(cat::to_string(connector.defaults.rate.unit));
  for (const auto& name : cat::rate_unit_names()) unit.options.push_back({name, name});
  if (can_share) unit.shown_unless = "sharedLimitOf";
  out.push_back(std::move(unit));

  if (connector.concurrency_limit && !pools.empty()) {
    auto pool = input("poolId", "Connection pool", "enum", false);
    pool.clearable = true;
    for (const auto& p : pools)
      pool.options.push_back({p.id, p.name + " (" + std::to_string(p.limit) + " concurrent)"});
    pool.help = "Instances in one pool share its concurrent requests.";
    out.push_back(std::move(pool));
  }
  return out;
}

field_spec variable_field(const cat::connector_definition& connector, const cat::variable_definition& v) {
  auto f = input("credentials." + v.key, v.label, std::string(cat::to_string(v.input)), v.required);
  for (const auto& o : v.options) f.options.push_back({o, o});
  f.secret = cat::is_secret_credential(connector, v.key);
  f.locked = v.locked;
  f.advanced = v.advanced;
  f.default_value = v.default_value;
  // the definition's help says where the value is found; the pattern's description, its form
  if (v.help && v.pattern_description) f.help = *v.help + " Format: " + *v.pattern_description + ".";
  else if (v.help) f.help = *v.help;
  else if (v.pattern_description) f.help = *v.pattern_description;
  return f;
}

certificate_mode mode_of(cat::certificate_requirement r) {
  switch (r) {
    case cat::certificate_requirement::optional: return certificate_mode::optional;
    case cat::certificate_requirement::required: return certificate_mode::required;
    case cat::certificate_requirement::none: break;
  }
  return certificate_mode::none;
}

auth_method_form method_form(const cat::connector_definition& connector, const cat::auth_method& m) {
  auth_method_form out;
  out.id = m.id;
  out.label = m.name;
  out.certificate = mode_of(m.certificate);
  for (const auto& v : m.variables) out.fields.push_back(variable_field(connector, v));
  if (out.certificate != certificate_mode::none) {
    auto cert = input("certificate", "Client certificate", "certificate",
                      out.certificate == certificate_mode::required);
    cert.secret = true;
    cert.help = "PEM text (certificate and private key) or a PKCS#12 file in base64.";
    out.fields.push_back(std::move(cert));
    auto passphrase = input("certificate.passphrase", "Certificate passphrase", "secret", false);
    passphrase.secret = true;
    passphrase.help = "Only when the private key or the PKCS#12 file is encrypted.";
    out.fields.push_back(std::move(passphrase));
  }
  return out;
}

}  // namespace

std::vector<choice> time_zone_choices() {
  std::vector<choice> out;
  for (const auto& zone : core::time::zone_choices()) out.push_back({zone.id, zone.id});
  return out;
}

connector_form build_form(const cat::connector_definition& connector,
                          const std::vector<cat::connection_pool>& pools,
                          const std::vector<validation::instance_ref>& limit_owners) {
  connector_form form;
  form.connector_id = connector.id;
  form.connector_version = connector.version;
  form.connector_name = connector.name;
  form.name = input("name", "Name", "text", true);
  form.name.help = "Tells this instance apart from the connector's other instances.";
  form.settings = settings_fields(connector, pools, limit_owners);
  for (const auto& m : connector.auth_methods) form.methods.push_back(method_form(connector, m));
  if (const cat::auth_method* only = cat::default_auth_method(connector)) form.default_method_id = only->id;
  form.secret_paths = cat::secret_paths(connector);
  return form;
}

}  // namespace wizard
}  // namespace core
