#pragma once
// Which values are secrets, and masking them wherever the wizard hands data back (views,
// drafts without secrets, the created instance).
#include <string>

#include <nlohmann/json.hpp>

#include "core/catalog/secrets.h"
#include "core/wizard/form.h"

namespace core {
namespace wizard {

// The mask shown for a secret that has a value (core/catalog/secrets.h).
using catalog::secret_mask;

// Whether a field path holds a secret for this connector: one of form.secret_paths, which
// the catalog's rule decides (core/catalog/secrets.h: a key secret in any method is secret
// everywhere, the certificate and its passphrase).
bool is_secret_field(const connector_form& form, const std::string& key);

// An instance (the submission shape, or the backend's stored instance) with every filled
// secret replaced by secret_mask. Anything that is not an object is returned unchanged.
nlohmann::json mask_instance_secrets(const connector_form& form, nlohmann::json instance);

}  // namespace wizard
}  // namespace core
