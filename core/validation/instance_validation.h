#pragma once
// Validation of a connector instance as submitted (the shape in docs/architecture.md,
// "Shared data shapes"): every rule of every field is checked and every failing field is
// reported, with its path, a stable code, an English message and the message parameters.
//
// Omitted settings take the connector's defaults: timeZone, dateFormat, rateLimit, and
// authMethodId when the connector has a single method. A member the shape does not name
// (at the top, in rateLimit or in certificate) is an `unknown_field` error at its path:
// hosts pass the instance's fields, not their stored record.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/catalog/catalog.h"
#include "core/common/json_document.h"
#include "core/validation/field_error.h"

namespace core::validation {

inline constexpr std::size_t max_instance_name_length = 255;         // code points
inline constexpr std::size_t max_certificate_bytes = 64 * 1024;      // of the submitted text
inline constexpr std::size_t max_passphrase_length = 1000;           // code points
// Errors kept per validation; the rest are only counted. A body with thousands of unknown
// credential keys then costs work in proportion to its size, and its answer stays small.
inline constexpr std::size_t max_reported_errors = 100;

// Another instance of the same connector, as far as sharing a rate limit concerns it.
struct instance_ref {
  std::string id;
  std::string name;
  // The instance whose rate limit it uses; absent: its own.
  std::optional<std::string> shared_limit_of;
};

struct validation_context {
  // Names of the connector's other instances (an edited instance leaves its own out):
  // compared trimmed and case-insensitively.
  std::vector<std::string> existing_names;
  // The pools instances may join; when absent, the catalog's pools.
  std::optional<std::vector<catalog::connection_pool>> pools;
  // The connector's other instances (an edited instance leaves itself out): the ones whose
  // rate limit an instance may share.
  std::vector<instance_ref> instances;
  // The id of the instance being edited; empty for a new one. Needed to tell whether other
  // instances already share its limit (limits are shared one level deep: no chains).
  std::string instance_id;
  // Now, in epoch milliseconds, for certificate validity; absent: not checked.
  std::optional<std::int64_t> now_ms;
};

// The instance as it should be stored: trimmed name, canonical zone, defaults applied,
// credentials normalised (numbers, booleans) WITHOUT secret values, and for a certificate
// only what was read from it (format, subjects, validity), never its data or passphrase.
// A field that failed is absent (null in its JSON form).
struct normalised_instance {
  bool is_object = true;  // false when the submitted instance was not an object: JSON null
  std::optional<std::string> connector_id;
  std::optional<std::string> name;
  std::optional<std::string> time_zone;
  std::optional<std::string> date_format;
  std::optional<catalog::rate_limit> rate_limit;
  std::optional<std::string> shared_limit_of;
  std::optional<std::string> pool_id;
  std::optional<std::string> auth_method_id;
  // key and value of each credential kept (secrets are not), in key order; none: they failed
  using credential_values = std::vector<std::pair<std::string, nlohmann::json>>;
  std::optional<credential_values> credentials;
  nlohmann::json certificate;  // {format, certificates, privateKeyEncrypted, passphraseChecked}, or null

  // {"authMethodId", "certificate", "connectorId", "credentials", "dateFormat", "name",
  //  "poolId", "rateLimit", "sharedLimitOf", "timeZone"}, or null
  nlohmann::json to_json() const;
};

// Appends the JSON text of instance.to_json() to `out`, without building the value first.
void append_json_text(const normalised_instance& instance, std::string& out);

struct instance_validation {
  field_errors errors;     // at most max_reported_errors
  std::size_t omitted_errors = 0;  // found beyond max_reported_errors
  field_errors warnings;  // not blocking: e.g. a date format that cannot be read back
  normalised_instance instance;
  bool valid() const { return errors.empty() && omitted_errors == 0; }
};

instance_validation validate_instance(const catalog::catalog& catalog,
                                      const nlohmann::json& instance,
                                      const validation_context& context);
// The same for an instance read as a document (an entry point's argument, not copied).
instance_validation validate_instance(const catalog::catalog& catalog, json_view instance,
                                      const validation_context& context);

// The instances whose rate limit an instance of this context may share: those that use
// their own limit. Empty when the edited instance's own limit is shared by others (it
// cannot then use another's).
std::vector<instance_ref> limit_owner_choices(const validation_context& context);

// The context from its JSON form {existingNames: [string], pools: [pool], instances:
// [{id, name, sharedLimitOf}], instanceId: string, now: number} (each member optional). Returns an English reason when the shape is wrong.
struct context_parse_result {
  std::optional<validation_context> context;
  std::string error;
};
context_parse_result parse_validation_context(const nlohmann::json& value);
context_parse_result parse_validation_context(json_view value);

}  // namespace core::validation
