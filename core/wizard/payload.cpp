#include "core/wizard/payload.h"

#include "core/common/json_object.h"

namespace core {
namespace wizard {

nlohmann::json build_instance(const connector_form& form, const field_values& values) {
  nlohmann::json instance = nlohmann::json::object();
  instance["connectorId"] = form.connector_id;
  instance["name"] = value_of(values, "name");
  instance["timeZone"] = value_of(values, "timeZone");
  instance["dateFormat"] = value_of(values, "dateFormat");
  const auto& amount = value_of(values, "rateLimit.amount");
  const auto& unit = value_of(values, "rateLimit.unit");
  const auto& shared = value_of(values, "sharedLimitOf");
  instance["sharedLimitOf"] = shared;
  if (has_value(shared) || (amount.is_null() && unit.is_null()))
    instance["rateLimit"] = nullptr;
  else
    instance["rateLimit"] = object_of("amount", amount, "unit", unit);
  instance["poolId"] = value_of(values, "poolId");
  const auto& method_id = value_of(values, "authMethodId");
  instance["authMethodId"] = method_id;

  nlohmann::json credentials = nlohmann::json::object();
  const auth_method_form* method =
      method_id.is_string() ? form.method(method_id.get<std::string>()) : nullptr;
  static const std::string prefix = "credentials.";
  for (const auto& [key, value] : values) {
    if (key.compare(0, prefix.size(), prefix) != 0) continue;
    // with a known method, only its variables travel (values of others were dropped on
    // the switch; this keeps the payload exact even so)
    if (method) {
      bool known = false;
      for (const auto& f : method->fields) known = known || f.key == key;
      if (!known) continue;
    }
    credentials[key.substr(prefix.size())] = value;
  }
  instance["credentials"] = std::move(credentials);

  const auto& data = value_of(values, "certificate");
  const auto& passphrase = value_of(values, "certificate.passphrase");
  const bool no_certificate = method && method->certificate == certificate_mode::none;
  if (no_certificate || (!has_value(data) && !has_value(passphrase)))
    instance["certificate"] = nullptr;
  else
    instance["certificate"] = object_of("data", data, "passphrase", has_value(passphrase) ? passphrase : nullptr);
  return instance;
}

}  // namespace wizard
}  // namespace core
