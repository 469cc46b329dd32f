// The view model: what the page renders at each step, secrets never included.
#include <catch2/catch.hpp>

#include <set>

#include "core/time/php_format.h"
#include "core/time/zone_list.h"
#include "core/wizard/date_format_presets.h"
#include "core/wizard/secrets.h"
#include "core/wizard/view_model.h"
#include "wizard_fixtures.h"

using namespace core::wizard;
using nlohmann::json;
using wizard_tests::fill_valid;
using wizard_tests::make_wizard;

namespace {

json view_of(const machine& m) { return to_json(make_view(m), m.form()); }

const json& field(const json& view, const std::string& key) {
  for (const auto& f : view["fields"])
    if (f["key"] == key) return f;
  throw std::runtime_error("no field " + key);
}

}  // namespace

TEST_CASE("wizard view: the name step", "[wizard][view]") {
  auto w = make_wizard();
  auto v = view_of(*w);
  CHECK(v["step"] == "name");
  CHECK(v["title"] == "Name");
  CHECK(v["connector"] == json{{"id", "acme"}, {"name", "Acme ERP"}, {"version", "1.0.0"}});
  CHECK(v["progress"] == json{{"position", 1}, {"count", 5}});
  REQUIRE(v["steps"].size() == 5);
  CHECK(v["steps"][0] == json{{"id", "name"}, {"title", "Name"}, {"current", true}, {"reachable", false}});
  CHECK(v["steps"][2]["id"] == "authType");
  CHECK(v["actions"] == json{"set", "next", "cancel", "reset"});
  CHECK(v["nextLabel"] == "Next");
  REQUIRE(v["fields"].size() == 1);
  const auto& name = v["fields"][0];
  CHECK(name["key"] == "name");
  CHECK(name["type"] == "text");
  CHECK(name["required"] == true);
  CHECK(name["value"].is_null());
  CHECK(name["hasValue"] == false);
  CHECK(name["error"].is_null());
  CHECK(v["failure"].is_null());
  CHECK(v["summary"].empty());

  w->next();
  v = view_of(*w);
  CHECK(field(v, "name")["error"]["code"] == "required");
  CHECK(v["errors"].size() == 1);
}

TEST_CASE("wizard view: settings show their widgets, presets and pools", "[wizard][view]") {
  auto w = make_wizard();
  w->set("name", "EU store");
  w->next();
  auto v = view_of(*w);
  CHECK(v["progress"]["position"] == 2);
  CHECK(v["steps"][0]["reachable"] == true);
  CHECK(v["actions"] == json{"set", "next", "back", "goTo", "cancel", "reset"});

  const auto& zone = field(v, "timeZone");
  CHECK(zone["type"] == "timezone");
  CHECK(zone["value"] == "Europe/Berlin");
  CHECK(zone["options"].empty());  // the same for every wizard: fetched once by the host
  auto zones = time_zone_choices();
  CHECK(zones.size() > 300);
  CHECK(std::any_of(zones.begin(), zones.end(), [](const choice& c) { return c.value == "America/New_York"; }));
  CHECK(std::none_of(zones.begin(), zones.end(), [](const choice& c) { return c.value == "US/Eastern"; }));
  // the picker list's zones, in its order, by canonical name: UTC (the default) is one of
  // them; legacy zones without a region (EST5EDT) are not
  const auto picker = core::time::zone_list(0);
  REQUIRE(zones.size() == picker.size());
  for (std::size_t i = 0; i < zones.size(); ++i) CHECK(zones[i].value == picker[i].id);
  CHECK(std::any_of(zones.begin(), zones.end(), [](const choice& c) { return c.value == "UTC"; }));
  CHECK(std::none_of(zones.begin(), zones.end(), [](const choice& c) { return c.value == "Etc/UTC" || c.value == "EST5EDT"; }));

  const auto& format = field(v, "dateFormat");
  CHECK(format["type"] == "date_format");
  CHECK(format["options"][0] == json{{"value", "Y-m-d H:i:s"}, {"label", "2025-01-31 14:05:09  (Y-m-d H:i:s)"}});

  CHECK(field(v, "rateLimit.amount")["type"] == "integer");
  CHECK(field(v, "rateLimit.amount")["value"] == 5);
  CHECK(field(v, "rateLimit.unit")["options"].size() == 4);

  const auto& pool = field(v, "poolId");
  CHECK(pool["type"] == "enum");
  CHECK(pool["clearable"] == true);
  CHECK(pool["required"] == false);
  CHECK(pool["options"][0] == json{{"value", "p1"}, {"label", "ERP pool (5 concurrent)"}});

  SECTION("a format that loses data on the way back is a warning, not an error") {
    w->set("dateFormat", "m/d/Y");
    v = view_of(*w);
    CHECK(field(v, "dateFormat")["warning"]["code"].is_string());
    CHECK(field(v, "dateFormat")["error"].is_null());
    CHECK_FALSE(v["warnings"].empty());
    CHECK(w->next());
  }
}

