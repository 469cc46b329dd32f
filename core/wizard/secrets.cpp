#include "core/wizard/secrets.h"

#include <algorithm>

#include "core/wizard/values.h"

namespace core {
namespace wizard {

bool is_secret_field(const connector_form& form, const std::string& key) {
  return std::find(form.secret_paths.begin(), form.secret_paths.end(), key) != form.secret_paths.end();
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
