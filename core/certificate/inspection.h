#pragma once
// What an instance's client certificate is and what is wrong with it, from the text a user
// pasted or uploaded: PEM (certificate and private key blocks) or a base64 PKCS#12 file.
// Structure only: armour, base64, DER outer structures, validity dates. Signatures, chains
// and whether the key pairs with the certificate are not checked (no crypto library in the
// WebAssembly build).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/certificate/x509.h"

namespace core::certificate {

enum class container_format { unknown, pem, pkcs12 };

struct inspection_issue {
  bool about_passphrase = false;  // concerns the passphrase rather than the data
  std::string code;               // stable: invalid_pem, certificate_expired, ...
  nlohmann::json params = nlohmann::json::object();
};

struct inspection {
  container_format format = container_format::unknown;
  std::vector<x509_summary> certificates;  // the ones that could be read, in file order
  bool has_private_key = false;            // seen (PKCS#12: only where not encrypted)
  bool private_key_encrypted = false;      // PEM: needs the passphrase
  std::vector<inspection_issue> issues;
};

struct inspection_options {
  std::optional<std::string_view> passphrase;  // absent or empty: none given
  std::optional<std::int64_t> now_ms;          // absent: validity dates are not checked
};

inspection inspect_certificate(std::string_view data, const inspection_options& options);

std::string_view to_string(container_format format);

}  // namespace core::certificate
