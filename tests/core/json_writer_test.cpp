#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "core/common/json_text.h"
#include "core/common/json_writer.h"

using nlohmann::json;

TEST_CASE("json_writer writes what json_text writes for the same value") {
  std::string out;
  core::json_writer w(out);
  w.begin_object();
  w.key("a").begin_array().integer(-1).unsigned_integer(2).real(0.1).real(1.0).real(-0.0).end_array();
  w.key("b").begin_object().end_object();
  w.key("c").begin_array().end_array();
  w.key("d").string("quote \" backslash \\ tab \t bell \x07 caf\xC3\xA9 bad \xFF");
  w.key("e").boolean(true).key("f").boolean(false).key("g").null();
  w.key("h").begin_array().begin_object().key("x").integer(std::numeric_limits<std::int64_t>::min()).end_object()
      .begin_object().key("y").unsigned_integer(std::numeric_limits<std::uint64_t>::max()).end_object().end_array();
  w.key("i").real(1e300).key("j").real(1700000000000.0).key("k").real(-2.5e-8);
  w.end_object();

  const json value = {
      {"a", {-1, 2u, 0.1, 1.0, -0.0}},
      {"b", json::object()},
      {"c", json::array()},
      {"d", std::string("quote \" backslash \\ tab \t bell \x07 caf\xC3\xA9 bad \xFF")},
      {"e", true}, {"f", false}, {"g", nullptr},
      {"h", {{{"x", std::numeric_limits<std::int64_t>::min()}}, {{"y", std::numeric_limits<std::uint64_t>::max()}}}},
      {"i", 1e300}, {"j", 1700000000000.0}, {"k", -2.5e-8}};
  CHECK(out == core::json_text(value));
  CHECK(out.find("\"j\":1700000000000.0") != std::string::npos);
}

TEST_CASE("json_writer: a double that is not finite is null, as dump() writes it") {
  std::string out;
  core::json_writer w(out);
  w.begin_array().real(std::numeric_limits<double>::quiet_NaN()).real(std::numeric_limits<double>::infinity()).end_array();
  CHECK(out == "[null,null]");
}

TEST_CASE("json_writer: raw text is a value in its place, with the commas around it") {
  std::string out;
  core::json_writer w(out);
  w.begin_array().raw(R"({"x":1})").raw("[]").begin_object().key("k").raw("2").end_object().end_array();
  CHECK(out == R"([{"x":1},[],{"k":2}])");
  std::string scalar;
  core::json_writer(scalar).string("only");
  CHECK(scalar == "\"only\"");
}
