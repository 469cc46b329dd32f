// Every transition and rule of the wizard state machine, against the real catalog and
// validation rules.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/wizard/defaults.h"
#include "core/wizard/idempotency.h"
#include "core/wizard/payload.h"
#include "core/wizard/step_fields.h"
#include "core/wizard/wizard_error.h"
#include "wizard_fixtures.h"

using namespace core::wizard;
using nlohmann::json;
using wizard_tests::fill_valid;
using wizard_tests::make_wizard;

namespace {

// The code of a refused action, "" when it was not refused.
std::string code_of(const action_result& result) { return result.refused ? result.refused->code : ""; }
template <class T>
std::string code_of(const core::outcome<T, wizard_error>& result) {
  return result.ok() ? "" : result.error().code;
}

const field_error* error_on(const machine& m, const std::string& field) {
  for (const auto& e : m.state().errors)
    if (e.field == field) return &e;
  return nullptr;
}

json value(const machine& m, const std::string& key) { return value_of(m.state().values, key); }

bool allows(const machine& m, const std::string& action) {
  auto a = m.allowed_actions();
  return std::find(a.begin(), a.end(), action) != a.end();
}

}  // namespace

TEST_CASE("wizard: a fresh wizard starts at the name with the connector's defaults", "[wizard][machine]") {
  auto w = make_wizard();
  const auto& s = w->state();
  CHECK(s.current == step::name);
  CHECK(s.reached == step::name);
  CHECK(s.attempt == 0);
  CHECK(value(*w, "timeZone") == "Europe/Berlin");
  CHECK(value(*w, "dateFormat") == "d.m.Y H:i:s");
  CHECK(value(*w, "rateLimit.amount") == 5);
  CHECK(value(*w, "rateLimit.unit") == "minute");
  CHECK(value(*w, "poolId").is_null());
  CHECK(s.values.count("authMethodId") == 0);  // three methods: the user chooses
  CHECK(s.values.count("name") == 0);
  CHECK(allows(*w, "set"));
  CHECK(allows(*w, "next"));
  CHECK_FALSE(allows(*w, "back"));
  CHECK_FALSE(allows(*w, "goTo"));
  CHECK(allows(*w, "cancel"));
  CHECK_FALSE(allows(*w, "submission"));

  SECTION("a connector with one method preselects it and fills its defaults; UTC by default") {
    auto solo = make_wizard("solo");
    CHECK(value(*solo, "authMethodId") == "key");
    CHECK(value(*solo, "timeZone") == "UTC");
    CHECK(value(*solo, "rateLimit.amount") == 10);
  }
  SECTION("the seed must be usable as an HTTP header") {
    auto w = make_wizard();
    auto refused = machine::start(w->form(), bind_instance_rules(w.catalog, w.context), "has space");
    CHECK(code_of(refused) == "invalid_idempotency_key");
    CHECK(refused.error().details == json{{"field", "idempotencyKey"}});
  }
}

TEST_CASE("wizard: next validates the step and refuses with field errors", "[wizard][machine]") {
  auto w = make_wizard();
  CHECK_FALSE(w->next());
  CHECK(w->state().current == step::name);
  REQUIRE(error_on(*w, "name"));
  CHECK(error_on(*w, "name")->code == "required");

  SECTION("setting the field clears its error; next then moves on and records the reach") {
    w->set("name", "EU store");
    CHECK_FALSE(error_on(*w, "name"));
    CHECK(w->next());
    CHECK(w->state().current == step::settings);
    CHECK(w->state().reached == step::settings);
    CHECK(w->state().errors.empty());
  }
  SECTION("names are unique among the connector's instances, ignoring case and spaces") {
    w->set("name", "  taken name ");
    CHECK_FALSE(w->next());
    CHECK(error_on(*w, "name")->code == "taken");
  }
  SECTION("a blank name and an over-long name are refused") {
    w->set("name", "   ");
    CHECK_FALSE(w->next());
    CHECK(error_on(*w, "name")->code == "required");
    w->set("name", std::string(256, 'n'));
    CHECK_FALSE(w->next());
    CHECK(error_on(*w, "name")->code == "too_long");
  }
  SECTION("errors of later steps do not hold back an earlier one") {
    // credentials are empty, but the name step only looks at the name
    w->set("name", "EU store");
    CHECK(w->next());
  }
}

