#include <catch2/catch.hpp>

#include <sstream>

#include "catalog_fixtures.h"
#include "core/certificate/x509.h"
#include "core/validation/instance_validation.h"

using namespace core::validation;
using core::catalog::catalog;
using catalog_tests::certificate_fixture;
using catalog_tests::sample_definition;
using nlohmann::json;
using catalog_tests::with;
using catalog_tests::without;

namespace {

const catalog& test_catalog() {
  static const catalog c = [] {
    json plain = json::parse(R"({
      "id": "plain", "name": "Plain", "version": "1", "systemType": "crm", "protocol": "soap",
      "defaults": {"timeZone": "US/Pacific", "dateFormat": "d.m.Y", "rateLimit": {"amount": 30, "unit": "minute"}},
      "authMethods": [
        {"id": "basic", "name": "Basic", "type": "basic", "variables": [
          {"key": "username", "label": "User name", "required": true},
          {"key": "password", "label": "Password", "type": "secret", "required": true}]},
        {"id": "mtls", "name": "Client certificate", "type": "basic", "certificate": "required"}
      ]})");
    return catalog_tests::load_values(json::array({sample_definition(), plain}),
                                      json::parse(R"([{"id": "p1", "name": "Pool 1", "limit": 5, "timeout": 30}])"));
  }();
  return c;
}

json valid_instance() {
  return json::parse(R"({
    "connectorId": "acme",
    "name": "EU store",
    "timeZone": "Europe/Berlin",
    "dateFormat": "Y-m-d H:i:s",
    "rateLimit": {"amount": 2, "unit": "second"},
    "poolId": null,
    "authMethodId": "token",
    "credentials": {"store": "acme-eu", "token": "s3cret"},
    "certificate": null
  })");
}

instance_validation validate(const json& instance, const validation_context& context = {}) {
  return validate_instance(test_catalog(), instance, context);
}

// "field code" of each error
std::vector<std::string> errors_of(const json& instance, const validation_context& context = {}) {
  std::vector<std::string> out;
  for (const auto& e : validate(instance, context).errors) out.push_back(e.field + " " + e.code);
  return out;
}

std::vector<std::string> one(const std::string& s) { return {s}; }
const std::vector<std::string> none;

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("instance: a valid instance and its normalised form", "[validation]") {
  auto r = validate(with(with(valid_instance(), "/name", "  EU store \t"), "/timeZone", "US/Eastern"));
  CHECK(r.errors.empty());
  CHECK(r.valid());
  CHECK(r.instance.to_json()["name"] == "EU store");
  CHECK(r.instance.to_json()["timeZone"] == "America/New_York");
  CHECK(r.instance.to_json()["credentials"] == json{{"store", "acme-eu"}, {"header", "X-Token"}});  // no secret
  CHECK(r.instance.to_json()["rateLimit"] == json{{"amount", 2}, {"unit", "second"}});
  CHECK(r.instance.to_json()["certificate"].is_null());
}

TEST_CASE("instance: every error has a message and params", "[validation]") {
  auto r = validate(with(valid_instance(), "/name", std::string(256, 'n')));
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].field == "name");
  CHECK(r.errors[0].code == "too_long");
  CHECK(r.errors[0].message == "The name may not be greater than 255 characters.");
  CHECK(r.errors[0].params == json{{"max", 255}});
}

TEST_CASE("instance: a member the shape does not name is unknown_field at its path", "[validation]") {
  // a misspelt zone is not left to the default unnoticed
  auto r = validate(with(valid_instance(), "/timezone", "Europe/Berlin"));
  CHECK_FALSE(r.valid());
  CHECK(errors_of(with(valid_instance(), "/timezone", "Europe/Berlin")) == one("timezone unknown_field"));
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message == "The timezone is not a field of an instance.");
  CHECK(r.errors[0].params == json{{"of", "an instance"}});
  CHECK_FALSE(r.instance.to_json().contains("timezone"));
  CHECK(errors_of(with(valid_instance(), "/rateLimit", {{"amount", 2}, {"unit", "second"}, {"per", 1}})) ==
        one("rateLimit.per unknown_field"));
}

