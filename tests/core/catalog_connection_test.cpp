// The connection-test members of an authentication method: check request,
// credential placement per type, OAuth settings; their validation with JSON Pointers and
// their JSON form with defaults filled in.
#include <catch2/catch.hpp>

#include "catalog_fixtures.h"
#include "core/catalog/definition_json.h"
#include "core/catalog/definition_parser.h"

using namespace core::catalog;
using catalog_tests::sample_definition;
using nlohmann::json;
using catalog_tests::problems_of;
using catalog_tests::one;

namespace {

// The sample's token method, with `members` added (and its token placed, unless given).
json with_method(json members) {
  json d = sample_definition();
  d["authMethods"][0]["token"] = {{"value", "{{token}}"}};
  for (auto& [k, v] : members.items()) d["authMethods"][0][k] = v;
  return d;
}

// A definition whose only method has the given type and variables.
json typed(const std::string& type, json variables, json members = json::object()) {
  json d = sample_definition();
  d["authMethods"][0]["type"] = type;
  d["authMethods"][0]["variables"] = std::move(variables);
  for (auto& [k, v] : members.items()) d["authMethods"][0][k] = v;
  return d;
}

const json oauth_vars = json::parse(R"([{"key":"client_id","label":"Client ID"},
  {"key":"client_secret","label":"Client secret","type":"secret"},
  {"key":"tenant","label":"Tenant"}])");

const std::string m0 = "/authMethods/0";

}  // namespace

TEST_CASE("connection: a token method's check request and header", "[catalog][connection]") {
  auto result = catalog_tests::parse_definition_value(with_method({
      {"check", {{"url", "https://{{store}}.example.com/api/{{region}}/shop.json"}, {"successStatus", {200, 204}}}},
      {"token", {{"value", "{{token}}"}, {"header", "X-Token"}}}}));
  REQUIRE(result.definition);
  const auto& spec = result.definition->auth_methods[0].connection;
  REQUIRE(spec.check);
  CHECK(spec.check->method == "GET");
  CHECK(spec.check->success_status == std::vector<int>{200, 204});
  REQUIRE(spec.token);
  CHECK(spec.token->header == std::optional<std::string>("X-Token"));

  const json out = to_json(*result.definition)["authMethods"][0];
  CHECK(out["check"] == json::parse(R"({"method":"GET","url":"https://{{store}}.example.com/api/{{region}}/shop.json",
    "successStatus":[200,204],"headers":{}})"));
  CHECK(out["token"] == json::parse(R"({"value":"{{token}}","header":"X-Token"})"));
  CHECK_FALSE(out.contains("oauth2"));
}

TEST_CASE("connection: defaults fill a section left out", "[catalog][connection]") {
  json variables = json::parse(R"([{"key":"access_token","label":"Token","type":"secret"}])");
  auto result = catalog_tests::parse_definition_value(typed("token", variables, {{"check", {{"url", "https://api.example.com/me"}}}}));
  REQUIRE(result.definition);
  const json out = to_json(*result.definition)["authMethods"][0];
  CHECK(out["token"] == json::parse(R"({"value":"{{access_token}}","header":"Authorization","scheme":"Bearer"})"));

  // no variable "access_token": the default cannot work, so "token" is required
  CHECK(problems_of(typed("token", json::parse(R"([{"key":"key","label":"Key"}])"),
                          {{"check", {{"url", "https://api.example.com/me"}}}})) ==
        one(m0 + "/token required"));
  CHECK(problems_of(typed("basic", json::parse(R"([{"key":"user","label":"User"}])"),
                          {{"check", {{"url", "https://api.example.com/me"}}}})) ==
        one(m0 + "/basic required"));
  // without a check request nothing is required
  CHECK(problems_of(typed("basic", json::parse(R"([{"key":"user","label":"User"}])"))).empty());
}