TEST_CASE("wizard: settings", "[wizard][machine]") {
  auto w = make_wizard();
  w->set("name", "EU store");
  REQUIRE(w->next());
  auto keys = [&] {
    std::vector<std::string> out;
    for (const auto& f : step_fields(w->form(), w->state().values, step::settings)) out.push_back(f.key);
    return out;
  };
  CHECK(keys() == std::vector<std::string>{"timeZone", "dateFormat", "rateLimit.amount", "rateLimit.unit", "poolId"});

  SECTION("defaults validate as they are") { CHECK(w->next()); }
  SECTION("each setting is checked by its rule") {
    w->set("timeZone", "Mars/Olympus");
    w->set("rateLimit.amount", 0);
    w->set("rateLimit.unit", "fortnight");
    w->set("dateFormat", "");
    CHECK_FALSE(w->next());
    CHECK(error_on(*w, "timeZone")->code == "unknown_time_zone");
    CHECK(error_on(*w, "rateLimit.amount")->code == "too_small");
    CHECK(error_on(*w, "rateLimit.unit")->code == "invalid_choice");
    CHECK(error_on(*w, "dateFormat")->code == "required");
    CHECK(w->state().current == step::settings);
  }
  SECTION("an amount typed as text is judged, not coerced") {
    w->set("rateLimit.amount", "12");
    CHECK_FALSE(w->next());
    CHECK(error_on(*w, "rateLimit.amount")->code == "invalid_type");
  }
  SECTION("the pool can be chosen and cleared") {
    w->set("poolId", "p2");
    CHECK(w->next());
    w->back();
    w->set("poolId", nullptr);
    CHECK(value(*w, "poolId").is_null());
    CHECK(w->next());
  }
  SECTION("an unknown pool is refused by validation") {
    w->set("poolId", "p9");
    CHECK_FALSE(w->next());
    CHECK(error_on(*w, "poolId")->code == "unknown_pool");
  }
  SECTION("no pool input without pools, nor without a concurrency limit") {
    auto none = make_wizard("acme", {}, json::array());
    for (const auto& f : step_fields(none->form(), none->state().values, step::settings))
      CHECK(f.key != "poolId");
    auto solo = make_wizard("solo");
    for (const auto& f : step_fields(solo->form(), solo->state().values, step::settings))
      CHECK(f.key != "poolId");
    solo->set("name", "x");
    solo->next();
    CHECK(code_of(solo->set("poolId", "p1")) == "unknown_field");
  }
}

TEST_CASE("wizard: sharing another instance's rate limit hides the own limit", "[wizard][machine]") {
  auto catalog = wizard_tests::load_catalog(json::array({wizard_tests::acme_definition()}), json::array());
  core::validation::validation_context context;
  context.instances = {{"i-own", "Production", std::nullopt}, {"i-borrower", "Staging", std::string("i-own")}};
  const auto* connector = catalog->find_connector("acme");
  REQUIRE(connector);
  machine w(build_form(*connector, {}, core::validation::limit_owner_choices(context)),
            bind_instance_rules(catalog, context), "seed-0002");
  w.set("name", "EU store");
  REQUIRE(w.next());
  auto keys = [&] {
    std::vector<std::string> out;
    for (const auto& f : step_fields(w.form(), w.state().values, step::settings)) out.push_back(f.key);
    return out;
  };
  CHECK(keys() == std::vector<std::string>{"timeZone", "dateFormat", "sharedLimitOf", "rateLimit.amount", "rateLimit.unit"});
  const auto settings = step_fields(w.form(), w.state().values, step::settings);
  REQUIRE(settings[2].options.size() == 1);  // only an instance with a limit of its own
  CHECK(settings[2].options[0].value == "i-own");
  CHECK(settings[2].options[0].label == "Production");
  w.set("sharedLimitOf", "i-own");
  CHECK(keys() == std::vector<std::string>{"timeZone", "dateFormat", "sharedLimitOf"});
  w.set("sharedLimitOf", nullptr);  // cleared: the own limit is back, with its values
  CHECK(keys().size() == 5);
  CHECK(value(w, "rateLimit.amount") == 5);
  w.set("sharedLimitOf", "i-own");
  REQUIRE(w.next());
  w.set("authMethodId", "token");
  REQUIRE(w.next());
  w.set("credentials.account", "acme-eu");
  w.set("credentials.token", "tok-secret-value");
  REQUIRE(w.next());
  REQUIRE(w.next());
  const auto payload = w.current_submission().value().payload;
  CHECK(payload["sharedLimitOf"] == "i-own");
  CHECK(payload["rateLimit"].is_null());  // the defaults still held are not sent
  SECTION("without instances to share, there is no such input") {
    auto again = make_wizard();
    CHECK(code_of(again->set("sharedLimitOf", "i-own")) == "unknown_field");
  }
}

