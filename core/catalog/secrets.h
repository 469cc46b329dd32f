#pragma once
// Which values of an instance are secret: the one rule every host applies (the wizard's
// views and drafts, validation's normalised instance, the backend's sealed storage).
//   - a credential is secret when a variable of ANY of the connector's methods with that
//     key (or that alias) is secret: a key secret in one method is secret everywhere, so a
//     method switch never exposes a value entered as a secret;
//   - the certificate (PEM text may hold a private key; PKCS#12 always does) and its
//     passphrase are secret.
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog/connector.h"

namespace core::catalog {

// What hosts show in place of a secret that has a value (eight bullets, never the secret's
// length), and what the backend takes back as "keep the stored value".
inline constexpr const char* secret_mask = "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2"
                                           "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2";

// Whether the credential `name` (a variable's key or alias) is secret for this connector.
bool is_secret_credential(const connector_definition& connector, std::string_view name);

// Every field path that holds a secret for this connector: "credentials.<name>" for each
// name (key or alias) of a secret credential, then "certificate" (its data, also named
// "certificate.data") and "certificate.passphrase".
std::vector<std::string> secret_paths(const connector_definition& connector);

// Whether a field path is one of secret_paths().
bool is_secret_path(const connector_definition& connector, std::string_view path);

// The variables of `method` whose values are secret (is_secret_credential of their key),
// in definition order.
std::vector<const variable_definition*> secret_variables(const connector_definition& connector,
                                                         const auth_method& method);

// The secret field paths of `method`: "credentials.<key>" of its secret variables, then
// "certificate" and "certificate.passphrase" when it takes a certificate.
std::vector<std::string> secret_field_paths(const connector_definition& connector,
                                            const auth_method& method);

}  // namespace core::catalog
