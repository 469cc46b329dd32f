#pragma once
// Which values are secrets, and masking them wherever the wizard hands data back (views,
// drafts without secrets, the created instance).
#include <string>

#include <nlohmann/json.hpp>

#include "core/wizard/form.h"

namespace core {
namespace wizard {

// The mask shown for a secret that has a value (eight bullets, never the secret's length).
inline constexpr const char* secret_mask = "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2"
                                           "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2";

// Whether a field path holds a secret for this connector: a secret variable of any of its
// methods (a key secret in one method is treated as secret everywhere), the certificate
// (PEM text may hold a private key; PKCS#12 always does) and its passphrase.
bool is_secret_field(const connector_form& form, const std::string& key);

// An instance (the submission shape, or the backend's stored instance) with every filled
// secret replaced by secret_mask. Anything that is not an object is returned unchanged.
nlohmann::json mask_instance_secrets(const connector_form& form, nlohmann::json instance);

}  // namespace wizard
}  // namespace core