TEST_CASE("instance: name", "[validation]") {
  CHECK(errors_of(with(valid_instance(), "/name", std::string(255, 'n'))) == none);
  CHECK(errors_of(with(valid_instance(), "/name", std::string(256, 'n'))) == one("name too_long"));
  // characters, not bytes: 255 emoji (1020 bytes) fit, 256 do not
  CHECK(errors_of(with(valid_instance(), "/name", repeat("\xF0\x9F\x98\x80", 255))) == none);
  CHECK(errors_of(with(valid_instance(), "/name", repeat("\xF0\x9F\x98\x80", 256))) == one("name too_long"));
  // trimmed before counting
  CHECK(errors_of(with(valid_instance(), "/name", "  " + std::string(255, 'n') + "  ")) == none);
  CHECK(errors_of(with(valid_instance(), "/name", "x")) == none);
  CHECK(errors_of(with(valid_instance(), "/name", "")) == one("name required"));
  CHECK(errors_of(with(valid_instance(), "/name", " \xC2\xA0\t")) == one("name required"));
  CHECK(errors_of(without(valid_instance(), "/name")) == one("name required"));
  CHECK(errors_of(with(valid_instance(), "/name", nullptr)) == one("name required"));
  CHECK(errors_of(with(valid_instance(), "/name", 42)) == one("name invalid_type"));
  CHECK(errors_of(with(valid_instance(), "/name", "EU\nstore")) == one("name invalid_characters"));
  CHECK(errors_of(with(valid_instance(), "/name", "EU\xC2\x85store")) == one("name invalid_characters"));
  CHECK(errors_of(with(valid_instance(), "/name", "EU \xff store")) == one("name invalid_utf8"));
  CHECK(errors_of(with(valid_instance(), "/name", {{"$illFormedUtf16", true}})) == one("name invalid_utf8"));
  // accents, right-to-left text, emoji
  for (const char* name : {"Caf\xC3\xA9 M\xC3\xBCnchen", "\xD7\x97\xD7\xA0\xD7\x95\xD7\xAA \xD7\x90\xD7\x99\xD7\x9C\xD7\xAA",
                           "\xD9\x85\xD8\xAA\xD8\xAC\xD8\xB1", "Shop \xF0\x9F\x9B\x92"}) {
    auto r = validate(with(valid_instance(), "/name", name));
    CHECK(r.errors.empty());
    CHECK(r.instance.to_json()["name"] == name);
  }
}

TEST_CASE("instance: names are unique per connector, case-insensitively", "[validation]") {
  validation_context context;
  context.existing_names = {"US store", " eu STORE ", "\xC3\x89t\xC3\xA9"};
  CHECK(errors_of(valid_instance(), context) == one("name taken"));
  CHECK(errors_of(with(valid_instance(), "/name", "EU store 2"), context) == none);
  CHECK(errors_of(with(valid_instance(), "/name", "\xC3\xA9T\xC3\x89"), context) == one("name taken"));
  auto r = validate(valid_instance(), context);
  CHECK(r.errors[0].message == "The name has already been taken.");
}

TEST_CASE("instance: connector", "[validation]") {
  CHECK(errors_of(with(valid_instance(), "/connectorId", "nope")) == one("connectorId unknown_connector"));
  CHECK(errors_of(without(valid_instance(), "/connectorId")) == one("connectorId required"));
  CHECK(errors_of(with(valid_instance(), "/connectorId", 1)) == one("connectorId invalid_type"));
  // without a connector, what depends on it is not checked, the rest still is
  CHECK(errors_of(with(with(valid_instance(), "/connectorId", "nope"), "/name", "")) ==
        std::vector<std::string>{"connectorId unknown_connector", "name required"});
}

TEST_CASE("instance: an unknown time zone offers the zone it most likely meant", "[validation]") {
  auto suggestion = [](const std::string& typed) -> json {
    const auto errors = validate(with(valid_instance(), "/timeZone", typed)).errors;
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "unknown_time_zone");
    CHECK(errors[0].params["value"] == typed);
    return errors[0].params.contains("suggestion") ? errors[0].params["suggestion"] : json();
  };
  CHECK(suggestion("Europe/Berlni") == "Europe/Berlin");
  CHECK(suggestion("Kolkatta") == "Asia/Kolkata");     // the last part of the name
  CHECK(suggestion("berlinn") == "Europe/Berlin");     // any case
  CHECK(suggestion("new york") == "America/New_York"); // a space for the underscore
  CHECK(suggestion("US/Easten") == "America/New_York"); // another name of the zone
  CHECK(suggestion("Europe/Atlantis").is_null());      // nothing that close
  CHECK(suggestion("Bx").is_null());                   // too short to guess
  CHECK(suggestion(std::string(300, 'x')).is_null());
}

TEST_CASE("instance: PHP's legacy zone names are kept, with a warning", "[validation]") {
  auto warnings_on = [](const auto& r) {
    std::vector<std::string> out;
    for (const auto& w : r.warnings)
      if (w.field == "timeZone") out.push_back(w.code + ": " + w.message);
    return out;
  };
  const auto cet = validate(with(valid_instance(), "/timeZone", "cet"));
  CHECK(cet.errors.empty());
  CHECK(cet.instance.to_json()["timeZone"] == "CET");
  CHECK(warnings_on(cet) == std::vector<std::string>{
                                "php_legacy_zone: CET in PHP is UTC+1 all year, without daylight saving; "
                                "for Paris time choose Europe/Paris."});
  CHECK(warnings_on(validate(with(valid_instance(), "/timeZone", "EST"))) ==
        std::vector<std::string>{"php_legacy_zone: EST in PHP is UTC-5 all year, without daylight saving; "
                                 "for New York time choose America/New_York."});
  CHECK(warnings_on(validate(with(valid_instance(), "/timeZone", "GMT+0"))) ==
        std::vector<std::string>{"php_legacy_zone: GMT+0 in PHP is UTC+0 all year, written as GMT+0000; "
                                 "for UTC choose UTC."});
  // lower case gmt+0 is tzdb's link in PHP too (its offset syntax wants capitals)
  CHECK(warnings_on(validate(with(valid_instance(), "/timeZone", "gmt+0"))).empty());
  CHECK(warnings_on(validate(with(valid_instance(), "/timeZone", "Europe/Paris"))).empty());
}

