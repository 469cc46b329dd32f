// Drafts: save and restore exactly, secrets left out unless asked, bad drafts rejected or
// migrated, never half-loaded.
#include <catch2/catch.hpp>

#include "core/wizard/draft.h"
#include "core/wizard/wizard_error.h"
#include "wizard_fixtures.h"

using namespace core::wizard;
using nlohmann::json;
using wizard_tests::fill_valid;
using wizard_tests::make_wizard;

namespace {

struct restore_outcome {
  std::string code;
  json details;
  std::optional<restored_draft> restored;
};

restore_outcome restore(wizard_tests::wizard_under_test& w, const json& draft, bool migrate = false) {
  auto read = read_draft(w->form(), draft, migrate, bind_instance_rules(w.catalog, w.context));
  if (!read.ok()) return {read.error().code, read.error().details, std::nullopt};
  return {"", json(), std::move(read.value())};
}

}  // namespace

TEST_CASE("wizard drafts: restore(save(s)) == s at every step", "[wizard][draft]") {
  auto w = make_wizard();
  auto check_round_trip = [&] {
    auto draft = save_draft(*w, true);
    auto back = restore(w, json::parse(draft.dump()));  // through text, like a real draft
    REQUIRE(back.code == "");
    CHECK(back.restored->state == w->state());
    CHECK_FALSE(back.restored->migration);
  };
  check_round_trip();       // name, nothing entered
  w->next();                // refused: errors on display
  check_round_trip();
  fill_valid(*w, "token");  // review
  check_round_trip();
  w->go_to(step::credentials);
  check_round_trip();
  w->go_to(step::review);
  w->next();                // submitting
  check_round_trip();
  w->apply_network_error("offline");
  check_round_trip();       // failure on display, attempt open
  w->next();
  w->apply_response(422, {{"errors", {{"credentials.token", {"Rejected."}}}}});
  check_round_trip();
  w->go_to(step::review);
  w->next();
  w->apply_response(201, {{"id", "i1"}});
  check_round_trip();       // created
  w->reset();
  w->cancel();
  check_round_trip();       // cancelled
}

TEST_CASE("wizard drafts: the format", "[wizard][draft]") {
  auto w = make_wizard();
  fill_valid(*w, "basic");
  auto d = save_draft(*w, false);
  CHECK(d["format"] == "connector-instance-wizard-draft");
  CHECK(d["formatVersion"] == 1);
  CHECK(d["connector"] == json{{"id", "acme"}, {"version", "1.0.0"}});
  CHECK(d["step"] == "review");
  CHECK(d["reached"] == "review");
  CHECK(d["values"]["name"] == "EU store");
  CHECK(d["values"]["rateLimit.amount"] == 5);
  CHECK(d["idempotency"] == json{{"seed", "seed-0001"}, {"attempt", 0}, {"open", false}});
  CHECK(d["secretsIncluded"] == false);
}

TEST_CASE("wizard drafts: secrets stay out unless asked for", "[wizard][draft]") {
  auto w = make_wizard();
  fill_valid(*w, "token");
  w->back();
  w->set("certificate.passphrase", "cert-pass-phrase");
  w->set("certificate", "");  // an emptied secret leaks nothing and is kept

  auto without = save_draft(*w, false);
  CHECK(without.dump().find("tok-secret-value") == std::string::npos);
  CHECK(without.dump().find("cert-pass-phrase") == std::string::npos);
  CHECK_FALSE(without["values"].contains("credentials.token"));
  CHECK(without["values"]["certificate"] == "");
  CHECK(without["values"]["credentials.account"] == "acme-eu");

  auto with = save_draft(*w, true);
  CHECK(with["values"]["credentials.token"] == "tok-secret-value");
  CHECK(with["secretsIncluded"] == true);

  SECTION("without secrets, the restored wizard asks for them again") {
    auto back = restore(w, without);
    REQUIRE(back.code == "");
    CHECK(back.restored->state.values.count("credentials.token") == 0);
    CHECK(back.restored->state.values.at("name") == "EU store");
  }
}

