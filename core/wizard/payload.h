#pragma once
// The instance the wizard submits (the shared "instance" shape of docs/architecture.md),
// assembled from the values as entered. Values are not coerced: what the user typed is
// what validation judges and what the backend receives.
#include <nlohmann/json.hpp>

#include "core/wizard/form.h"
#include "core/wizard/state.h"

namespace core {
namespace wizard {

// {connectorId, name, timeZone, dateFormat, rateLimit, poolId, authMethodId, credentials,
// certificate}. Absent values become null; rateLimit is null when both parts are absent;
// credentials holds the selected method's variables that have a value; certificate is null
// when the method takes none or neither the certificate nor its passphrase has a value,
// else {data, passphrase} (passphrase null when empty).
nlohmann::json build_instance(const connector_form& form, const field_values& values);

}  // namespace wizard
}  // namespace core