TEST_CASE("connection: templates name variables and are well formed", "[catalog][connection]") {
  CHECK(problems_of(with_method({{"check", {{"url", "https://{{nope}}.example.com/"}}}})) ==
        one(m0 + "/check/url unknown_variable"));
  CHECK(problems_of(with_method({{"check", {{"url", "https://{{store.example.com/"}}}})) ==
        one(m0 + "/check/url invalid_template"));
  CHECK(problems_of(with_method({{"check", {{"url", "https://x.example.com/}}"}}}})) ==
        one(m0 + "/check/url invalid_template"));
  CHECK(problems_of(with_method({{"check", {{"url", "https://x.example.com/"}}}, {"token", {{"value", "{{ 9bad }}"}}}})) ==
        one(m0 + "/token/value invalid_template"));
  CHECK(problems_of(with_method({{"check", {{"method", "GET"}}}})) == one(m0 + "/check/url required"));
  // the grammar's reason comes with the problem; spaces around a key are allowed
  auto result = catalog_tests::parse_definition_value(with_method({{"check", {{"url", "https://x.example.com/{{{store}}}"}}}}));
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].params == json{{"reason", "invalid_key"}});
  CHECK(problems_of(with_method({{"check", {{"url", "https://{{ store }}.example.com/"}}}})).empty());
  CHECK(problems_of(with_method({{"check", {{"url", "{{ endpoint }}/me"}}}})).empty());
}

TEST_CASE("connection: URL templates start with a scheme and host or a url variable", "[catalog][connection]") {
  CHECK(problems_of(with_method({{"check", {{"url", "{{endpoint}}/me"}}}})).empty());  // type url
  CHECK(problems_of(with_method({{"check", {{"url", "{{store}}/me"}}}})) ==
        one(m0 + "/check/url invalid_url_template"));
  CHECK(problems_of(with_method({{"check", {{"url", "ftp://x.example.com/"}}}})) ==
        one(m0 + "/check/url invalid_url_template"));
  CHECK(problems_of(with_method({{"check", {{"url", "https:///path"}}}})) ==
        one(m0 + "/check/url invalid_url_template"));
  CHECK(problems_of(with_method({{"check", {{"url", "HTTPS://X.example.com/"}}}})).empty());
}

TEST_CASE("connection: check method, statuses and headers", "[catalog][connection]") {
  const json url = "https://x.example.com/";
  CHECK(problems_of(with_method({{"check", {{"url", url}, {"method", "DELETE"}}}})) ==
        one(m0 + "/check/method invalid_choice"));
  CHECK(problems_of(with_method({{"check", {{"url", url}, {"successStatus", {200, 99, "201", 200}}}}})) ==
        std::vector<std::string>{m0 + "/check/successStatus/1 invalid_status",
                                 m0 + "/check/successStatus/2 invalid_status",
                                 m0 + "/check/successStatus/3 duplicate_status"});
  CHECK(problems_of(with_method({{"check", {{"url", url}, {"successStatus", json::array()}}}})) ==
        one(m0 + "/check/successStatus invalid_type"));
  CHECK(problems_of(with_method({{"check", {{"url", url}, {"headers", {{"Bad Name", "x"}, {"Accept", "application/json"}}}}}})) ==
        one(m0 + "/check/headers/Bad Name invalid_header_name"));
  CHECK(problems_of(with_method({{"check", {{"url", url}, {"extra", 1}}}})) ==
        one(m0 + "/check/extra unknown_member"));
}

TEST_CASE("connection: token placement", "[catalog][connection]") {
  const json check = {{"url", "https://x.example.com/"}};
  CHECK(problems_of(with_method({{"check", check}, {"token", {{"header", "X-A"}, {"query", "key"}}}})) ==
        one(m0 + "/token/query conflicting_members"));
  CHECK(problems_of(with_method({{"check", check}, {"token", {{"header", "X A"}}}})) ==
        one(m0 + "/token/header invalid_header_name"));
  CHECK(problems_of(with_method({{"check", check}, {"token", {{"query", "a&b"}}}})) ==
        one(m0 + "/token/query invalid_query_name"));
  CHECK(problems_of(with_method({{"check", check}, {"token", {{"value", "{{token}}"}, {"query", "key"}, {"scheme", "Bearer"}}}})) ==
        one(m0 + "/token/scheme not_applicable"));
}