TEST_CASE("wizard: set refuses what no input of the step can take", "[wizard][machine]") {
  auto w = make_wizard();
  CHECK(code_of(w->set("timeZone", "UTC")) == "field_not_on_step");
  CHECK(code_of(w->set("authMethodId", "basic")) == "field_not_on_step");
  CHECK(code_of(w->set("credentials.password", "x")) == "field_not_on_step");
  CHECK(code_of(w->set("nickname", "x")) == "unknown_field");
  CHECK(code_of(w->set("name", json::object())) == "invalid_value");
  CHECK(code_of(w->set("name", json::array({"a"}))) == "invalid_value");
  CHECK(w->state().values.count("name") == 0);  // nothing was half-applied

  fill_valid(*w, "token");
  w->back();  // credentials of the token method
  CHECK(code_of(w->set("credentials.header", "X-Other")) == "field_locked");
  CHECK(value(*w, "credentials.header") == "X-Acme-Token");
  CHECK(code_of(w->set("credentials.password", "x")) == "field_not_on_step");  // basic's
}

TEST_CASE("wizard: the auth type step and the credentials of the chosen method", "[wizard][machine]") {
  auto w = make_wizard();
  w->set("name", "EU store");
  w->next();
  w->next();
  REQUIRE(w->state().current == step::auth_type);
  CHECK_FALSE(w->next());
  CHECK(error_on(*w, "authMethodId")->code == "required");
  w->set("authMethodId", "ldap");
  CHECK_FALSE(w->next());
  CHECK(error_on(*w, "authMethodId")->code == "unknown_auth_method");
  w->set("authMethodId", "basic");
  CHECK(value(*w, "credentials.endpoint") == "https://api.acme.test");  // default filled
  REQUIRE(w->next());

  auto fields = step_fields(w->form(), w->state().values, step::credentials);
  REQUIRE(fields.size() == 4);
  CHECK(fields[2].key == "credentials.password");
  CHECK(fields[2].secret);
  CHECK(fields[3].advanced);

  CHECK_FALSE(w->next());
  CHECK(error_on(*w, "credentials.account")->code == "required");
  CHECK(error_on(*w, "credentials.password")->code == "required");
  w->set("credentials.account", "Not Lower");
  w->set("credentials.username", "ops");
  w->set("credentials.password", "pw");
  CHECK_FALSE(w->next());
  CHECK(error_on(*w, "credentials.account")->code == "pattern_mismatch");
  CHECK_FALSE(error_on(*w, "credentials.password"));
  w->set("credentials.account", "acme-eu");
  CHECK(w->next());
  CHECK(w->state().current == step::review);
}

