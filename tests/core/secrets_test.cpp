// One rule for secrets, one for the default auth method, one message table: the catalog's
// functions, the wizard built on them, validation, and the entry points hosts call.
#include <catch2/catch.hpp>

#include "core/api/catalog_api.h"
#include "core/api/js_constants.h"
#include "core/api/wizard_api.h"
#include "core/catalog/catalog.h"
#include "core/catalog/secrets.h"
#include "core/validation/instance_validation.h"
#include "core/values/messages.h"
#include "core/wizard/draft.h"
#include "core/wizard/secrets.h"
#include "wizard_fixtures.h"

using nlohmann::json;
namespace cat = core::catalog;

namespace {

// "token" is secret in one method and plain text in the other (with an alias there too).
json mixed_definition() {
  return json::parse(R"({
    "id": "mixed", "name": "Mixed", "version": "1.0.0", "systemType": "erp", "protocol": "rest",
    "defaults": {"rateLimit": {"amount": 10, "unit": "second"}},
    "authMethods": [
      {"id": "plain", "name": "Plain", "type": "token", "certificate": "none",
       "variables": [{"key": "token", "label": "Token", "required": true}]},
      {"id": "sealed", "name": "Sealed", "type": "token", "certificate": "optional",
       "variables": [{"key": "token", "label": "Token", "type": "secret", "alias": "api_token",
                      "required": true},
                     {"key": "region", "label": "Region"}]}
    ]
  })");
}

json call(const std::string& answer) { return json::parse(answer); }

}  // namespace

TEST_CASE("catalog secrets: a key secret in any method is secret everywhere", "[secrets]") {
  const auto catalog = catalog_tests::load_values(json::array({mixed_definition()}), nullptr);
  const auto* c = catalog.find_connector("mixed");
  REQUIRE(c);
  CHECK(cat::is_secret_credential(*c, "token"));
  CHECK(cat::is_secret_credential(*c, "api_token"));
  CHECK_FALSE(cat::is_secret_credential(*c, "region"));
  CHECK_FALSE(cat::is_secret_credential(*c, "undeclared"));
  CHECK(cat::is_secret_path(*c, "certificate"));
  CHECK(cat::is_secret_path(*c, "certificate.data"));
  CHECK(cat::is_secret_path(*c, "certificate.passphrase"));
  CHECK(cat::is_secret_path(*c, "credentials.token"));
  CHECK_FALSE(cat::is_secret_path(*c, "name"));
  // the look-ups answer as secret_paths lists: each of its paths, nothing else
  for (const auto& path : cat::secret_paths(*c)) CHECK(cat::is_secret_path(*c, path));
  for (const char* other : {"credentials.", "credentials.region", "credentials.token.x", "certificate.x", "Certificate", ""})
    CHECK_FALSE(cat::is_secret_path(*c, other));
  const auto& plain = c->auth_methods[0];
  REQUIRE(cat::secret_variables(*c, plain).size() == 1);
  CHECK(cat::secret_field_paths(*c, plain) == std::vector<std::string>{"credentials.token"});
  CHECK(cat::secret_field_paths(*c, c->auth_methods[1]) ==
        std::vector<std::string>{"credentials.token", "certificate", "certificate.passphrase"});
}

TEST_CASE("catalog: the default auth method is the only one", "[secrets]") {
  const auto catalog = catalog_tests::load_values(
      json::array({mixed_definition(), wizard_tests::solo_definition()}), nullptr);
  CHECK(cat::default_auth_method(*catalog.find_connector("mixed")) == nullptr);
  REQUIRE(cat::default_auth_method(*catalog.find_connector("solo")));
  CHECK(cat::default_auth_method(*catalog.find_connector("solo"))->id == "key");
}

TEST_CASE("validation leaves out a value secret in another method", "[secrets]") {
  const auto catalog = catalog_tests::load_values(json::array({mixed_definition()}), nullptr);
  const json instance = {{"connectorId", "mixed"}, {"name", "A"}, {"authMethodId", "plain"},
                         {"credentials", {{"token", "t0ps3cret"}}}};
  const auto r = core::validation::validate_instance(catalog, instance, {});
  REQUIRE(r.valid());
  CHECK(r.instance.to_json()["credentials"] == json::object());
}

TEST_CASE("wizard: the form's secret flags and drafts follow the catalog's rule", "[secrets]") {
  const auto catalog = wizard_tests::load_catalog(json::array({mixed_definition()}), nullptr);
  const auto form = wizard_tests::form_of(*catalog, "mixed");
  CHECK(form.default_method_id.empty());
  CHECK(form.methods[0].fields[0].secret);  // "token" of "plain": secret in "sealed"
  CHECK(core::wizard::is_secret_field(form, "credentials.token"));
  CHECK_FALSE(core::wizard::is_secret_field(form, "credentials.region"));
  CHECK(core::wizard::is_secret_field(form, "certificate"));
}

