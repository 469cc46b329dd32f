// PEM bundles: certificate blocks are read and dated; key blocks are checked for their
// outer structure and, when encrypted and a passphrase is given, opened with it.
#include "core/certificate/encrypted_pem_key.h"
#include "core/certificate/inspection_parts.h"
#include "core/certificate/pem.h"
#include "core/certificate/private_key_structure.h"
#include "core/common/json_object.h"

namespace core::certificate::detail {
namespace {

using nlohmann::json;

bool is_certificate_label(std::string_view label) {
  return label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE";
}

bool is_key_label(std::string_view label) {
  return label == "PRIVATE KEY" || label == "ENCRYPTED PRIVATE KEY" ||
         label == "RSA PRIVATE KEY" || label == "EC PRIVATE KEY" || label == "DSA PRIVATE KEY";
}

// Tries the passphrase on an encrypted key block.
void open_key(inspection& out, const pem_block& block, std::string_view passphrase,
              derivation_budget& budget) {
  const decryption_result result = decrypt_pem_key(block, passphrase, budget);
  switch (result.status) {
    case decryption_status::decrypted:
      return;
    case decryption_status::wrong_password:
      return add_passphrase_refused(out, passphrase);
    case decryption_status::not_possible:
      break;
  }
  if (add_if_too_costly(out, result.problem, budget)) return;
  if (result.problem.what == protection_problem::kind::malformed) {
    add_issue(out, "invalid_der", object_of("block", block.label, "reason", result.problem.detail));
  }
  // unsupported (a legacy cipher): the passphrase cannot be checked here, nothing is said
  out.passphrase_unchecked = true;
}

}  // namespace

void inspect_pem(inspection& out, std::string_view text,
                 std::optional<std::string_view> passphrase, derivation_budget& budget) {
  out.format = container_format::pem;
  const pem_parse_result parsed = parse_pem(text);
  if (parsed.error) {
    add_issue(out, "invalid_pem", object_of("reason", parsed.error->reason, "line", parsed.error->line));
    return;
  }
  bool any_certificate = false;
  for (const pem_block& block : parsed.blocks) {
    if (is_certificate_label(block.label)) {
      any_certificate = true;
      std::string error;
      // TRUSTED CERTIFICATE appends OpenSSL's trust settings after the certificate
      if (block.label != "TRUSTED CERTIFICATE" &&
          !read_single(block.der, tag::sequence, encoding_rules::der, error)) {
        add_issue(out, "invalid_der", object_of("block", block.label, "reason", error));
        continue;
      }
      read_certificate(out, block.der, block.label);
    } else if (is_key_label(block.label)) {
      out.has_private_key = true;
      const bool legacy_encrypted =
          pem_header(block, "Proc-Type").find("ENCRYPTED") != std::string_view::npos;
      const bool encrypted = block.label == "ENCRYPTED PRIVATE KEY" || legacy_encrypted;
      if (encrypted) out.private_key_encrypted = true;
      // a legacy encrypted body is ciphertext, not DER
      if (!legacy_encrypted) {
        if (auto error = private_key_structure_error(block.der, key_syntax_of_label(block.label),
                                                     encoding_rules::der)) {
          add_issue(out, "invalid_der", object_of("block", block.label, "reason", *error));
          continue;
        }
      }
      if (encrypted && passphrase) open_key(out, block, *passphrase, budget);
    }
    // other blocks (EC PARAMETERS, ...) are allowed: their base64 was checked
  }
  if (!any_certificate) add_issue(out, "missing_certificate");
  if (!out.has_private_key) add_issue(out, "missing_private_key");
  if (out.private_key_encrypted && !passphrase) add_passphrase_refused(out, passphrase);
}

}  // namespace core::certificate::detail