TEST_CASE("wizard: changing the auth method keeps every value; only the chosen method's are sent", "[wizard][machine]") {
  auto w = make_wizard();
  fill_valid(*w, "basic");
  w->go_to(step::auth_type);
  w->set("authMethodId", "token");
  CHECK(value(*w, "credentials.account") == "acme-eu");  // shared
  CHECK(value(*w, "credentials.username") == "ops");     // basic only: kept for a switch back
  CHECK(value(*w, "credentials.password") == "pa55-secret-word");
  const auto sent = build_instance(w->form(), w->state().values);
  CHECK_FALSE(sent["credentials"].contains("username"));  // but not sent with the token method
  CHECK_FALSE(sent["credentials"].contains("password"));
  CHECK_FALSE(sent["credentials"].contains("endpoint"));
  w->set("authMethodId", "basic");
  CHECK(value(*w, "credentials.password") == "pa55-secret-word");  // back: as typed
  w->set("authMethodId", "token");
  CHECK(value(*w, "credentials.header") == "X-Acme-Token");  // locked default
  CHECK(value(*w, "credentials.region") == "eu");            // default
  CHECK(value(*w, "name") == "EU store");                    // other steps untouched

  SECTION("certificate values stay but are not sent with a method that takes none") {
    w->next();
    w->set("certificate", "-----BEGIN CERTIFICATE-----");
    w->set("certificate.passphrase", "pp");
    w->back();
    w->set("authMethodId", "basic");
    CHECK(value(*w, "certificate") == "-----BEGIN CERTIFICATE-----");
    CHECK(build_instance(w->form(), w->state().values)["certificate"].is_null());
  }
  SECTION("a method that is not one of the connector's drops nothing") {
    w->set("authMethodId", "nope");
    CHECK(value(*w, "credentials.region") == "eu");
    CHECK_FALSE(w->next());
  }
  SECTION("setting the same method again changes nothing") {
    auto before = w->state();
    w->set("authMethodId", "token");
    CHECK(w->state() == before);
  }
}

TEST_CASE("wizard: back keeps everything; goTo revisits reached steps", "[wizard][machine]") {
  auto w = make_wizard();
  fill_valid(*w);
  REQUIRE(w->state().current == step::review);
  auto values = w->state().values;
  w->back();
  CHECK(w->state().current == step::credentials);
  w->back();
  w->back();
  w->back();
  CHECK(w->state().current == step::name);
  CHECK(w->state().values == values);
  CHECK(code_of(w->back()) == "action_not_allowed");

  SECTION("forward to any reached step, validating what lies between") {
    CHECK(w->go_to(step::review));
    CHECK(w->state().current == step::review);
  }
  SECTION("forward stops at the first step that no longer validates") {
    w->next();  // settings
    w->set("timeZone", "Nowhere/Land");
    CHECK_FALSE(w->go_to(step::review));
    CHECK(w->state().current == step::settings);
    CHECK(error_on(*w, "timeZone"));
  }
  SECTION("not beyond the furthest step reached, nor to non-editing steps") {
    auto fresh = make_wizard();
    fresh->set("name", "n");
    fresh->next();
    CHECK(fresh->go_to(step::name));
    CHECK(code_of(fresh->go_to(step::auth_type)) == "step_not_allowed");
    CHECK(fresh->go_to(step::settings));
    CHECK(code_of(fresh->go_to(step::submitting)) == "step_not_allowed");
    CHECK(code_of(fresh->go_to(step::created)) == "step_not_allowed");
  }
}

