#pragma once
// The add-instance wizard for hosts (the WebAssembly bindings, a CLI): a session object
// whose methods take and return JSON text. Failures come back as
// {"error": {"code", "message", ...}} (core/common/boundary.h); wizard codes are listed in
// core/wizard/machine.h and core/wizard/draft.h, plus:
//   invalid_argument     options of the wrong shape ("field" names the member)
//   connector_not_found  connectorId is not in the catalog ("problems" when the catalog
//                        skipped a broken definition with that id)
//   wizard_not_open      a method other than open/restore before a successful open/restore
//
// Every action answers the view model (core/wizard/view_model.h) as JSON.
#include <memory>
#include <string>

namespace core {
namespace api {

// -> [{"value": "Africa/Abidjan", "label": "Africa/Abidjan"}, ...]: the choices of every
// `timezone` input (the view leaves them out: they are the same for every wizard).
std::string wizard_time_zones();

// options: {"catalog", "connectorId", "pools"?} as for open (no idempotencyKey).
// -> every input of every step (core/wizard/view_model.h form_json):
// {"name": field, "settings": [field], "authMethod": field, "methods": {"<id>": [field]}}
std::string wizard_form(const std::string& options_json);

// options as for wizard_form; values: {"<field path>": value} as set() takes them (a path
// the connector has no input for is unknown_field). -> the instance these values make, by the wizard's payload rules (core/wizard/payload.h):
// only the selected method's credentials, no certificate for a method that takes none.
std::string wizard_build_instance(const std::string& options_json, const std::string& values_json);

class wizard_session {
 public:
  wizard_session();
  ~wizard_session();
  wizard_session(const wizard_session&) = delete;
  wizard_session& operator=(const wizard_session&) = delete;

  // options: {"catalog": [definition...] | {"definitions": [...], "pools": [...]},
  //           "connectorId": "...", "pools": [pool...]?, "existingNames": [string]?,
  //           "now": epoch ms?, "idempotencyKey": "..."}
  // -> the view. The pools given here replace the catalog's. (The JS facade turns a
  // Catalog of loadCatalog() into the connector's definition and the catalog's pools.)
  std::string open(const std::string& options_json);
  // draft: the text of what save() returned (draft_invalid when it is not JSON); options:
  // as for open (+ "migrate": bool; connectorId may be left out: the draft's is used), the
  // draft's idempotency seed is used. -> {"view": ..., "migration": null | {fromVersion, toVersion,
  // dropped}}
  std::string restore(const std::string& draft_json, const std::string& options_json);

  std::string view() const;
  std::string set(const std::string& field, const std::string& value_json);
  std::string next();
  std::string back();
  std::string go_to(const std::string& step);
  std::string cancel();
  std::string reset();
  // -> {"payload": instance, "idempotencyKey": "..."}
  std::string submission() const;
  // -> the instance the values entered so far make, secrets included (the payload's
  // shape, at any step): what a host sends to test the credentials.
  std::string instance() const;
  // response: {"status": 201, "body": ...}
  std::string apply_response(const std::string& response_json);
  std::string apply_network_error(const std::string& message);
  // -> the draft (core/wizard/draft.h)
  std::string save(bool include_secrets) const;
  // What validation says now about the current step (field "": all of it; else that field
  // only), without changing the wizard: {"errors": [field error], "warnings": [...]}.
  std::string check(const std::string& field) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace api
}  // namespace core
