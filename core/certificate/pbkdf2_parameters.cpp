#include "core/certificate/pbkdf2_parameters.h"

#include "core/certificate/object_identifiers.h"
#include "core/crypto/pbkdf2.h"

namespace core::certificate {
namespace {

constexpr auto ber = encoding_rules::ber;

std::nullopt_t fail(protection_problem& problem, protection_problem::kind what,
                    std::string detail) {
  problem = {what, std::move(detail), 0};
  return std::nullopt;
}

}  // namespace

std::optional<pbkdf2_parameters> read_pbkdf2_parameters(const algorithm_identifier& kdf,
                                                        protection_problem& problem) {
  using kind = protection_problem::kind;
  if (!oid_equals(kdf.algorithm, oid::pbkdf2)) {
    return fail(problem, kind::unsupported, object_identifier_text(kdf.algorithm));
  }
  std::string error;
  if (!kdf.parameters || kdf.parameters->tag != tag::sequence) {
    return fail(problem, kind::malformed, "PBKDF2 parameters are not a SEQUENCE");
  }
  tlv_children members(*kdf.parameters, ber);
  pbkdf2_parameters out;
  auto salt = members.next(error);
  if (!salt) return fail(problem, kind::malformed, "PBKDF2 salt: " + error);
  if (salt->tag == tag::sequence) return fail(problem, kind::unsupported, "PBKDF2 otherSource salt");
  auto salt_bytes = octet_string_value(*salt, ber, error);
  if (!salt_bytes) return fail(problem, kind::malformed, "PBKDF2 salt: " + error);
  out.salt = std::move(*salt_bytes);
  auto count = members.next(tag::integer, error);
  auto iterations = count ? unsigned_integer_value(*count, error) : std::nullopt;
  if (!iterations) return fail(problem, kind::malformed, "PBKDF2 iterationCount: " + error);
  if (*iterations == 0) return fail(problem, kind::malformed, "PBKDF2 iterationCount is 0");
  out.iterations = *iterations;
  if (auto length = members.next_if(tag::integer, error)) {
    auto value = unsigned_integer_value(*length, error);
    if (!value) return fail(problem, kind::malformed, "PBKDF2 keyLength: " + error);
    if (*value == 0 || *value > max_pbkdf2_key_length) {
      return fail(problem, kind::malformed,
                  "PBKDF2 keyLength is not between 1 and " + std::to_string(max_pbkdf2_key_length));
    }
    out.key_length = *value;
  } else if (!error.empty()) {
    return fail(problem, kind::malformed, "PBKDF2 keyLength: " + error);
  }
  if (!members.at_end()) {
    auto prf_element = members.next(error);
    auto prf = prf_element ? read_algorithm_identifier(*prf_element, error) : std::nullopt;
    if (!prf) return fail(problem, kind::malformed, "PBKDF2 prf: " + error);
    auto hash = hmac_algorithm(prf->algorithm);
    if (!hash) return fail(problem, kind::unsupported, object_identifier_text(prf->algorithm));
    out.prf = *hash;
  }
  if (!members.at_end()) return fail(problem, kind::malformed, "unexpected data after PBKDF2 prf");
  return out;
}

std::optional<std::string> derive_pbkdf2(const pbkdf2_parameters& parameters,
                                         bytes_view password, std::size_t length,
                                         derivation_budget& budget,
                                         protection_problem& problem) {
  // compared before multiplying, so that no product overflows (and the count fits the
  // derivation's 32-bit counter)
  if (parameters.iterations > budget.total() || parameters.iterations > UINT32_MAX ||
      !budget.spend(crypto::pbkdf2_work(parameters.prf, parameters.iterations, length))) {
    problem = {protection_problem::kind::too_costly, "PBKDF2", parameters.iterations};
    return std::nullopt;
  }
  return crypto::pbkdf2_hmac(parameters.prf, password, parameters.salt,
                             static_cast<std::uint32_t>(parameters.iterations), length);
}

}  // namespace core::certificate
