#pragma once
// What an instance's client certificate is and what is wrong with it, from the text a user
// pasted or uploaded: PEM (certificate and private key blocks) or a base64 PKCS#12 file.
// Checked: armour, base64, DER outer structures, validity dates, and the passphrase: an
// encrypted PEM key is decrypted with it, a PKCS#12 MAC is verified with it and the
// encrypted PKCS#12 contents are decrypted (PBES2 with PBKDF2 and AES-CBC, the OpenSSL 3
// default; core/crypto/ holds the primitives). Not checked: signatures, chains, whether the
// key pairs with the certificate.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/certificate/derivation_budget.h"
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
  bool has_private_key = false;            // seen (encrypted or not)
  bool private_key_encrypted = false;      // PEM: needs the passphrase
  // PKCS#12 parts left closed (encrypted with an algorithm not implemented here, or to a
  // public key): the certificates in them are not listed nor dated.
  std::size_t unopened_parts = 0;
  // The passphrase could be neither confirmed nor refused: the key or the parts it protects
  // use a cipher (or a MAC) not implemented here, e.g. a PEM key under DES-EDE3-CBC or a
  // PKCS#12 without MAC whose parts are RC2-encrypted. A host with a crypto library checks it.
  bool passphrase_unchecked = false;
  std::vector<inspection_issue> issues;
};

struct inspection_options {
  std::optional<std::string_view> passphrase;  // absent or empty: none given
  std::optional<std::int64_t> now_ms;          // absent: validity dates are not checked
  // Password hashing this inspection may do (derivation_budget.h).
  std::uint64_t derivation_work_limit = max_derivation_work;
};

// Issue codes: invalid_certificate_format, invalid_pem, invalid_der, invalid_pkcs12,
// missing_certificate, missing_private_key, certificate_expired, certificate_not_yet_valid,
// key_derivation_too_costly; about the passphrase: passphrase_required, passphrase_incorrect.
inspection inspect_certificate(std::string_view data, const inspection_options& options);

std::string_view to_string(container_format format);

}  // namespace core::certificate