TEST_CASE("api: secret fields, default method, mask, field errors", "[secrets][api]") {
  auto loaded = call(core::api::catalog_load(
      json::array({mixed_definition(), wizard_tests::solo_definition()}).dump(), "null"));
  const int handle = loaded["handle"].get<int>();
  auto plain = call(core::api::catalog_secret_fields(handle, "mixed", R"("plain")"));
  CHECK(plain["authMethodId"] == "plain");
  CHECK(plain["credentials"] == json::parse(R"([{"key": "token", "alias": null}])"));
  CHECK(plain["paths"] == json::parse(R"(["credentials.token"])"));
  CHECK(plain["secretPaths"] == json::parse(
      R"(["credentials.token", "credentials.api_token", "certificate", "certificate.data", "certificate.passphrase"])"));
  auto none = call(core::api::catalog_secret_fields(handle, "mixed", "null"));
  CHECK(none["authMethodId"].is_null());
  CHECK(none["credentials"].empty());
  CHECK(call(core::api::catalog_secret_fields(handle, "mixed", "42"))["authMethodId"].is_null());
  auto solo = call(core::api::catalog_secret_fields(handle, "solo", "null"));
  CHECK(solo["authMethodId"] == "key");
  CHECK(call(core::api::catalog_secret_fields(handle, "nope", "null")).is_null());
  CHECK(call(core::api::catalog_default_auth_method(handle, "solo")) == "key");
  CHECK(call(core::api::catalog_default_auth_method(handle, "mixed")).is_null());
  CHECK(json::parse(core::api::js_constants_json())["SECRET_MASK"] == core::wizard::secret_mask);

  CHECK(call(core::api::field_error("name", "taken", "null")) ==
        json({{"field", "name"}, {"code", "taken"}, {"message", "The name has already been taken."},
              {"params", json::object()}}));
  CHECK(call(core::api::field_error("instanceId", "invalid_type", R"({"expected": "string"})"))["message"] ==
        "The instance id must be a string.");
  CHECK(call(core::api::field_error("authMethodId", "unknown_auth_method", "{}"))["message"] ==
        "The selected authentication method is invalid.");
  CHECK(call(core::api::field_error("timezone", "unknown_field", R"({"of": "an instance"})"))["message"] ==
        "The timezone is not a field of an instance.");
  CHECK(call(core::api::field_error("id", "immutable", R"({"of": "a pool"})"))["message"] ==
        "The id of a pool cannot be changed.");
  CHECK(call(core::api::field_error("connectorId", "connector_mismatch", R"({"connectorId": "shop"})"))["message"] ==
        "The connector must be shop, as in the URL.");
  CHECK(call(core::api::field_error("name", "taken", "[]"))["error"]["code"] == "invalid_argument");
  CHECK(core::values::field_attribute("credentials.api_key") == "api_key");
  core::api::catalog_dispose(handle);
}

TEST_CASE("api: form description and the instance values make", "[secrets][api][wizard]") {
  const json options = {{"catalog", json::array({wizard_tests::acme_definition()})},
                        {"connectorId", "acme"},
                        {"pools", wizard_tests::demo_pools()}};
  auto form = call(core::api::wizard_form(options.dump()));
  CHECK(form["name"]["key"] == "name");
  CHECK(form["settings"].size() == 5);
  CHECK(form["settings"][0]["value"] == "Europe/Berlin");
  CHECK(form["authMethod"]["options"].size() == 3);
  CHECK(form["authMethod"]["value"].is_null());
  CHECK(form["methods"]["token"].back()["key"] == "certificate.passphrase");
  CHECK(form["methods"]["basic"][2]["secret"] == true);
  CHECK(form["methods"]["basic"][2]["value"].is_null());

  // only the method's credentials; no certificate for a method that takes none
  const json values = {{"name", "A"}, {"authMethodId", "basic"}, {"credentials.password", "pw"},
                       {"credentials.token", "other method"}, {"certificate", "-----BEGIN"},
                       {"rateLimit.amount", 3}, {"rateLimit.unit", "second"}};
  auto instance = call(core::api::wizard_build_instance(options.dump(), values.dump()));
  CHECK(instance["credentials"] == json({{"password", "pw"}}));
  CHECK(instance["certificate"].is_null());
  CHECK(instance["rateLimit"] == json({{"amount", 3}, {"unit", "second"}}));
  auto bad = call(core::api::wizard_build_instance(options.dump(), R"({"name": {}})"));
  CHECK(bad["error"]["code"] == "invalid_value");

  core::api::wizard_session s;
  json open = options;
  open["idempotencyKey"] = "seed-0001";
  s.open(open.dump());
  s.set("name", R"("EU")");
  s.next();
  s.next();
  s.set("authMethodId", R"("token")");
  s.next();
  s.set("credentials.token", R"("tok-secret")");
  auto current = call(s.instance());
  CHECK(current["credentials"]["token"] == "tok-secret");
  CHECK(current["authMethodId"] == "token");
}
