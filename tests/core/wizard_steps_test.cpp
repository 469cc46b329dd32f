// The step graph, field ownership, idempotency keys and reading the backend's answers.
#include <catch2/catch.hpp>

#include <set>

#include "core/wizard/idempotency.h"
#include "core/wizard/server_answer.h"
#include "core/wizard/steps.h"

using namespace core::wizard;
using nlohmann::json;

TEST_CASE("wizard steps: ids round-trip and the editing order", "[wizard][steps]") {
  for (step s : {step::name, step::settings, step::auth_type, step::credentials, step::review,
                 step::submitting, step::created, step::cancelled}) {
    REQUIRE(parse_step(step_id(s)) == s);
    CHECK_FALSE(step_title(s).empty());
  }
  CHECK(step_id(step::auth_type) == "authType");
  CHECK_FALSE(parse_step("Name"));
  CHECK_FALSE(parse_step(""));

  CHECK(step_after(step::name) == step::settings);
  CHECK(step_after(step::settings) == step::auth_type);
  CHECK(step_after(step::auth_type) == step::credentials);
  CHECK(step_after(step::credentials) == step::review);
  CHECK_FALSE(step_after(step::review));
  CHECK_FALSE(step_after(step::submitting));
  CHECK_FALSE(step_before(step::name));
  CHECK(step_before(step::review) == step::credentials);
  CHECK_FALSE(step_before(step::created));

  CHECK(is_editing_step(step::review));
  CHECK_FALSE(is_editing_step(step::submitting));
}

TEST_CASE("wizard steps: every field path of the contract has its step", "[wizard][steps]") {
  CHECK(step_of_field("name") == step::name);
  for (auto f : {"timeZone", "dateFormat", "rateLimit", "rateLimit.amount", "rateLimit.unit", "poolId"})
    CHECK(step_of_field(f) == step::settings);
  CHECK(step_of_field("authMethodId") == step::auth_type);
  for (auto f : {"credentials.password", "credentials.store_name", "certificate", "certificate.passphrase"})
    CHECK(step_of_field(f) == step::credentials);
  // errors no input owns are shown on the review
  CHECK(step_of_field("connectorId") == step::review);
  CHECK(step_of_field("names") == step::review);
  CHECK(step_of_field("rateLimitX") == step::review);
  CHECK(step_of_field("certificates") == step::review);
}

TEST_CASE("idempotency keys: attempt 1 is the seed, later attempts are distinct UUIDs", "[wizard][idempotency]") {
  const std::string seed = "6f1c1c9e-3a57-4d6e-9c1e-2b7d8f0a4e11";
  CHECK(idempotency_key(seed, 1) == seed);
  std::set<std::string> keys{seed};
  for (std::uint32_t n = 2; n < 2000; ++n) {
    auto k = idempotency_key(seed, n);
    REQUIRE(k.size() == 36);
    CHECK(k[8] == '-');
    CHECK(k[14] == '8');  // version 8: derived
    CHECK(std::string("89ab").find(k[19]) != std::string::npos);  // RFC 9562 variant
    CHECK(k == idempotency_key(seed, n));  // the same attempt always has the same key
    keys.insert(k);
  }
  CHECK(keys.size() == 1999);
  CHECK(idempotency_key("other-seed", 2) != idempotency_key(seed, 2));
}

TEST_CASE("idempotency seeds must fit an HTTP header", "[wizard][idempotency]") {
  CHECK_FALSE(idempotency_seed_problem("abc"));
  CHECK_FALSE(idempotency_seed_problem(std::string(255, 'k')));
  CHECK(idempotency_seed_problem(""));
  CHECK(idempotency_seed_problem(std::string(256, 'k')));
  CHECK(idempotency_seed_problem("has space"));
  CHECK(idempotency_seed_problem("line\nbreak"));
  CHECK(idempotency_seed_problem("caf\xC3\xA9"));
}

TEST_CASE("server answers: 2xx creates, 422 maps field errors, others fail", "[wizard][server]") {
  SECTION("201 carries the stored instance") {
    auto a = read_server_answer(201, {{"id", "i1"}, {"name", "EU"}});
    CHECK(a.what == server_answer::kind::created);
    CHECK(a.instance["id"] == "i1");
  }
  SECTION("422 Laravel body: one error per message, in order") {
    json body = {{"message", "The name has already been taken. (and 2 more errors)"},
                 {"errors", {{"name", {"The name has already been taken."}},
                             {"credentials.password", {"The password field is required.", "Too short."}}}}};
    auto a = read_server_answer(422, body);
    REQUIRE(a.what == server_answer::kind::rejected);
    REQUIRE(a.errors.size() == 3);
    CHECK(a.errors[0].field == "credentials.password");  // nlohmann's object: keys sorted
    CHECK(a.errors[0].message == "The password field is required.");
    CHECK(a.errors[1].message == "Too short.");
    CHECK(a.errors[2].field == "name");
    CHECK(a.errors[2].code == server_error_code);
  }
  SECTION("422 without usable errors is a failure with the body's message") {
    auto a = read_server_answer(422, {{"message", "Unprocessable"}, {"errors", json::array()}});
    CHECK(a.what == server_answer::kind::failed);
    CHECK(a.failure.status == 422);
    CHECK(a.failure.message == "Unprocessable");
    CHECK(read_server_answer(422, "oops").what == server_answer::kind::failed);
    CHECK(read_server_answer(422, {{"errors", {{"name", {1, 2}}}}}).what == server_answer::kind::failed);
  }
  SECTION("a lone string per field is accepted") {
    auto a = read_server_answer(422, {{"errors", {{"name", "Taken."}}}});
    REQUIRE(a.what == server_answer::kind::rejected);
    CHECK(a.errors.at(0).message == "Taken.");
  }
  SECTION("5xx and other 4xx fail with a message") {
    auto a = read_server_answer(503, nullptr);
    CHECK(a.what == server_answer::kind::failed);
    CHECK(a.failure.what == submit_failure::kind::server);
    CHECK(a.failure.message == "The backend answered with HTTP status 503.");
    CHECK(read_server_answer(409, {{"message", "Busy"}}).failure.message == "Busy");
  }
}