TEST_CASE("instance: time zone", "[validation]") {
  CHECK(errors_of(with(valid_instance(), "/timeZone", "Asia/Kolkata")) == none);
  CHECK(errors_of(with(valid_instance(), "/timeZone", "UTC")) == none);
  CHECK(errors_of(with(valid_instance(), "/timeZone", "Europe/Atlantis")) == one("timeZone unknown_time_zone"));
  CHECK(errors_of(with(valid_instance(), "/timeZone", "+02:00")) == one("timeZone unknown_time_zone"));
  CHECK(errors_of(with(valid_instance(), "/timeZone", "")) == one("timeZone required"));
  CHECK(errors_of(with(valid_instance(), "/timeZone", std::string(5000, 'x'))) == one("timeZone unknown_time_zone"));
  CHECK(errors_of(with(valid_instance(), "/timeZone", 1)) == one("timeZone invalid_type"));
  CHECK(validate(with(valid_instance(), "/timeZone", "US/Eastern")).instance.to_json()["timeZone"] == "America/New_York");
  CHECK(validate(with(valid_instance(), "/timeZone", "Asia/Calcutta")).instance.to_json()["timeZone"] == "Asia/Kolkata");
  for (const char* utc : {"UTC", "Etc/UTC", "Zulu", "Etc/Universal"}) {
    CHECK(validate(with(valid_instance(), "/timeZone", utc)).instance.to_json()["timeZone"] == "UTC");
  }
  CHECK(validate(with(valid_instance(), "/timeZone", " Europe/Berlin ")).instance.to_json()["timeZone"] == "Europe/Berlin");
  // omitted: the connector's default
  CHECK(validate(without(valid_instance(), "/timeZone")).instance.to_json()["timeZone"] == "UTC");
}

TEST_CASE("instance: date format", "[validation]") {
  CHECK(errors_of(with(valid_instance(), "/dateFormat", "d/m/Y")) == none);
  CHECK(errors_of(with(valid_instance(), "/dateFormat", "Y-m-d\\TH:i:sP")) == none);
  CHECK(errors_of(with(valid_instance(), "/dateFormat", "")) == one("dateFormat required"));
  CHECK(errors_of(with(valid_instance(), "/dateFormat", "   ")) == one("dateFormat required"));
  CHECK(errors_of(with(valid_instance(), "/dateFormat", std::string(256, 'Y'))) == none);
  CHECK(errors_of(with(valid_instance(), "/dateFormat", std::string(257, 'Y'))) == one("dateFormat too_long"));
  CHECK(errors_of(with(valid_instance(), "/dateFormat", "Y-m-d\\")) == one("dateFormat invalid_date_format"));
  CHECK(errors_of(with(valid_instance(), "/dateFormat", "Y\nm")) == one("dateFormat invalid_characters"));
  auto r = validate(with(valid_instance(), "/dateFormat", "Y-m-d\\"));
  CHECK(r.errors[0].params["position"] == 5);
  CHECK(r.errors[0].params["reason"] == "dangling_escape");
  CHECK(validate(without(valid_instance(), "/dateFormat")).instance.to_json()["dateFormat"] == "Y-m-d H:i:s");
  // usable, but lossy when read back: a warning, not an error
  auto lossy = validate(with(valid_instance(), "/dateFormat", "d/m"));
  CHECK(lossy.valid());
  REQUIRE_FALSE(lossy.warnings.empty());
  CHECK(lossy.warnings[0].field == "dateFormat");
}

TEST_CASE("instance: a literal UTC label with a zone that is not UTC is a warning", "[validation]") {
  // the label warnings only (a format without an offset has other warnings too)
  auto codes = [](const json& instance) {
    std::vector<std::string> out;
    for (const auto& w : validate(instance).warnings)
      if (w.code == "utc_label_with_local_zone") out.push_back(w.code);
    return out;
  };
  const auto berlin = with(valid_instance(), "/timeZone", "Europe/Berlin");
  const auto label = std::vector<std::string>{"utc_label_with_local_zone"};
  CHECK(codes(with(berlin, "/dateFormat", "Y-m-d\\TH:i:s\\Z")) == label);
  CHECK(codes(with(berlin, "/dateFormat", "d.m.Y H:i \\U\\T\\C")) == label);
  CHECK(codes(with(berlin, "/dateFormat", "Y-m-d H:i \\G\\M\\T")) == label);
  auto r = validate(with(berlin, "/dateFormat", "Y-m-d\\TH:i:s\\Z"));
  CHECK(r.valid());  // a warning does not block
  REQUIRE_FALSE(r.warnings.empty());
  const auto& w = r.warnings.back();
  CHECK(w.field == "dateFormat");
  CHECK(w.params["position"] == 12);
  CHECK(w.message ==
        "The format writes \"Z\", which says the time is UTC, but times are written in Europe/Berlin: the other "
        "side will read them off by the zone's offset. Write the offset with P or O instead, or use the time zone UTC.");
  // not in UTC zones (a link typed in is judged by its canonical zone), nor for format letters
  CHECK(codes(with(with(berlin, "/timeZone", "Etc/UTC"), "/dateFormat", "Y-m-d\\TH:i:s\\Z")).empty());
  CHECK(codes(with(with(berlin, "/timeZone", "Zulu"), "/dateFormat", "Y-m-d\\TH:i:s\\Z")).empty());
  CHECK(codes(with(berlin, "/dateFormat", "Y-m-d H:i:s T")).empty());    // T: the zone's abbreviation
  CHECK(codes(with(berlin, "/dateFormat", "Y-m-d H:i:s Z")).empty());    // Z: the offset in seconds
  CHECK(codes(with(berlin, "/dateFormat", "Y-m-d\\TH:i:sP")).empty());
  CHECK(codes(with(berlin, "/dateFormat", "\\Z\\o\\n\\e: e")).empty());  // "Zone" is not a label
}