TEST_CASE("wizard: review, submission and the idempotency key", "[wizard][machine]") {
  auto w = make_wizard();
  fill_valid(*w);
  CHECK_FALSE(allows(*w, "set"));
  CHECK(code_of(w->current_submission()) == "action_not_allowed");
  REQUIRE(w->next());
  CHECK(w->state().current == step::submitting);
  CHECK(w->allowed_actions() == std::vector<std::string>{"submission", "applyResponse", "applyNetworkError"});
  auto sub = w->current_submission().value();
  CHECK(sub.idempotency_key == "seed-0001");
  CHECK(sub.payload == json::parse(R"({
    "connectorId": "acme", "name": "EU store", "timeZone": "Europe/Berlin",
    "dateFormat": "d.m.Y H:i:s", "rateLimit": {"amount": 5, "unit": "minute"}, "poolId": null,
    "sharedLimitOf": null, "authMethodId": "basic",
    "credentials": {"account": "acme-eu", "username": "ops", "password": "pa55-secret-word",
                    "endpoint": "https://api.acme.test"},
    "certificate": null})"));
  CHECK(w->current_submission().value().idempotency_key == sub.idempotency_key);  // asking again: same
  CHECK(code_of(w->set("name", "x")) == "action_not_allowed");
  CHECK(code_of(w->cancel()) == "action_not_allowed");
  CHECK(code_of(w->reset()) == "action_not_allowed");
  CHECK(code_of(w->back()) == "action_not_allowed");

  SECTION("201: created with the stored instance; then only reset") {
    w->apply_response(201, {{"id", "inst-1"}, {"name", "EU store"}});
    CHECK(w->state().current == step::created);
    CHECK((*w->state().created)["id"] == "inst-1");
    CHECK(w->allowed_actions() == std::vector<std::string>{"reset"});
    w->reset();
    CHECK(w->state().current == step::name);
    CHECK(w->state().values.count("name") == 0);
    CHECK(w->state().attempt == 1);  // kept: the next attempt gets a fresh key
    fill_valid(*w);
    w->next();
    CHECK(w->current_submission().value().idempotency_key == idempotency_key("seed-0001", 2));
  }
  SECTION("network failure: back to the review, every value kept, the retry has the same key") {
    auto values = w->state().values;
    w->apply_network_error("fetch failed");
    CHECK(w->state().current == step::review);
    CHECK(w->state().values == values);
    REQUIRE(w->state().failure);
    CHECK(w->state().failure->what == submit_failure::kind::network);
    CHECK(w->state().failure->message == "fetch failed");
    REQUIRE(w->next());
    CHECK(w->current_submission().value().idempotency_key == sub.idempotency_key);
    CHECK_FALSE(w->state().failure);
  }
  SECTION("a changed value after a failure is a new attempt with a new key") {
    w->apply_network_error("");
    CHECK(w->state().failure->message == "The request did not reach the backend.");
    w->go_to(step::name);
    w->set("name", "EU store 2");
    CHECK_FALSE(w->state().failure);
    w->go_to(step::review);
    REQUIRE(w->next());
    CHECK(w->current_submission().value().idempotency_key == idempotency_key("seed-0001", 2));
  }
  SECTION("setting a value to what it already is does not end the attempt") {
    w->apply_network_error("offline");
    w->go_to(step::name);
    w->set("name", "EU store");
    w->go_to(step::review);
    w->next();
    CHECK(w->current_submission().value().idempotency_key == "seed-0001");
  }
  SECTION("5xx and 409 keep the key for the retry; other 4xx end the attempt") {
    w->apply_response(503, {{"message", "Service Unavailable"}});
    CHECK(w->state().current == step::review);
    CHECK(w->state().failure->status == 503);
    CHECK(w->state().failure->message == "Service Unavailable");
    w->next();
    CHECK(w->current_submission().value().idempotency_key == "seed-0001");
    w->apply_response(409, nullptr);
    w->next();
    CHECK(w->current_submission().value().idempotency_key == "seed-0001");
    w->apply_response(403, {{"message", "Forbidden"}});
    w->next();
    CHECK(w->current_submission().value().idempotency_key == idempotency_key("seed-0001", 2));
  }
  SECTION("422: each error goes to its field; the wizard opens the first step with one") {
    w->apply_response(422, {{"message", "The name has already been taken. (and 1 more error)"},
                            {"errors", {{"name", {"The name has already been taken."}},
                                        {"credentials.password", {"The password is wrong."}}}}});
    CHECK(w->state().current == step::name);
    REQUIRE(error_on(*w, "name"));
    CHECK(error_on(*w, "name")->message == "The name has already been taken.");
    CHECK(error_on(*w, "credentials.password"));
    CHECK(w->state().reached == step::review);
    w->set("name", "EU store 3");
    CHECK(w->go_to(step::credentials));
    CHECK(error_on(*w, "credentials.password"));  // still shown on its step
    w->set("credentials.password", "another-secret");
    CHECK(w->go_to(step::review));
    REQUIRE(w->next());
    CHECK(w->current_submission().value().idempotency_key == idempotency_key("seed-0001", 2));
  }
  SECTION("422 on a field no input owns stays on the review") {
    w->apply_response(422, {{"errors", {{"connectorId", {"Unknown connector."}}}}});
    CHECK(w->state().current == step::review);
    CHECK(error_on(*w, "connectorId"));
  }
  SECTION("statuses outside HTTP are refused") {
    CHECK(code_of(w->apply_response(42, nullptr)) == "invalid_response");
    CHECK(w->state().current == step::submitting);
  }
}