TEST_CASE("wizard view: every date format preset is a valid PHP format", "[wizard][view]") {
  for (const auto& p : date_format_presets()) {
    INFO(p.format);
    CHECK(core::time::check_php_format(p.format, core::time::php_format_use::write).ok());
  }
}

TEST_CASE("wizard view: presets write distinct dates; the connector's default is offered", "[wizard][view]") {
  std::set<std::string> examples;
  for (const auto& p : date_format_presets()) CHECK(examples.insert(std::string(p.example)).second);
  // acme's default (d.m.Y H:i:s) is a preset: listed once; solo's (Y-m-d H:i:s by default) too
  auto definition = wizard_tests::acme_definition();
  definition["defaults"]["dateFormat"] = "Y/m/d H:i";
  auto catalog = wizard_tests::load_catalog(nlohmann::json::array({definition}), nlohmann::json::array());
  const auto form = build_form(*catalog->find_connector("acme"), {}, {});
  const auto& options = form.settings[1].options;
  REQUIRE(options.size() == date_format_presets().size() + 1);
  CHECK(options[0].value == "Y/m/d H:i");
  CHECK(options[0].label == "Y/m/d H:i  (this connector's default)");
  const auto plain = wizard_tests::form_of(*wizard_tests::load_catalog(nlohmann::json::array({wizard_tests::acme_definition()}), nlohmann::json::array()), "acme");
  CHECK(plain.settings[1].options.size() == date_format_presets().size());
}

TEST_CASE("wizard view: a variable's help, then its pattern's description, is the field's help", "[wizard][view]") {
  auto definition = wizard_tests::acme_definition();
  auto& variables = definition["authMethods"][0]["variables"];
  variables[0]["help"] = "Shown in the address bar after signing in.";
  variables[1]["help"] = "The user the integration signs in as.";
  auto catalog = wizard_tests::load_catalog(nlohmann::json::array({definition}), nlohmann::json::array());
  const auto form = build_form(*catalog->find_connector("acme"), {}, {});
  const auto& fields = form.methods[0].fields;
  CHECK(fields[0].help == "Shown in the address bar after signing in. Format: lower-case letters, digits and dashes.");
  CHECK(fields[1].help == "The user the integration signs in as.");
  CHECK(fields[2].help.empty());
  const auto plain = wizard_tests::form_of(*wizard_tests::load_catalog(nlohmann::json::array({wizard_tests::acme_definition()}), nlohmann::json::array()), "acme");
  CHECK(plain.methods[0].fields[0].help == "lower-case letters, digits and dashes");
}

