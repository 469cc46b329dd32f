#include "core/certificate/inspection.h"

#include "core/certificate/inspection_parts.h"
#include "core/certificate/pem.h"
#include "core/common/base64.h"
#include "core/common/json_object.h"

namespace core::certificate {
namespace detail {

using nlohmann::json;

void add_issue(inspection& out, std::string code, json params, bool about_passphrase) {
  out.issues.push_back({about_passphrase, std::move(code), std::move(params)});
}

void read_certificate(inspection& out, bytes_view der, std::string_view block) {
  std::string error;
  if (auto summary = read_x509(der, error)) {
    out.certificates.push_back(std::move(*summary));
  } else {
    add_issue(out, "invalid_der", object_of("block", std::string(block), "reason", error));
  }
}

void add_passphrase_refused(inspection& out, std::optional<std::string_view> passphrase) {
  const char* code = passphrase ? "passphrase_incorrect" : "passphrase_required";
  for (const auto& issue : out.issues) {
    if (issue.code == code) return;
  }
  add_issue(out, code, object_of("format", std::string(to_string(out.format))), true);
}

bool add_if_too_costly(inspection& out, const protection_problem& problem,
                       const derivation_budget& budget) {
  if (problem.what != protection_problem::kind::too_costly) return false;
  for (const auto& issue : out.issues) {
    if (issue.code == "key_derivation_too_costly") return true;  // once per inspection
  }
  add_issue(out, "key_derivation_too_costly",
            object_of("iterations", problem.iterations, "max", budget.total()));
  return true;
}

}  // namespace detail

namespace {

void check_validity(inspection& out, std::int64_t now_ms) {
  for (const auto& c : out.certificates) {
    nlohmann::json params = object_of({{"notBefore", iso_utc(c.not_before_ms)},
                                       {"notAfter", iso_utc(c.not_after_ms)}});
    if (!c.subject_common_name.empty()) params["subject"] = c.subject_common_name;
    if (now_ms > c.not_after_ms) {
      detail::add_issue(out, "certificate_expired", std::move(params));
    } else if (now_ms < c.not_before_ms) {
      detail::add_issue(out, "certificate_not_yet_valid", std::move(params));
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
  std::optional<std::string_view> passphrase = options.passphrase;
  if (passphrase && passphrase->empty()) passphrase.reset();
  derivation_budget budget(options.derivation_work_limit);
  if (looks_like_pem(data)) {
    detail::inspect_pem(out, data, passphrase, budget);
  } else {
    auto decoded = decode_base64(data, true);
    if (!decoded.bytes || decoded.bytes->empty()) {
      detail::add_issue(out, "invalid_certificate_format");
      return out;
    }
    detail::inspect_pkcs12(out, *decoded.bytes, passphrase, budget);
  }
  if (options.now_ms) check_validity(out, *options.now_ms);
  return out;
}

}  // namespace core::certificate