TEST_CASE("wizard drafts: submitting without secrets is saved at the review, attempt closed", "[wizard][draft]") {
  auto w = make_wizard();
  fill_valid(*w, "basic");
  w->next();
  REQUIRE(w->state().current == step::submitting);
  auto d = save_draft(*w, false);
  CHECK(d["step"] == "review");
  CHECK(d["idempotency"]["open"] == false);
  auto with = save_draft(*w, true);
  CHECK(with["step"] == "submitting");
  CHECK(with["idempotency"]["open"] == true);
  CHECK(with["idempotency"]["attempt"] == 1);
}

TEST_CASE("wizard drafts: a draft saved while submitting is validated again", "[wizard][draft]") {
  auto w = make_wizard();
  fill_valid(*w, "basic");
  w->next();
  auto d = save_draft(*w, true);
  auto later = make_wizard("acme", {"eu store"});  // meanwhile the name got taken
  auto back = restore(later, d);
  REQUIRE(back.code == "");
  CHECK(back.restored->state.current == step::name);
  CHECK(back.restored->state.errors.at(0).code == "taken");
}

TEST_CASE("wizard drafts: secrets of a method switched away from stay out of a draft too", "[wizard][draft]") {
  auto w = make_wizard();
  fill_valid(*w, "basic");
  w->go_to(core::wizard::step::auth_type);
  w->set("authMethodId", "token");
  const json d = save_draft(*w, false);
  CHECK_FALSE(d["values"].contains("credentials.password"));  // basic's secret, kept in memory only
  CHECK(d["values"]["credentials.username"] == "ops");        // basic's plain value, kept
  auto back = restore(w, d);
  CHECK(back.code == "");
}

TEST_CASE("wizard drafts: garbage is rejected with the member concerned", "[wizard][draft]") {
  auto w = make_wizard();
  fill_valid(*w, "token");
  const json good = save_draft(*w, true);
  REQUIRE(restore(w, good).code == "");

  auto rejected_at = [&](const std::function<void(json&)>& edit) {
    json d = good;
    edit(d);
    auto out = restore(w, d);
    CHECK(out.code == "draft_invalid");
    CHECK_FALSE(out.restored);
    return out.details.value("pointer", std::string("?"));
  };
  CHECK(rejected_at([](json& d) { d = json::array(); }) == "/");
  CHECK(rejected_at([](json& d) { d = "draft"; }) == "/");
  CHECK(rejected_at([](json& d) { d["extra"] = 1; }) == "/extra");
  CHECK(rejected_at([](json& d) { d.erase("values"); }) == "/values");
  CHECK(rejected_at([](json& d) { d["format"] = "something-else"; }) == "/format");
  CHECK(rejected_at([](json& d) { d["formatVersion"] = 2; }) == "/formatVersion");
  CHECK(rejected_at([](json& d) { d["step"] = "finished"; }) == "/step");
  CHECK(rejected_at([](json& d) { d["reached"] = "submitting"; }) == "/reached");
  CHECK(rejected_at([](json& d) { d["step"] = "review"; d["reached"] = "settings"; }) == "/reached");
  CHECK(rejected_at([](json& d) { d["values"] = json::array(); }) == "/values");
  CHECK(rejected_at([](json& d) { d["values"]["name"] = json::object(); }) == "/values/name");
  CHECK(rejected_at([](json& d) { d["values"]["nickname"] = "x"; }) == "/values/nickname");
  {  // a value of another method than the selected one is kept (a switch back finds it)
    json other = good;
    other["values"]["credentials.password"] = "x";
    CHECK(restore(w, other).code == "");
  }
  CHECK(rejected_at([](json& d) { d["values"]["credentials.header"] = "X-Evil"; }) == "/values/credentials.header");
  CHECK(rejected_at([](json& d) { d["errors"] = json::object(); }) == "/errors");
  CHECK(rejected_at([](json& d) { d["errors"] = json::array({{{"field", "name"}}}); }) == "/errors/0/code");
  CHECK(rejected_at([](json& d) {
          d["errors"] = json::array({{{"field", 1}, {"code", "c"}, {"message", "m"}, {"params", json::object()}}});
        }) == "/errors/0/field");
  CHECK(rejected_at([](json& d) { d["failure"] = {{"kind", "alien"}, {"status", 0}, {"message", ""}}; }) == "/failure/kind");
  CHECK(rejected_at([](json& d) { d["failure"] = {{"kind", "server"}, {"status", 700}, {"message", ""}}; }) == "/failure/status");
  CHECK(rejected_at([](json& d) { d["idempotency"]["seed"] = ""; }) == "/idempotency/seed");
  CHECK(rejected_at([](json& d) { d["idempotency"]["attempt"] = -1; }) == "/idempotency/attempt");
  CHECK(rejected_at([](json& d) { d["idempotency"]["attempt"] = 1.5; }) == "/idempotency/attempt");
  CHECK(rejected_at([](json& d) { d["idempotency"]["open"] = true; }) == "/idempotency/open");  // attempt 0
  CHECK(rejected_at([](json& d) { d["created"] = {{"id", "x"}}; }) == "/created");
  CHECK(rejected_at([](json& d) { d["step"] = "submitting"; }) == "/idempotency/open");
  CHECK(rejected_at([](json& d) { d["secretsIncluded"] = "yes"; }) == "/secretsIncluded");
  CHECK(rejected_at([](json& d) { d["connector"] = "acme"; }) == "/connector");
}