TEST_CASE("instance: rate limit", "[validation]") {
  CHECK(errors_of(with(valid_instance(), "/rateLimit/amount", 1)) == none);
  CHECK(errors_of(with(valid_instance(), "/rateLimit/amount", 1000000)) == none);
  CHECK(errors_of(with(valid_instance(), "/rateLimit/amount", 0)) == one("rateLimit.amount too_small"));
  CHECK(errors_of(with(valid_instance(), "/rateLimit/amount", -5)) == one("rateLimit.amount too_small"));
  CHECK(errors_of(with(valid_instance(), "/rateLimit/amount", 1000001)) == one("rateLimit.amount too_large"));
  CHECK(errors_of(with(valid_instance(), "/rateLimit/amount", 18446744073709551615ull)) ==
        one("rateLimit.amount too_large"));
  CHECK(errors_of(with(valid_instance(), "/rateLimit/amount", 1.5)) == one("rateLimit.amount not_integer"));
  CHECK(errors_of(with(valid_instance(), "/rateLimit/amount", 2.0)) == none);
  CHECK(errors_of(with(valid_instance(), "/rateLimit/amount", "2")) == one("rateLimit.amount invalid_type"));
  CHECK(errors_of(without(valid_instance(), "/rateLimit/amount")) == one("rateLimit.amount required"));
  for (const char* unit : {"second", "minute", "hour", "day"}) {
    CHECK(errors_of(with(valid_instance(), "/rateLimit/unit", unit)) == none);
  }
  CHECK(errors_of(with(valid_instance(), "/rateLimit/unit", "week")) == one("rateLimit.unit invalid_choice"));
  CHECK(errors_of(with(valid_instance(), "/rateLimit/unit", "Second")) == one("rateLimit.unit invalid_choice"));
  CHECK(errors_of(without(valid_instance(), "/rateLimit/unit")) == one("rateLimit.unit required"));
  CHECK(errors_of(with(valid_instance(), "/rateLimit", 5)) == one("rateLimit invalid_type"));
  CHECK(errors_of(with(valid_instance(), "/rateLimit", {{"amount", 0}, {"unit", "year"}})) ==
        std::vector<std::string>{"rateLimit.amount too_small", "rateLimit.unit invalid_choice"});
  auto plain = json{{"connectorId", "plain"}, {"name", "x"}, {"authMethodId", "basic"},
                    {"credentials", {{"username", "u"}, {"password", "p"}}}};
  auto r = validate(plain);
  CHECK(r.errors.empty());
  CHECK(r.instance.to_json()["rateLimit"] == json{{"amount", 30}, {"unit", "minute"}});
  CHECK(r.instance.to_json()["timeZone"] == "America/Los_Angeles");
  CHECK(r.instance.to_json()["dateFormat"] == "d.m.Y");
}

TEST_CASE("instance: connection pool", "[validation]") {
  CHECK(errors_of(with(valid_instance(), "/poolId", "p1")) == none);
  CHECK(validate(with(valid_instance(), "/poolId", "p1")).instance.to_json()["poolId"] == "p1");
  CHECK(errors_of(with(valid_instance(), "/poolId", "p2")) == one("poolId unknown_pool"));
  CHECK(errors_of(with(valid_instance(), "/poolId", "")) == none);
  CHECK(errors_of(with(valid_instance(), "/poolId", 3)) == one("poolId invalid_type"));
  validation_context context;
  context.pools = std::vector<core::catalog::connection_pool>{{"p2", "Pool 2", 1, std::nullopt}};
  CHECK(errors_of(with(valid_instance(), "/poolId", "p2"), context) == none);
  CHECK(errors_of(with(valid_instance(), "/poolId", "p1"), context) == one("poolId unknown_pool"));
  auto plain = json{{"connectorId", "plain"}, {"name", "x"}, {"authMethodId", "basic"}, {"poolId", "p1"},
                    {"credentials", {{"username", "u"}, {"password", "p"}}}};
  CHECK(errors_of(plain) == one("poolId pool_not_allowed"));
}

