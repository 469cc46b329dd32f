#pragma once
// What the wizard can show for one connector: every input of every step, described the way
// the page renders it. Built once per wizard from the catalog's connector definition and
// the pools (form_builder.h); the state machine, view model and drafts only read this, so
// the catalog's types stay behind one file.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace core {
namespace wizard {

struct choice {
  nlohmann::json value;  // what set() takes and the payload carries
  std::string label;     // what the user reads
};

// One input. `key` is the field path of the shared contract ("name", "rateLimit.amount",
// "credentials.password", "certificate.passphrase"): the same string set() takes, the
// payload is assembled from and field errors name.
struct field_spec {
  std::string key;
  std::string label;
  // text, textarea, password, email, url, integer, number, boolean, enum, timezone,
  // date_format, certificate, ... (the page picks a widget by type)
  std::string type;
  std::vector<choice> options;  // enum-like inputs; empty otherwise
  bool required = false;
  bool secret = false;     // never echoed back: the view shows hasValue and a mask
  bool locked = false;     // fixed to its default; shown read-only, set() refuses it
  bool advanced = false;   // grouped apart ("Advanced") by the page
  bool clearable = false;  // may be set to null (the pool)
  // The key of another input: while that one holds a value this one is not shown and its
  // value is not sent (the own rate limit while another instance's is shared); "" always.
  std::string shown_unless;
  std::string help;
  nlohmann::json default_value;  // null when the input starts empty
};

enum class certificate_mode { none, optional, required };

struct auth_method_form {
  std::string id;
  std::string label;
  certificate_mode certificate = certificate_mode::none;
  // the method's variables as "credentials.<key>" inputs, then certificate and
  // passphrase when the certificate is optional or required
  std::vector<field_spec> fields;
};

struct connector_form {
  std::string connector_id;
  std::string connector_version;  // drafts from another version are refused or migrated
  std::string connector_name;
  field_spec name;
  // timeZone, dateFormat[, sharedLimitOf], rateLimit.amount, rateLimit.unit[, poolId]
  std::vector<field_spec> settings;
  std::vector<auth_method_form> methods;
  // The method preselected on the auth-type step (the catalog's default_auth_method); ""
  // when the user must choose.
  std::string default_method_id;
  // Every field path that holds a secret (the catalog's secret_paths): a credential key
  // secret in any method, its aliases, the certificate and its passphrase.
  std::vector<std::string> secret_paths;

  const auth_method_form* method(const std::string& id) const;
  // The auth-type input: an enum of the methods.
  field_spec auth_method_field() const;
};

}  // namespace wizard
}  // namespace core