TEST_CASE("connection: a section must match the method's type", "[catalog][connection]") {
  CHECK(problems_of(with_method({{"basic", {{"username", "{{store}}"}}}})) == one(m0 + "/basic not_applicable"));
  CHECK(problems_of(typed("basic", json::parse(R"([{"key":"t","label":"T"}])"), {{"token", json::object()}})) ==
        one(m0 + "/token not_applicable"));
  CHECK(problems_of(with_method({{"oauth1", json::object()}})) == one(m0 + "/oauth1 not_applicable"));
  CHECK(problems_of(with_method({{"oauth2", {{"tokenUrl", "https://x/"}}}})) == one(m0 + "/oauth2 not_applicable"));
}

TEST_CASE("connection: OAuth 2 settings", "[catalog][connection]") {
  const json check = {{"url", "https://api.example.com/me"}};
  const json token_url = "https://login.example.com/{{tenant}}/token";
  SECTION("client credentials") {
    auto result = catalog_tests::parse_definition_value(typed("oauth2_client_credentials", oauth_vars,
        {{"check", check}, {"oauth2", {{"tokenUrl", token_url}, {"scope", "api://x/.default"}, {"tokenKey", "data.token"}}}}));
    REQUIRE(result.definition);
    const json out = to_json(*result.definition)["authMethods"][0]["oauth2"];
    CHECK(out == json::parse(R"({"tokenUrl":"https://login.example.com/{{tenant}}/token","clientId":"{{client_id}}",
      "clientSecret":"{{client_secret}}","clientAuthentication":"basic","tokenKey":"data.token",
      "expiresInKey":"expires_in","refreshTokenKey":"refresh_token","scope":"api://x/.default"})"));
    CHECK(problems_of(typed("oauth2_client_credentials", oauth_vars, {{"check", check}})) == one(m0 + "/oauth2 required"));
    CHECK(problems_of(typed("oauth2_client_credentials", oauth_vars,
                            {{"oauth2", {{"tokenUrl", token_url}, {"authorizeUrl", "https://x.example.com/a"}, {"pkce", true}}}})) ==
          std::vector<std::string>{m0 + "/oauth2/authorizeUrl not_applicable", m0 + "/oauth2/pkce not_applicable"});
    CHECK(problems_of(typed("oauth2_client_credentials", oauth_vars,
                            {{"oauth2", {{"tokenUrl", token_url}, {"tokenKey", "a..b"}, {"clientAuthentication", "jwt"}}}})) ==
          std::vector<std::string>{m0 + "/oauth2/clientAuthentication invalid_choice", m0 + "/oauth2/tokenKey invalid_key_path"});
  }
  SECTION("authorization code") {
    auto result = catalog_tests::parse_definition_value(typed("oauth2_authorization_code", oauth_vars,
        {{"check", check}, {"oauth2", {{"tokenUrl", token_url}, {"authorizeUrl", "https://login.example.com/authorize"}}}}));
    REQUIRE(result.definition);
    const json out = to_json(*result.definition)["authMethods"][0]["oauth2"];
    CHECK(out["authorizeUrl"] == "https://login.example.com/authorize");
    CHECK(out["pkce"] == true);
    CHECK(problems_of(typed("oauth2_authorization_code", oauth_vars, {{"oauth2", {{"tokenUrl", token_url}}}})) ==
          one(m0 + "/oauth2/authorizeUrl required"));
  }
}