TEST_CASE("instance: sharing another instance's rate limit", "[validation]") {
  validation_context context;
  context.instances = {{"i-own", "Own limit", std::nullopt}, {"i-borrower", "Borrower", std::string("i-own")}};
  auto shared = with(without(valid_instance(), "/rateLimit"), "/sharedLimitOf", "i-own");
  auto r = validate(shared, context);
  CHECK(r.errors.empty());
  CHECK(r.instance.to_json()["sharedLimitOf"] == "i-own");
  CHECK(r.instance.to_json()["rateLimit"].is_null());  // no limit of its own: the owner's applies
  // its own limit by default, and with "" (a cleared form input)
  CHECK(validate(valid_instance(), context).instance.to_json()["sharedLimitOf"].is_null());
  CHECK(errors_of(with(valid_instance(), "/sharedLimitOf", ""), context) == none);
  // a limit of its own sent too: refused, not dropped
  CHECK(errors_of(with(valid_instance(), "/sharedLimitOf", "i-own"), context) ==
        one("rateLimit not_with_shared_limit"));
  CHECK(errors_of(with(shared, "/rateLimit", nullptr), context) == none);
  // one level deep: not an instance that itself borrows, nor an unknown one, nor itself
  CHECK(errors_of(with(shared, "/sharedLimitOf", "i-borrower"), context) == one("sharedLimitOf limit_not_own"));
  CHECK(validate(with(shared, "/sharedLimitOf", "i-borrower"), context).errors[0].message ==
        "The instance Borrower uses another instance's rate limit; share that one instead.");
  CHECK(errors_of(with(shared, "/sharedLimitOf", "i-gone"), context) == one("sharedLimitOf unknown_instance"));
  CHECK(errors_of(shared) == one("sharedLimitOf unknown_instance"));
  CHECK(errors_of(with(shared, "/sharedLimitOf", 7), context) == one("sharedLimitOf invalid_type"));
  auto self = context;
  self.instance_id = "i-own";
  CHECK(errors_of(shared, self) == one("sharedLimitOf unknown_instance"));
  // an instance whose own limit others share cannot start using another's
  self.instances.push_back({"i-other", "Other", std::nullopt});
  CHECK(errors_of(with(shared, "/sharedLimitOf", "i-other"), self) == one("sharedLimitOf limit_is_shared"));
  CHECK(limit_owner_choices(self).empty());
  // the choices: instances with a limit of their own, never the edited one
  auto choices = limit_owner_choices(context);
  REQUIRE(choices.size() == 1);
  CHECK(choices[0].id == "i-own");
  auto editing_borrower = context;
  editing_borrower.instance_id = "i-borrower";
  CHECK(limit_owner_choices(editing_borrower).size() == 1);
}

TEST_CASE("instance: authentication method", "[validation]") {
  CHECK(errors_of(with(valid_instance(), "/authMethodId", "oauth")) == one("authMethodId unknown_auth_method"));
  // a single method is implied; with two the choice is required
  auto r = validate(without(valid_instance(), "/authMethodId"));
  CHECK(r.errors.empty());
  CHECK(r.instance.to_json()["authMethodId"] == "token");
  CHECK(errors_of(json{{"connectorId", "plain"}, {"name", "x"}}) == one("authMethodId required"));
}

TEST_CASE("instance: credentials, presence and unknown keys", "[validation]") {
  CHECK(errors_of(without(valid_instance(), "/credentials/store")) == one("credentials.store required"));
  CHECK(errors_of(with(valid_instance(), "/credentials/store", "   ")) == one("credentials.store required"));
  CHECK(errors_of(with(valid_instance(), "/credentials/token", "")) == one("credentials.token required"));
  CHECK(errors_of(with(valid_instance(), "/credentials/tokn", "x")) == one("credentials.tokn unknown_field"));
  CHECK(errors_of(with(valid_instance(), "/credentials", "x")) == one("credentials invalid_type"));
  CHECK(errors_of(without(valid_instance(), "/credentials")) ==
        std::vector<std::string>{"credentials.store required", "credentials.token required"});
  // submitted under the alias
  auto aliased = without(with(valid_instance(), "/credentials/shop", "acme-us"), "/credentials/store");
  auto r = validate(aliased);
  CHECK(r.errors.empty());
  CHECK(r.instance.to_json()["credentials"]["store"] == "acme-us");
  CHECK(errors_of(with(valid_instance(), "/credentials/shop", "acme-us")) == one("credentials.shop duplicate_field"));
  auto required = validate(without(valid_instance(), "/credentials/store"));
  CHECK(required.errors[0].message == "The Store name field is required.");
}

