#include <catch2/catch.hpp>

#include <set>

#include "catalog_fixtures.h"
#include "core/catalog/catalog.h"

using namespace core::catalog;
using catalog_tests::demo_connector;
using catalog_tests::sample_definition;
using nlohmann::json;

namespace {

const std::vector<std::string> demo_names{"shopify",  "jira-cloud", "netsuite",
                                          "dynamics-365", "salesforce", "ing-psd2"};

json demo_texts() {
  json texts = json::array();
  for (const auto& name : demo_names) texts.push_back(demo_connector(name));
  return texts;
}

}  // namespace

TEST_CASE("catalog: the demo catalog loads without a problem", "[catalog]") {
  const json pools = json::parse(catalog_tests::read_file(std::string(SOURCE_DIR) + "/web/pools.example.json"));
  const auto c = catalog_tests::load_values(demo_texts(), pools);
  for (const auto& p : c.problems()) {
    FAIL_CHECK(p.source << "[" << p.index << "] " << p.detail.pointer << " " << p.detail.code
                        << ": " << p.detail.message);
  }
  REQUIRE(c.connectors().size() == demo_names.size());
  CHECK(c.pools().size() == 2);
  // every auth type is demonstrated, and a method that requires a certificate
  std::set<auth_type> types;
  bool certificate_required = false;
  for (const auto& connector : c.connectors()) {
    for (const auto& m : connector.auth_methods) {
      types.insert(m.type);
      certificate_required |= m.certificate == certificate_requirement::required;
    }
  }
  CHECK(types.size() == 5);
  CHECK(certificate_required);
  const auto* netsuite = c.find_connector("netsuite");
  REQUIRE(netsuite);
  CHECK(netsuite->concurrency_limit);
  const auto& oauth1 = netsuite->auth_methods.at(0);
  CHECK(oauth1.type == auth_type::oauth1);
  for (const char* key : {"consumer_key", "consumer_secret", "token_key", "token_secret",
                          "account_id", "realm"}) {
    CHECK(oauth1.find_variable(key));
  }
}

TEST_CASE("catalog: a bad definition is skipped, the others kept", "[catalog]") {
  json definitions = demo_texts();
  json broken = sample_definition();
  broken["id"] = "broken";
  broken["authMethods"][0]["type"] = "kerberos";
  definitions.push_back(broken);
  definitions.push_back("{\"id\": \"half\", ");  // a truncated file
  definitions.push_back(demo_connector("shopify"));  // the same id again
  const auto c = catalog_tests::load_values(definitions, nullptr);
  CHECK(c.connectors().size() == demo_names.size());
  REQUIRE(c.problems().size() == 3);
  CHECK(c.problems()[0].index == 6);
  CHECK(c.problems()[0].id == "broken");
  CHECK(c.problems()[0].detail.pointer == "/authMethods/0/type");
  CHECK(c.problems()[1].index == 7);
  CHECK(c.problems()[1].detail.code == "invalid_json");
  CHECK_FALSE(c.problems()[1].id);
  CHECK(c.problems()[2].index == 8);
  CHECK(c.problems()[2].detail.code == "duplicate_id");
  CHECK(c.problems()[2].id == "shopify");
}

TEST_CASE("catalog: one object, or not an array", "[catalog]") {
  CHECK(catalog_tests::load_values(sample_definition(), nullptr).connectors().size() == 1);
  const auto c = catalog_tests::load_values("nope", nullptr);
  CHECK(c.connectors().empty());
  REQUIRE(c.problems().size() == 1);
  CHECK(c.problems()[0].detail.code == "invalid_type");
}

TEST_CASE("catalog: pools are checked one by one", "[catalog]") {
  const json pools = json::parse(R"([
    {"id": "a", "name": "A", "limit": 2, "timeout": null},
    {"id": "b", "name": "B", "limit": 0},
    {"id": "a", "name": "A again", "limit": 1}
  ])");
  const auto c = catalog_tests::load_values(json::array({sample_definition()}), pools);
  REQUIRE(c.pools().size() == 1);
  CHECK(c.find_pool("a")->limit == 2);
  CHECK_FALSE(c.find_pool("b"));
  REQUIRE(c.problems().size() == 2);
  CHECK(c.problems()[0].source == "pools");
  CHECK(c.problems()[0].index == 1);
  CHECK(c.problems()[0].detail.pointer == "/limit");
  CHECK(c.problems()[1].detail.code == "duplicate_id");
}
