#include "core/certificate/inspection.h"

#include "core/certificate/pem.h"
#include "core/certificate/pkcs12.h"
#include "core/common/base64.h"

namespace core::certificate {
namespace {

using nlohmann::json;

void add(inspection& out, std::string code, json params = json::object(),
         bool about_passphrase = false) {
  out.issues.push_back({about_passphrase, std::move(code), std::move(params)});
}

bool is_certificate_label(std::string_view label) {
  return label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE";
}

bool is_key_label(std::string_view label) {
  return label == "PRIVATE KEY" || label == "ENCRYPTED PRIVATE KEY" ||
         label == "RSA PRIVATE KEY" || label == "EC PRIVATE KEY" || label == "DSA PRIVATE KEY";
}

// Reads one certificate; records invalid_der on failure.
void read_certificate(inspection& out, bytes_view der, std::string_view block) {
  std::string error;
  if (auto summary = read_x509(der, error)) {
    out.certificates.push_back(std::move(*summary));
  } else {
    add(out, "invalid_der", {{"block", std::string(block)}, {"reason", error}});
  }
}

// Private keys: the outer SEQUENCE and the type of its first members.
//   PKCS#8 PrivateKeyInfo:      SEQUENCE { INTEGER, SEQUENCE (algorithm), OCTET STRING, ...}
//   EncryptedPrivateKeyInfo:    SEQUENCE { SEQUENCE (algorithm), OCTET STRING }
//   RSA (PKCS#1), EC (SEC 1), DSA: SEQUENCE { INTEGER, ... }
std::optional<std::string> key_structure_error(const pem_block& block) {
  std::string error;
  auto top = read_single(block.der, tag::sequence, encoding_rules::der, error);
  if (!top) return error;
  tlv_children members(*top, encoding_rules::der);
  if (block.label == "ENCRYPTED PRIVATE KEY") {
    if (!members.next(tag::sequence, error) || !members.next(tag::octet_string, error)) {
      return error;
    }
  } else if (block.label == "PRIVATE KEY") {
    if (!members.next(tag::integer, error) || !members.next(tag::sequence, error) ||
        !members.next(tag::octet_string, error)) {
      return error;
    }
  } else if (!members.next(tag::integer, error)) {
    return error;
  }
  return std::nullopt;
}

void inspect_pem(inspection& out, std::string_view text, const inspection_options& options) {
  out.format = container_format::pem;
  const pem_parse_result parsed = parse_pem(text);
  if (parsed.error) {
    add(out, "invalid_pem", {{"reason", parsed.error->reason}, {"line", parsed.error->line}});
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
        add(out, "invalid_der", {{"block", block.label}, {"reason", error}});
        continue;
      }
      read_certificate(out, block.der, block.label);
    } else if (is_key_label(block.label)) {
      out.has_private_key = true;
      const bool legacy_encrypted =
          pem_header(block, "Proc-Type").find("ENCRYPTED") != std::string_view::npos;
      if (block.label == "ENCRYPTED PRIVATE KEY" || legacy_encrypted) {
        out.private_key_encrypted = true;
      }
      if (legacy_encrypted) continue;  // the body is ciphertext, not DER
      if (auto error = key_structure_error(block)) {
        add(out, "invalid_der", {{"block", block.label}, {"reason", *error}});
      }
    }
    // other blocks (EC PARAMETERS, ...) are allowed: their base64 was checked
  }
  if (!any_certificate) add(out, "missing_certificate");
  if (!out.has_private_key) add(out, "missing_private_key");
  if (out.private_key_encrypted && (!options.passphrase || options.passphrase->empty())) {
    add(out, "passphrase_required", json::object(), true);
  }
}

void inspect_pkcs12(inspection& out, const std::string& der) {
  out.format = container_format::pkcs12;
  std::string error;
  auto summary = read_pkcs12(der, error);
  if (!summary) {
    add(out, "invalid_pkcs12", {{"reason", error}});
    return;
  }
  out.has_private_key = summary->has_private_key;
  for (const auto& certificate : summary->certificates) {
    read_certificate(out, certificate, "certificate bag");
  }
  // Everything in clear and still no key: nothing to authenticate with.
  if (!summary->has_encrypted_content && !summary->public_key_integrity) {
    if (!summary->has_private_key) add(out, "missing_private_key");
    if (summary->certificates.empty()) add(out, "missing_certificate");
  }
}

void check_validity(inspection& out, std::int64_t now_ms) {
  for (const auto& c : out.certificates) {
    json params{{"notBefore", iso_utc(c.not_before_ms)}, {"notAfter", iso_utc(c.not_after_ms)}};
    if (!c.subject_common_name.empty()) params["subject"] = c.subject_common_name;
    if (now_ms > c.not_after_ms) {
      add(out, "certificate_expired", std::move(params));
    } else if (now_ms < c.not_before_ms) {
      add(out, "certificate_not_yet_valid", std::move(params));
    }
  }
}

}  // namespace

std::string_view to_string(container_format format) {
  switch (format) {
    case container_format::pem: return "pem";
    case container_format::pkcs12: return "pkcs12";
    case container_format::unknown: break;
  }
  return "unknown";
}

inspection inspect_certificate(std::string_view data, const inspection_options& options) {
  inspection out;
  if (looks_like_pem(data)) {
    inspect_pem(out, data, options);
  } else {
    auto decoded = decode_base64(data, true);
    if (!decoded.bytes || decoded.bytes->empty()) {
      add(out, "invalid_certificate_format");
      return out;
    }
    inspect_pkcs12(out, *decoded.bytes);
  }
  if (options.now_ms) check_validity(out, *options.now_ms);
  return out;
}

}  // namespace core::certificate