TEST_CASE("wizard drafts: another connector, another version", "[wizard][draft]") {
  auto w = make_wizard();
  fill_valid(*w, "basic");
  json d = save_draft(*w, true);

  SECTION("another connector is refused") {
    auto solo = make_wizard("solo");
    auto out = restore(solo, d);
    CHECK(out.code == "draft_connector_mismatch");
    CHECK(out.details["expected"] == "solo");
    CHECK(out.details["found"] == "acme");
  }
  SECTION("another version is refused unless migration is asked for") {
    d["connector"]["version"] = "0.9.0";
    auto out = restore(w, d);
    CHECK(out.code == "draft_version_mismatch");
    CHECK(out.details["expected"] == "1.0.0");
    CHECK(out.details["found"] == "0.9.0");
  }
  SECTION("migration keeps what the version still has and restarts at the name") {
    d["connector"]["version"] = "0.9.0";
    d["values"]["credentials.legacy_key"] = "old";  // a variable the new version dropped
    d["values"]["poolId"] = "p1";
    auto out = restore(w, d, true);
    REQUIRE(out.code == "");
    REQUIRE(out.restored->migration);
    CHECK(out.restored->migration->from_version == "0.9.0");
    CHECK(out.restored->migration->to_version == "1.0.0");
    CHECK(out.restored->migration->dropped == std::vector<std::string>{"credentials.legacy_key"});
    const auto& s = out.restored->state;
    CHECK(s.current == step::name);
    CHECK(s.reached == step::name);
    CHECK(s.errors.empty());
    CHECK(s.values.at("name") == "EU store");
    CHECK(s.values.at("poolId") == "p1");
    CHECK(s.values.at("credentials.password") == "pa55-secret-word");
    CHECK_FALSE(s.attempt_open);
  }
  SECTION("migration drops a method the new version no longer has, and its variables") {
    d["connector"]["version"] = "0.9.0";
    d["values"]["authMethodId"] = "saml";
    auto out = restore(w, d, true);
    REQUIRE(out.code == "");
    const auto& dropped = out.restored->migration->dropped;
    CHECK(std::find(dropped.begin(), dropped.end(), "authMethodId") != dropped.end());
    CHECK(out.restored->state.values.count("authMethodId") == 0);
    // with no method chosen, the values stay until one is (then the switch rule applies)
    CHECK(out.restored->state.values.at("credentials.account") == "acme-eu");
  }
  SECTION("migration does not excuse garbage") {
    d["connector"]["version"] = "0.9.0";
    d["values"]["name"] = json::array();
    CHECK(restore(w, d, true).code == "draft_invalid");
  }
}

TEST_CASE("wizard drafts: the text form and the connector a draft names", "[wizard][draft]") {
  auto code_of = [](const auto& read) {
    if (read.ok()) return std::string();
    CHECK(read.error().details.contains("pointer"));
    return read.error().code;
  };
  CHECK(code_of(parse_draft("{nope")) == "draft_invalid");
  CHECK(parse_draft("null").value().is_null());
  for (const char* text : {"null", "{}", "[]", "5", R"({"connector": 5})", R"({"connector": {"id": 1}})"})
    CHECK(code_of(draft_connector_id(json::parse(text))) == "draft_invalid");
  auto w = make_wizard();
  CHECK(draft_connector_id(save_draft(*w, false)).value() == w->form().connector_id);
}
