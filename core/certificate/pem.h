#pragma once
// PEM armour (RFC 7468, with the RFC 1421 headers of legacy encrypted OpenSSL keys):
//   -----BEGIN CERTIFICATE-----
//   MIIB...
//   -----END CERTIFICATE-----
// Text outside the blocks is allowed (OpenSSL writes "Bag Attributes" and "subject=" lines).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace core::certificate {

struct pem_block {
  std::string label;  // "CERTIFICATE", "PRIVATE KEY", "RSA PRIVATE KEY", ...
  std::vector<std::pair<std::string, std::string>> headers;  // "Proc-Type", "DEK-Info"
  std::string der;    // the decoded body
  std::size_t line = 0;  // 1-based line of the BEGIN line
};

struct pem_error {
  std::string reason;  // English: "no END line for CERTIFICATE", "invalid base64", ...
  std::size_t line = 0;
};

struct pem_parse_result {
  std::vector<pem_block> blocks;
  std::optional<pem_error> error;  // the first problem; blocks before it are kept
};

inline constexpr std::size_t max_pem_blocks = 32;

// Whether the text holds a BEGIN line (i.e. is meant as PEM).
bool looks_like_pem(std::string_view text);

pem_parse_result parse_pem(std::string_view text);

// The value of a header, or empty.
std::string_view pem_header(const pem_block& block, std::string_view name);

}  // namespace core::certificate
