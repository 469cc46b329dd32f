#pragma once
// The parts of inspect_certificate (inspection.cpp), one file per container format:
// pem_inspection.cpp and pkcs12_inspection.cpp. Internal to core/certificate.
#include <optional>
#include <string_view>

#include "core/certificate/derivation_budget.h"
#include "core/certificate/inspection.h"
#include "core/certificate/protection_problem.h"

namespace core::certificate::detail {

void add_issue(inspection& out, std::string code, nlohmann::json params = nlohmann::json::object(),
               bool about_passphrase = false);

// Reads one certificate into out.certificates; records invalid_der on failure.
void read_certificate(inspection& out, bytes_view der, std::string_view block);

// passphrase_required when none was given, passphrase_incorrect otherwise (once), with the
// format in the parameters (the message says what the passphrase protects).
void add_passphrase_refused(inspection& out, std::optional<std::string_view> passphrase);

// key_derivation_too_costly for a too_costly problem; false for the other kinds, which the
// caller reports in the terms of its format.
bool add_if_too_costly(inspection& out, const protection_problem& problem,
                       const derivation_budget& budget);

// `passphrase`: absent when none (or an empty one) was given.
void inspect_pem(inspection& out, std::string_view text,
                 std::optional<std::string_view> passphrase, derivation_budget& budget);
void inspect_pkcs12(inspection& out, bytes_view der, std::optional<std::string_view> passphrase,
                    derivation_budget& budget);

}  // namespace core::certificate::detail