TEST_CASE("wizard view: credentials, secrets masked", "[wizard][view]") {
  auto w = make_wizard();
  fill_valid(*w, "token");
  w->back();
  auto v = view_of(*w);
  CHECK(v["step"] == "credentials");
  const auto& token = field(v, "credentials.token");
  CHECK(token["secret"] == true);
  CHECK(token["type"] == "secret");
  CHECK(token["value"].is_null());
  CHECK(token["hasValue"] == true);
  const auto& header = field(v, "credentials.header");
  CHECK(header["locked"] == true);
  CHECK(header["advanced"] == true);
  CHECK(header["value"] == "X-Acme-Token");
  CHECK(field(v, "credentials.region")["options"] == json::parse(R"([{"value":"eu","label":"eu"},{"value":"us","label":"us"}])"));
  CHECK(field(v, "certificate")["type"] == "certificate");
  CHECK(field(v, "certificate")["hasValue"] == false);
  CHECK(v.dump().find("tok-secret-value") == std::string::npos);
}

TEST_CASE("wizard view: the review summary", "[wizard][view]") {
  auto w = make_wizard();
  fill_valid(*w, "basic");
  auto v = view_of(*w);
  CHECK(v["step"] == "review");
  CHECK(v["fields"].empty());
  CHECK(v["nextLabel"] == "Create instance");
  CHECK(v["actions"] == json{"next", "back", "goTo", "cancel", "reset"});
  REQUIRE(v["summary"].size() == 4);
  CHECK(v["summary"][0]["step"] == "name");
  CHECK(v["summary"][0]["items"][0]["display"] == "EU store");
  const auto& settings = v["summary"][1]["items"];
  CHECK(settings[4]["key"] == "poolId");
  CHECK(settings[4]["display"] == "None");
  CHECK(v["summary"][2]["items"][0]["display"] == "User and password");
  const auto& password = v["summary"][3]["items"][2];
  CHECK(password["key"] == "credentials.password");
  CHECK(password["secret"] == true);
  CHECK(password["value"].is_null());
  CHECK(password["display"] == secret_mask);
  CHECK(v.dump().find("pa55-secret-word") == std::string::npos);

  w->next();
  v = view_of(*w);
  CHECK(v["step"] == "submitting");
  CHECK(v["progress"]["position"] == 5);
  CHECK(v["nextLabel"] == "");
  CHECK(v["summary"].size() == 4);

  SECTION("after a network failure the review offers a retry") {
    w->apply_network_error("offline");
    v = view_of(*w);
    CHECK(v["nextLabel"] == "Retry");
    CHECK(v["failure"] == json{{"kind", "network"}, {"status", 0}, {"message", "offline"}});
  }
  SECTION("the created instance is shown with any echoed secret masked") {
    w->apply_response(201, json::parse(R"({"id": "i1", "credentials": {"account": "acme-eu",
        "password": "pa55-secret-word"}, "certificate": null})"));
    v = view_of(*w);
    CHECK(v["step"] == "created");
    CHECK(v["instance"]["id"] == "i1");
    CHECK(v["instance"]["credentials"]["account"] == "acme-eu");
    CHECK(v["instance"]["credentials"]["password"] == secret_mask);
    CHECK(v["actions"] == json{"reset"});
  }
}

TEST_CASE("wizard view: one auth method: four steps, the method shown on the review", "[wizard][view]") {
  auto w = make_wizard("solo");
  auto v = view_of(*w);
  CHECK(v["progress"] == json{{"position", 1}, {"count", 4}});
  REQUIRE(v["steps"].size() == 4);
  for (const auto& s : v["steps"]) CHECK(s["id"] != "authType");
  w->set("name", "Solo one");
  w->next();
  w->next();
  v = view_of(*w);
  CHECK(v["step"] == "credentials");
  CHECK(v["progress"] == json{{"position", 3}, {"count", 4}});
  w->set("credentials.api_key", "k-123");
  w->next();
  v = view_of(*w);
  CHECK(v["step"] == "review");
  CHECK(v["progress"] == json{{"position", 4}, {"count", 4}});
  REQUIRE(v["summary"].size() == 4);
  const auto& auth = v["summary"][2];
  CHECK(auth["step"] == "authType");
  CHECK(auth["changeable"] == false);
  REQUIRE(auth["items"].size() == 1);
  CHECK(auth["items"][0]["display"] == "API key");
  CHECK(v["summary"][1]["changeable"] == true);
}