TEST_CASE("instance: credentials, rules of each type", "[validation]") {
  const auto cred = [](const std::string& key, json value) {
    return errors_of(with(valid_instance(), "/credentials/" + key, std::move(value)));
  };
  const auto err = [](const std::string& key, const std::string& code) {
    return one("credentials." + key + " " + code);
  };
  // pattern
  CHECK(cred("store", "acme-eu-2") == none);
  CHECK(cred("store", "Acme EU") == err("store", "pattern_mismatch"));
  CHECK(cred("store", 5) == err("store", "invalid_type"));
  // 1024 characters at most, counted in code points
  CHECK(cred("token", std::string(1024, 't')) == none);
  CHECK(cred("token", std::string(1025, 't')) == err("token", "too_long"));
  CHECK(cred("token", repeat("\xC3\xA9", 1024)) == none);
  CHECK(cred("token", repeat("\xC3\xA9", 1025)) == err("token", "too_long"));
  CHECK(cred("token", "a\x01" "b") == err("token", "invalid_characters"));
  CHECK(cred("token", "bad \xC3") == err("token", "invalid_utf8"));
  // url / email
  CHECK(cred("endpoint", "https://api.acme.example:8443/v2?x=1") == none);
  CHECK(cred("endpoint", "http://[::1]:8080") == none);
  CHECK(cred("endpoint", "api.acme.example") == err("endpoint", "invalid_url"));
  CHECK(cred("endpoint", "https://") == err("endpoint", "invalid_url"));
  CHECK(cred("endpoint", "https://a b.example") == err("endpoint", "invalid_url"));
  CHECK(cred("endpoint", "https://acme.example:99999") == err("endpoint", "invalid_url"));
  CHECK(cred("contact", "ops@acme.example") == none);
  CHECK(cred("contact", "ops@localhost") == none);
  CHECK(cred("contact", "ops@") == err("contact", "invalid_email"));
  CHECK(cred("contact", "ops@-acme.example") == err("contact", "invalid_email"));
  CHECK(cred("contact", "o ps@acme.example") == err("contact", "invalid_email"));
  // integer 1..500
  CHECK(cred("page_size", 1) == none);
  CHECK(cred("page_size", 500) == none);
  CHECK(cred("page_size", "500") == none);
  CHECK(cred("page_size", 0) == err("page_size", "too_small"));
  CHECK(cred("page_size", 501) == err("page_size", "too_large"));
  CHECK(cred("page_size", "501") == err("page_size", "too_large"));
  CHECK(cred("page_size", "1.5") == err("page_size", "not_integer"));
  CHECK(cred("page_size", 1.5) == err("page_size", "not_integer"));
  CHECK(cred("page_size", "12abc") == err("page_size", "not_integer"));
  CHECK(cred("page_size", "99999999999999999999999") == err("page_size", "too_large"));
  CHECK(validate(with(valid_instance(), "/credentials/page_size", " 42 ")).instance.to_json()["credentials"]["page_size"] == 42);
  // number 0.5..2.5
  CHECK(cred("factor", 0.5) == none);
  CHECK(cred("factor", "2.5") == none);
  CHECK(cred("factor", 0.49) == err("factor", "too_small"));
  CHECK(cred("factor", "2.51") == err("factor", "too_large"));
  CHECK(cred("factor", "1e400") == err("factor", "not_number"));
  CHECK(cred("factor", "one") == err("factor", "not_number"));
  CHECK(cred("factor", true) == err("factor", "invalid_type"));
  // enum, boolean
  CHECK(cred("region", "eu") == none);
  CHECK(cred("region", "EU") == err("region", "invalid_choice"));
  CHECK(cred("sandbox", true) == none);
  CHECK(cred("sandbox", "false") == none);
  CHECK(cred("sandbox", "no") == err("sandbox", "invalid_boolean"));
  CHECK(validate(with(valid_instance(), "/credentials/sandbox", "true")).instance.to_json()["credentials"]["sandbox"] == true);
  // multiline keeps line breaks; 2..50 characters
  CHECK(cred("notes", "line 1\nline 2\r\n\tend") == none);
  CHECK(cred("notes", "ab") == none);
  CHECK(cred("notes", "a") == err("notes", "too_short"));
  CHECK(cred("notes", std::string(50, 'x')) == none);
  CHECK(cred("notes", std::string(51, 'x')) == err("notes", "too_long"));
  CHECK(cred("notes", "bell\x07") == err("notes", "invalid_characters"));
  // locked: only the default
  CHECK(cred("header", "X-Token") == none);
  CHECK(cred("header", "X-Other") == err("header", "locked"));
}

TEST_CASE("instance: secrets never appear in errors or the normalised instance", "[validation]") {
  auto r = validate(with(with(valid_instance(), "/credentials/token", std::string(1025, 'S')), "/credentials/endpoint",
                         "not a url"));
  for (const auto& e : r.errors) {
    CHECK(e.message.find("SSSS") == std::string::npos);
    CHECK(e.params.dump().find("SSSS") == std::string::npos);
  }
  auto ok = validate(valid_instance());
  CHECK(ok.instance.to_json().dump().find("s3cret") == std::string::npos);
}

TEST_CASE("instance: certificate presence follows the method", "[validation]") {
  const json pem{{"data", certificate_fixture("client.pem")}};
  CHECK(errors_of(with(valid_instance(), "/certificate", pem)) == none);          // optional
  auto plain = json{{"connectorId", "plain"}, {"name", "x"}, {"authMethodId", "basic"},
                    {"credentials", {{"username", "u"}, {"password", "p"}}}};
  CHECK(errors_of(with(plain, "/certificate", pem)) == one("certificate not_allowed"));
  auto mtls = json{{"connectorId", "plain"}, {"name", "x"}, {"authMethodId", "mtls"}};
  CHECK(errors_of(mtls) == one("certificate required"));
  CHECK(errors_of(with(mtls, "/certificate", pem)) == none);
  CHECK(errors_of(with(mtls, "/certificate", "PEM text")) == one("certificate invalid_type"));
  CHECK(errors_of(with(mtls, "/certificate", json::object())) == one("certificate required"));
  CHECK(errors_of(with(mtls, "/certificate", {{"data", ""}})) == one("certificate required"));
}

