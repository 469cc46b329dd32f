#pragma once
// Drafts: the wizard's state as JSON, so a user can resume later. restore(save(s)) == s.
//
//   {"format": "connector-instance-wizard-draft", "formatVersion": 1,
//    "connector": {"id": "shopify", "version": "1.0.0"},
//    "step": "credentials", "reached": "review",
//    "values": {"name": "EU store", "rateLimit.amount": 2, "credentials.store": "acme", ...},
//    "errors": [{"field", "code", "message", "params"}], "failure": null,
//    "idempotency": {"seed": "...", "attempt": 1, "open": true},
//    "created": null, "secretsIncluded": false}
//
// Secrets are left out unless the caller asks for them. A draft that leaves out a filled
// secret cannot resend the same attempt: it is saved with the attempt closed, and a draft
// saved while submitting is saved at the review.
//
// Restoring checks everything before building anything (never half-loaded):
//   draft_invalid             not a draft of this format, unknown or missing members,
//                             wrong types, values no input of the connector can hold,
//                             inconsistent steps ("details.pointer" names the member)
//   draft_connector_mismatch  a draft of another connector
//   draft_version_mismatch    a draft of another version of the connector, unless
//                             migration is asked for: then the values the new version
//                             still has are kept (locked ones take the new defaults), the
//                             others are dropped and listed, and the wizard restarts at
//                             the name step.
// A draft saved while submitting is validated again: if it no longer validates (e.g. the
// name is taken now), the wizard opens on the first step with an error instead.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/wizard/form.h"
#include "core/wizard/machine.h"
#include "core/common/outcome.h"
#include "core/wizard/state.h"
#include "core/wizard/wizard_error.h"

namespace core {
namespace wizard {

inline constexpr const char* draft_format = "connector-instance-wizard-draft";
inline constexpr int draft_format_version = 1;

nlohmann::json save_draft(const machine& m, bool include_secrets);

struct draft_migration {
  std::string from_version;
  std::string to_version;
  std::vector<std::string> dropped;  // field paths whose values were dropped
};

struct restored_draft {
  wizard_state state;
  std::optional<draft_migration> migration;  // set when a draft of another version was migrated
};

// The draft in its text form (what a host stored); draft_invalid when it is not JSON.
outcome<nlohmann::json, wizard_error> parse_draft(const std::string& text);

// The id of the connector a draft is for (its connector.id), for a host that restores
// without naming the connector; draft_invalid when the draft names none.
outcome<std::string, wizard_error> draft_connector_id(const nlohmann::json& draft);

// The restored state, or the first problem found (codes above).
outcome<restored_draft, wizard_error> read_draft(const connector_form& form, const nlohmann::json& draft,
                                                 bool migrate, const instance_validator& validate);

nlohmann::json to_json(const draft_migration& m);

}  // namespace wizard
}  // namespace core