TEST_CASE("wizard: the review validates everything before submitting", "[wizard][machine]") {
  auto w = make_wizard();
  fill_valid(*w);
  // the same state in a wizard whose context changed meanwhile: the name is taken now
  auto other = make_wizard("acme", {"EU STORE"});
  machine m(other->form(), bind_instance_rules(other.catalog, other.context), w->state());
  REQUIRE(m.state().current == step::review);
  CHECK_FALSE(m.next());
  CHECK(m.state().current == step::name);
  CHECK(error_on(m, "name")->code == "taken");
  CHECK(code_of(m.current_submission()) == "action_not_allowed");
}

TEST_CASE("wizard: cancel and reset are explicit", "[wizard][machine]") {
  auto w = make_wizard();
  w->set("name", "EU store");
  w->next();
  w->cancel();
  CHECK(w->state().current == step::cancelled);
  CHECK(value(*w, "name") == "EU store");  // cancel keeps the values until reset
  CHECK(w->allowed_actions() == std::vector<std::string>{"reset"});
  CHECK(code_of(w->next()) == "action_not_allowed");
  CHECK(code_of(w->set("name", "x")) == "action_not_allowed");
  w->reset();
  CHECK(w->state() == initial_state(w->form(), "seed-0001"));
}

TEST_CASE("wizard: certificates on the credentials step", "[wizard][machine]") {
  auto w = make_wizard();
  fill_valid(*w, "token");
  w->back();
  auto fields = step_fields(w->form(), w->state().values, step::credentials);
  REQUIRE(fields.size() == 7);
  CHECK(fields[5].key == "certificate");
  CHECK_FALSE(fields[5].required);  // optional for the token method
  CHECK(fields[5].secret);
  CHECK(fields[6].key == "certificate.passphrase");

  SECTION("optional: none is fine, garbage is not") {
    CHECK(w->next());
    w->back();
    w->set("certificate", "not a certificate");
    CHECK_FALSE(w->next());
    CHECK(error_on(*w, "certificate"));
  }
  SECTION("required by the mtls method") {
    w->go_to(step::auth_type);
    w->set("authMethodId", "mtls");
    w->next();
    CHECK(step_fields(w->form(), w->state().values, step::credentials)[1].required);
    CHECK_FALSE(w->next());
    CHECK(error_on(*w, "certificate")->code == "required");
  }
}

TEST_CASE("wizard: a connector with one auth method skips the auth type step", "[wizard][machine]") {
  auto w = make_wizard("solo");
  CHECK(value(*w, "authMethodId") == "key");  // set by default, nothing to choose
  CHECK(w->shown_steps() == std::vector<step>{step::name, step::settings, step::credentials, step::review});
  CHECK_FALSE(w->shows(step::auth_type));
  w->set("name", "Solo one");
  REQUIRE(w->next());
  REQUIRE(w->next());
  CHECK(w->state().current == step::credentials);
  CHECK(w->position() == 3);
  CHECK(code_of(w->go_to(step::auth_type)) == "step_not_allowed");
  w->back();
  CHECK(w->state().current == step::settings);
  REQUIRE(w->next());
  CHECK_FALSE(w->next());  // the key is required: errors stay on credentials
  CHECK(w->state().current == step::credentials);
  w->set("credentials.api_key", "k-123");
  REQUIRE(w->next());
  CHECK(w->state().current == step::review);
  CHECK(w->position() == 4);
  auto reachable = w->reachable_steps();
  CHECK(std::find(reachable.begin(), reachable.end(), step::auth_type) == reachable.end());
  CHECK(w->go_to(step::settings));
  CHECK(w->go_to(step::review));

  // an answer with an error on the method (not shown) lands on the review, which lists it
  REQUIRE(w->next());
  w->apply_response(422, json::parse(R"({"errors": {"authMethodId": ["Choose a listed authentication type."]}})"));
  CHECK(w->state().current == step::review);
  CHECK(error_on(*w, "authMethodId"));
}

TEST_CASE("wizard: a state saved on a step that is not shown resumes on the next one", "[wizard][machine]") {
  auto fresh = make_wizard("solo");
  wizard_state saved = fresh->state();
  saved.current = step::auth_type;
  saved.reached = step::auth_type;
  machine resumed(fresh->form(), bind_instance_rules(fresh.catalog, fresh.context), saved);
  CHECK(resumed.state().current == step::credentials);
  CHECK(resumed.state().reached == step::credentials);
}