TEST_CASE("connection: OAuth 1 settings", "[catalog][connection]") {
  const json vars = json::parse(R"([{"key":"account","label":"Account"},{"key":"consumer_key","label":"CK"},
    {"key":"consumer_secret","label":"CS","type":"secret"},{"key":"token_key","label":"TK"},
    {"key":"token_secret","label":"TS","type":"secret"}])");
  const json check = {{"url", "https://{{account}}.example.com/me"}};
  auto result = catalog_tests::parse_definition_value(typed("oauth1", vars, {{"check", check}, {"oauth1", {{"realm", "{{account}}"}}}}));
  REQUIRE(result.definition);
  const json out = to_json(*result.definition)["authMethods"][0]["oauth1"];
  CHECK(out == json::parse(R"({"consumerKey":"{{consumer_key}}","consumerSecret":"{{consumer_secret}}",
    "token":"{{token_key}}","tokenSecret":"{{token_secret}}","realm":"{{account}}","signatureMethod":"HMAC-SHA256"})"));
  CHECK(problems_of(typed("oauth1", vars, {{"check", check}, {"oauth1", {{"signatureMethod", "PLAINTEXT"}}}})) ==
        one(m0 + "/oauth1/signatureMethod invalid_choice"));
  CHECK(problems_of(typed("oauth1", vars, {{"check", check}, {"oauth1", {{"realm", "{{realm}}"}}}})) ==
        one(m0 + "/oauth1/realm unknown_variable"));
}

TEST_CASE("connection: a method's base URL", "[catalog][connection][gateway]") {
  auto result = catalog_tests::parse_definition_value(with_method({{"baseUrl", "https://{{store}}.example.com/api/{{region}}"}}));
  REQUIRE(result.definition);
  const auto& spec = result.definition->auth_methods[0].connection;
  CHECK(spec.base_url == std::optional<std::string>("https://{{store}}.example.com/api/{{region}}"));
  const json out = to_json(*result.definition)["authMethods"][0];
  CHECK(out["baseUrl"] == "https://{{store}}.example.com/api/{{region}}");
  // a base URL without a check request still completes the credentials' placement
  CHECK(out["token"] == json::parse(R"({"value":"{{token}}","header":"Authorization","scheme":"Bearer"})"));

  CHECK(problems_of(with_method({{"baseUrl", "https://{{nope}}.example.com"}})) ==
        one(m0 + "/baseUrl unknown_variable"));
  CHECK(problems_of(with_method({{"baseUrl", "{{store}}/api"}})) == one(m0 + "/baseUrl invalid_url_template"));
  CHECK(problems_of(with_method({{"baseUrl", "https://x.example.com/api#top"}})) ==
        one(m0 + "/baseUrl invalid_url_template"));
  CHECK(problems_of(with_method({{"baseUrl", "https://x.example.com/api?version=2"}})).empty());
  CHECK(problems_of(with_method({{"baseUrl", "{{endpoint}}"}})).empty());  // a url variable
  CHECK(problems_of(with_method({{"baseUrl", 42}})) == one(m0 + "/baseUrl invalid_type"));
  // the placement defaults must work once there is a base URL
  CHECK(problems_of(typed("basic", json::parse(R"([{"key":"user","label":"User"}])"),
                          {{"baseUrl", "https://api.example.com"}})) == one(m0 + "/basic required"));
}

TEST_CASE("connection: the definition's base URL serves methods without their own", "[catalog][connection][gateway]") {
  json d = with_method(json::object());  // its token placed
  d["baseUrl"] = "https://{{store}}.example.com/v1";
  json second = d["authMethods"][0];
  second["id"] = "other";
  second["baseUrl"] = "https://eu.example.com/v2";
  d["authMethods"].push_back(second);
  auto result = catalog_tests::parse_definition_value(d);
  CHECK(problems_of(d).empty());
  REQUIRE(result.definition);
  CHECK(result.definition->auth_methods[0].connection.base_url == std::optional<std::string>("https://{{store}}.example.com/v1"));
  CHECK(result.definition->auth_methods[1].connection.base_url == std::optional<std::string>("https://eu.example.com/v2"));

  // a variable the method lacks is reported at the definition's member, naming the method
  json bad = with_method(json::object());
  bad["baseUrl"] = "https://{{tenant}}.example.com";
  auto refused = catalog_tests::parse_definition_value(bad);
  REQUIRE(refused.problems.size() == 1);
  CHECK(refused.problems[0].pointer == "/baseUrl");
  CHECK(refused.problems[0].code == "unknown_variable");
  CHECK(refused.problems[0].params["authMethod"] == "token");
}