TEST_CASE("instance: certificate content", "[validation]") {
  auto mtls = json{{"connectorId", "plain"}, {"name", "x"}, {"authMethodId", "mtls"}};
  const auto cert = [&](json certificate, const validation_context& context = {}) {
    return errors_of(with(mtls, "/certificate", std::move(certificate)), context);
  };
  CHECK(cert({{"data", certificate_fixture("client.p12.b64")}, {"passphrase", "correct-horse"}}) == none);
  CHECK(cert({{"data", "hello"}}) == one("certificate invalid_certificate_format"));
  CHECK(cert({{"data", certificate_fixture("certificate-only.pem")}}) == one("certificate missing_private_key"));
  CHECK(cert({{"data", certificate_fixture("client-encrypted-key.pem")}}) ==
        one("certificate.passphrase passphrase_required"));
  CHECK(cert({{"data", certificate_fixture("client-encrypted-key.pem")}, {"passphrase", "correct-horse"}}) == none);
  // size: 64 KiB of text at most (padding text outside the blocks is allowed by PEM)
  const std::string pem = certificate_fixture("client.pem");
  CHECK(cert({{"data", pem + std::string(64 * 1024 - pem.size(), '\n')}}) == none);
  CHECK(cert({{"data", pem + std::string(64 * 1024 - pem.size() + 1, '\n')}}) == one("certificate too_large"));
  // passphrase: 1000 characters at most
  CHECK(cert({{"data", pem}, {"passphrase", std::string(1000, 'p')}}) == none);
  CHECK(cert({{"data", pem}, {"passphrase", std::string(1001, 'p')}}) == one("certificate.passphrase too_long"));
  CHECK(cert({{"data", pem}, {"passphrase", 5}}) == one("certificate.passphrase invalid_type"));
  // expiry against the caller's now
  validation_context later;
  later.now_ms = std::int64_t{4102444800000};  // 2100-01-01
  auto r = validate(with(mtls, "/certificate", {{"data", pem}}), later);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].code == "certificate_expired");
  CHECK(r.errors[0].message.find("The certificate \"client.example.com\" expired on ") == 0);
  // the normalised instance describes the certificate, without its data
  auto ok = validate(with(mtls, "/certificate", {{"data", pem}}));
  REQUIRE(ok.valid());
  CHECK(ok.instance.to_json()["certificate"]["format"] == "pem");
  CHECK(ok.instance.to_json()["certificate"]["certificates"][0]["subject"] == "client.example.com");
  CHECK(ok.instance.to_json()["certificate"].count("data") == 0);
}

TEST_CASE("instance: certificate passphrase, decided in the core", "[validation]") {
  auto mtls = json{{"connectorId", "plain"}, {"name", "x"}, {"authMethodId", "mtls"}};
  const auto check = [&](json certificate, const validation_context& context = {}) {
    return validate(with(mtls, "/certificate", std::move(certificate)), context);
  };
  const auto fields = [](const instance_validation& r) {
    std::vector<std::string> out;
    for (const auto& e : r.errors) out.push_back(e.field + " " + e.code);
    return out;
  };
  const std::string p12 = certificate_fixture("client.p12.b64");
  // a wrong passphrase is an error at certificate.passphrase, with its message
  auto wrong = check({{"data", p12}, {"passphrase", "incorrect-horse"}});
  REQUIRE(fields(wrong) == one("certificate.passphrase passphrase_incorrect"));
  CHECK(wrong.errors[0].message ==
        "The passphrase is incorrect: the PKCS#12 file cannot be opened with it.");
  auto missing = check({{"data", p12}});
  REQUIRE(fields(missing) == one("certificate.passphrase passphrase_required"));
  CHECK(missing.errors[0].message == "The passphrase is required: the PKCS#12 file is protected.");
  CHECK(fields(check({{"data", p12}, {"passphrase", ""}})) ==
        one("certificate.passphrase passphrase_required"));
  auto pem_wrong = check({{"data", certificate_fixture("client-encrypted-key.pem")},
                          {"passphrase", "incorrect-horse"}});
  REQUIRE(fields(pem_wrong) == one("certificate.passphrase passphrase_incorrect"));
  CHECK(pem_wrong.errors[0].message ==
        "The passphrase is incorrect: the private key cannot be decrypted with it.");
  CHECK(fields(check({{"data", certificate_fixture("client-legacy-encrypted.pem")},
                      {"passphrase", "incorrect-horse"}})) ==
        one("certificate.passphrase passphrase_incorrect"));
  // a passphrase that has an error of its own gets no second one
  CHECK(fields(check({{"data", p12}, {"passphrase", std::string(1001, 'p')}})) ==
        one("certificate.passphrase too_long"));
  CHECK(fields(check({{"data", p12}, {"passphrase", 5}})) ==
        one("certificate.passphrase invalid_type"));

  // the right passphrase: the certificates inside are read, listed and dated
  const auto leaf = [] {
    std::istringstream in(certificate_fixture("validity.txt"));
    std::string name;
    std::int64_t start = 0, end = 0;
    in >> name >> start >> end;
    return std::pair<std::int64_t, std::int64_t>{start * 1000, end * 1000};
  }();
  validation_context during;
  during.now_ms = leaf.first + 1000;
  auto ok = check({{"data", p12}, {"passphrase", "correct-horse"}}, during);
  REQUIRE(ok.valid());
  CHECK(ok.instance.to_json()["certificate"]["format"] == "pkcs12");
  REQUIRE(ok.instance.to_json()["certificate"]["certificates"].size() == 1);
  CHECK(ok.instance.to_json()["certificate"]["certificates"][0]["subject"] == "client.example.com");
  CHECK(ok.instance.to_json()["certificate"]["certificates"][0]["notAfter"] == leaf.second);
  CHECK(ok.instance.to_json().dump().find("correct-horse") == std::string::npos);
  // an expired certificate inside encrypted contents
  auto expired = check({{"data", certificate_fixture("expired.p12.b64")}, {"passphrase", "correct-horse"}},
                       during);
  REQUIRE(fields(expired) == one("certificate certificate_expired"));
  CHECK(expired.errors[0].message ==
        "The certificate \"expired.example.com\" expired on 2021-01-01T00:00:00Z.");
}

