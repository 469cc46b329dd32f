#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/validation/laravel.h"
#include "core/values/messages.h"

using namespace core::validation;
using core::values::message_for;

TEST_CASE("laravel: the 422 body groups messages by field in order", "[validation]") {
  const field_errors errors{
      {"name", "required", "The name field is required.", {}},
      {"credentials.password", "too_long", "The Password may not be greater than 1024 characters.", {{"max", 1024}}},
      {"name", "taken", "The name has already been taken.", {}},
  };
  CHECK(to_laravel(errors) ==
        R"j({"message":"The name field is required. (and 2 more errors)","errors":{"name":["The name field is required.","The name has already been taken."],"credentials.password":["The Password may not be greater than 1024 characters."]}})j");
}

namespace {
nlohmann::json body_of(const field_errors& errors, std::size_t omitted = 0) {
  return nlohmann::json::parse(to_laravel(errors, omitted));
}
}  // namespace

TEST_CASE("laravel: one error, no error", "[validation]") {
  CHECK(body_of({{"name", "required", "The name field is required.", {}}})["message"] ==
        "The name field is required.");
  CHECK(body_of({{"a", "x", "A.", {}}, {"b", "y", "B.", {}}})["message"] == "A. (and 1 more error)");
  const auto empty = body_of({});
  CHECK(empty["errors"].empty());
  CHECK(empty["message"] == "The given data was invalid.");
}

TEST_CASE("messages: Laravel wording with parameters", "[validation]") {
  CHECK(message_for("required", "time zone") == "The time zone field is required.");
  CHECK(message_for("too_long", "name", {{"max", 255}}) == "The name may not be greater than 255 characters.");
  CHECK(message_for("too_small", "rate limit amount", {{"min", 1}}) == "The rate limit amount must be at least 1.");
  CHECK(message_for("too_large", "Factor", {{"max", 2.5}}) == "The Factor may not be greater than 2.5.");
  CHECK(message_for("too_large", "certificate", {{"max", 65536}, {"unit", "bytes"}}) ==
        "The certificate may not be greater than 65536 bytes.");
  CHECK(message_for("invalid_type", "name", {{"expected", "string"}}) == "The name must be a string.");
  CHECK(message_for("invalid_type", "rate limit", {{"expected", "object"}}) == "The rate limit must be an object.");
  CHECK(message_for("invalid_choice", "rate limit unit") == "The selected rate limit unit is invalid.");
  CHECK(message_for("pattern_mismatch", "Store name", {{"description", "lower-case letters"}}) ==
        "The Store name format is invalid: lower-case letters.");
  CHECK(message_for("pattern_mismatch", "Store name") == "The Store name format is invalid.");
  CHECK(message_for("passphrase_required", "passphrase", {{"format", "pem"}}) ==
        "The passphrase is required: the private key is encrypted.");
  CHECK(message_for("passphrase_required", "passphrase", {{"format", "pkcs12"}}) ==
        "The passphrase is required: the PKCS#12 file is protected.");
  CHECK(message_for("passphrase_incorrect", "passphrase", {{"format", "pem"}}) ==
        "The passphrase is incorrect: the private key cannot be decrypted with it.");
  CHECK(message_for("passphrase_incorrect", "passphrase", {{"format", "pkcs12"}}) ==
        "The passphrase is incorrect: the PKCS#12 file cannot be opened with it.");
  CHECK(message_for("key_derivation_too_costly", "certificate",
                    {{"iterations", 10000001}, {"max", 2000000}}) ==
        "The certificate asks for 10000001 iterations of password hashing; at most 2000000 in "
        "all can be checked.");
  CHECK(message_for("some_future_code", "name") == "The name is invalid.");
}

TEST_CASE("laravel: at most 100 errors listed, all counted in the message", "[validation]") {
  field_errors errors;
  for (int i = 0; i < 250; ++i) errors.push_back({"f" + std::to_string(i), "x", "E" + std::to_string(i) + ".", {}});
  const auto body = body_of(errors, 1000);
  CHECK(body["errors"].size() == max_laravel_errors);
  CHECK(body["message"] == "E0. (and 1249 more errors)");
}

TEST_CASE("laravel: texts are escaped as JSON strings, ill-formed UTF-8 replaced", "[validation]") {
  const field_errors errors{{"a\"b", "x", "Line\nbreak \xff.", {}}, {"a\"b", "y", "\\", {}}};
  CHECK(to_laravel(errors) ==
        "{\"message\":\"Line\\nbreak \xEF\xBF\xBD. (and 1 more error)\",\"errors\":{\"a\\\"b\":[\"Line\\nbreak \xEF\xBF\xBD.\",\"\\\\\"]}}");
}
