#pragma once
// What the checks need from an X.509 certificate (RFC 5280): its validity period and, for
// messages, the subject's common name. Reads the DER structure only; signatures are not
// verified (that needs the issuer and a crypto library).
#include <cstdint>
#include <optional>
#include <string>

#include "core/certificate/der.h"

namespace core::certificate {

struct x509_summary {
  std::int64_t not_before_ms = 0;  // epoch milliseconds, UTC
  std::int64_t not_after_ms = 0;
  std::string subject_common_name;  // empty when absent or not a UTF-8 compatible string
};

// Reads a Certificate. The element must start `der`; bytes after it are the caller's
// business (a TRUSTED CERTIFICATE block appends auxiliary data). On failure sets `error`.
std::optional<x509_summary> read_x509(bytes_view der, std::string& error);

// Parses an ASN.1 UTCTime ("YYMMDDHHMMSSZ", years 1950-2049) or GeneralizedTime
// ("YYYYMMDDHHMMSS[.fff]Z") to epoch milliseconds.
std::optional<std::int64_t> parse_asn1_time(std::uint8_t time_tag, bytes_view text);

// Epoch milliseconds as ISO 8601 UTC, "2030-01-31T12:00:00Z".
std::string iso_utc(std::int64_t epoch_ms);

}  // namespace core::certificate