TEST_CASE("instance: not an object; the context from JSON", "[validation]") {
  auto r = validate(json::array());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].code == "invalid_type");
  auto context = parse_validation_context(json::parse(
      R"({"existingNames": ["A"], "pools": [{"id": "x", "name": "X", "limit": 1}], "now": 1700000000000.5})"));
  REQUIRE(context.context);
  CHECK(context.context->existing_names == std::vector<std::string>{"A"});
  CHECK(context.context->pools->at(0).id == "x");
  CHECK(context.context->now_ms == 1700000000000);
  CHECK_FALSE(parse_validation_context(json::parse(R"({"existingNames": "A"})")).context);
  CHECK_FALSE(parse_validation_context(json::parse(R"({"existingNames": [1]})")).context);
  CHECK_FALSE(parse_validation_context(json::parse(R"({"now": "today"})")).context);
  CHECK_FALSE(parse_validation_context(json::parse(R"({"pools": [{"id": "x"}]})")).context);
  CHECK(parse_validation_context(nullptr).context);
  auto refs = parse_validation_context(json::parse(
      R"({"instances": [{"id": "a", "name": "A"}, {"id": "b", "name": "B", "sharedLimitOf": "a"}], "instanceId": "c"})"));
  REQUIRE(refs.context);
  REQUIRE(refs.context->instances.size() == 2);
  CHECK_FALSE(refs.context->instances[0].shared_limit_of);
  CHECK(refs.context->instances[1].shared_limit_of == std::optional<std::string>("a"));
  CHECK(refs.context->instance_id == "c");
  CHECK_FALSE(parse_validation_context(json::parse(R"({"instances": {}})")).context);
  CHECK_FALSE(parse_validation_context(json::parse(R"({"instances": [{"id": "a"}]})")).context);
  CHECK_FALSE(parse_validation_context(json::parse(R"({"instances": [{"id": 1, "name": "A"}]})")).context);
  CHECK_FALSE(parse_validation_context(json::parse(R"({"instances": ["a"]})")).context);
  CHECK_FALSE(parse_validation_context(json::parse(R"({"instanceId": 3})")).context);
}

TEST_CASE("validation: thousands of unknown credential keys keep 100 errors and count the rest",
          "[validation]") {
  json instance = valid_instance();
  for (int i = 0; i < 12000; ++i) instance["credentials"]["extra_" + std::to_string(i)] = "v";
  const auto result = validate(instance);
  CHECK_FALSE(result.valid());
  CHECK(result.errors.size() == max_reported_errors);
  CHECK(result.omitted_errors == 12000 - max_reported_errors);
  CHECK(result.errors.front().code == "unknown_field");
}

TEST_CASE("validation: errors beyond the cap alone still make the instance invalid", "[validation]") {
  instance_validation v;
  v.omitted_errors = 1;
  CHECK_FALSE(v.valid());
}

#include "core/common/json_text.h"

TEST_CASE("instance validation: the normalised instance's text is its JSON form's", "[validation]") {
  const auto text_of = [](const normalised_instance& instance) {
    std::string out;
    append_json_text(instance, out);
    return out;
  };
  const json utf8_name = "Caf\xc3\xa9 \"quoted\" \\ \x01";
  const std::vector<json> instances = {
      valid_instance(),
      without(valid_instance(), "/rateLimit"),
      without(valid_instance(), "/timeZone"),
      with(valid_instance(), "/name", utf8_name),
      with(valid_instance(), "/connectorId", "plain"),  // every field after it fails
      with(valid_instance(), "/rateLimit", {{"amount", 0}, {"unit", "week"}}),
      with(valid_instance(), "/credentials", json::array()),
      json::object(),
      json::array(),  // not an object: null
  };
  for (const json& instance : instances) {
    const auto r = validate(instance);
    CHECK(text_of(r.instance) == core::json_text(r.instance.to_json()));
  }
  CHECK(text_of(validate(json::array()).instance) == "null");
}
