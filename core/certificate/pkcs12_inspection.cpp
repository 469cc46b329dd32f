// PKCS#12 files: the structure is read, then the passphrase is checked against the MAC and,
// once it is known to be right, the encrypted parts are decrypted so that the certificates
// inside are dated like the ones in clear.
//
// The passphrase is refused (passphrase_required when none was given, else
// passphrase_incorrect) when the MAC does not verify with it, or when an encrypted part
// does not decrypt with it (files without a MAC, or with a MAC algorithm not implemented).
// Parts encrypted with algorithms not implemented here (openssl -legacy: RC2, 3DES) are
// left closed: nothing is said about the passphrase on their account, and their
// certificates are not dated (inspection::unopened_parts counts them).
#include "core/certificate/inspection_parts.h"
#include "core/certificate/pkcs12.h"
#include "core/certificate/pkcs12_mac.h"
#include "core/certificate/private_key_structure.h"
#include "core/common/json_object.h"

namespace core::certificate::detail {
namespace {

using kind = protection_problem::kind;

// What trying the passphrase on the encrypted parts came to.
struct opening {
  bool refused = false;     // some part did not decrypt with it
  bool stopped = false;     // an issue was reported that ends the inspection
  std::size_t opened = 0;   // parts it decrypted
};

void report(inspection& out, opening& state, const protection_problem& problem,
            const derivation_budget& budget) {
  if (problem.what == kind::unsupported) {
    ++out.unopened_parts;
    return;
  }
  state.stopped = true;
  if (add_if_too_costly(out, problem, budget)) return;
  add_issue(out, "invalid_pkcs12", object_of("reason", problem.detail));
}

void open_parts(inspection& out, pkcs12_summary& summary, std::string_view password,
                derivation_budget& budget, opening& state) {
  // encrypted SafeContents first: they can hold shrouded keys, which join the list below
  const auto go_on = [&] { return !state.stopped && !state.refused; };  // one refusal is enough
  for (std::size_t i = 0; i < summary.encrypted_safes.size() && go_on(); ++i) {
    decryption_result result = decrypt_with_password(summary.encrypted_safes[i], password, budget);
    if (result.status == decryption_status::not_possible) {
      report(out, state, result.problem, budget);
      continue;
    }
    std::string error;
    if (result.status == decryption_status::wrong_password ||
        !read_pkcs12_safe_contents(result.plaintext, summary, error)) {
      state.refused = true;  // garbage that happened to end in valid padding included
    } else {
      ++state.opened;
    }
  }
  for (std::size_t i = 0; i < summary.shrouded_keys.size() && go_on(); ++i) {
    decryption_result result = decrypt_with_password(summary.shrouded_keys[i], password, budget);
    if (result.status == decryption_status::not_possible) {
      report(out, state, result.problem, budget);
      continue;
    }
    if (result.status == decryption_status::wrong_password ||
        private_key_structure_error(result.plaintext, key_syntax::private_key_info,
                                    encoding_rules::ber)) {
      state.refused = true;
    } else {
      ++state.opened;
    }
  }
}

}  // namespace

void inspect_pkcs12(inspection& out, bytes_view der, std::optional<std::string_view> passphrase,
                    derivation_budget& budget) {
  out.format = container_format::pkcs12;
  std::string error;
  auto summary = read_pkcs12(der, error);
  if (!summary) {
    add_issue(out, "invalid_pkcs12", object_of("reason", error));
    return;
  }
  out.has_private_key = summary->has_private_key;
  out.unopened_parts = summary->unopenable_parts;

  bool mac_verified = false;
  if (summary->has_mac && !summary->public_key_integrity) {
    const mac_verification mac =
        verify_pkcs12_mac(summary->mac_data, summary->authenticated_safe, passphrase, budget);
    if (mac.status == mac_status::mismatch) return add_passphrase_refused(out, passphrase);
    if (mac.status == mac_status::not_possible && mac.problem.what != kind::unsupported) {
      if (!add_if_too_costly(out, mac.problem, budget)) {
        add_issue(out, "invalid_pkcs12", object_of("reason", mac.problem.detail));
      }
      return;
    }
    // verified, or a MAC algorithm not implemented: the decryption below decides
    mac_verified = mac.status == mac_status::verified;
  }

  opening state;
  open_parts(out, *summary, passphrase.value_or(std::string_view()), budget, state);
  if (state.stopped) return;
  if (state.refused) return add_passphrase_refused(out, passphrase);
  // neither the MAC nor any decryption tried the passphrase, though parts are protected
  out.passphrase_unchecked = !mac_verified && state.opened == 0 && out.unopened_parts > 0;

  out.has_private_key = summary->has_private_key;  // decrypted contents can hold key bags
  for (const auto& certificate : summary->certificates) {
    read_certificate(out, certificate, "certificate bag");
  }
  // Everything read and still no key (or no certificate): nothing to authenticate with.
  if (out.unopened_parts == 0 && !summary->public_key_integrity) {
    if (!summary->has_private_key) add_issue(out, "missing_private_key");
    if (summary->certificates.empty()) add_issue(out, "missing_certificate");
  }
}

}  // namespace core::certificate::detail
