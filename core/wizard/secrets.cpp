#include "core/wizard/secrets.h"

#include "core/wizard/values.h"

namespace core {
namespace wizard {

bool is_secret_field(const connector_form& form, const std::string& key) {
  if (key == "certificate" || key == "certificate.passphrase") return true;
  for (const auto& m : form.methods)
    for (const auto& f : m.fields)
      if (f.key == key && f.secret) return true;
  return false;
}

nlohmann::json mask_instance_secrets(const connector_form& form, nlohmann::json instance) {
  if (!instance.is_object()) return instance;
  auto creds = instance.find("credentials");
  if (creds != instance.end() && creds->is_object())
    for (auto& [key, value] : creds->items())
      if (is_secret_field(form, "credentials." + key) && has_value(value)) value = secret_mask;
  auto cert = instance.find("certificate");
  if (cert != instance.end() && cert->is_object())
    for (auto& [key, value] : cert->items())
      if (has_value(value)) value = secret_mask;
  return instance;
}

}  // namespace wizard
}  // namespace core
