// The host entry points of the time domain, as the bindings call them.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>
#include <algorithm>

#include "core/api/time_api.h"

using nlohmann::json;
using namespace core::api;

namespace {
std::string text(int n) { return std::string(reinterpret_cast<const char*>(time_text_buffer()), n); }
json last_error() { return json::parse(time_last_error())["error"]; }
}  // namespace

TEST_CASE("time api: handles and formatting through the text area", "[time][api]") {
  const int ny = time_open_zone("US/Eastern");
  REQUIRE(ny > 0);
  CHECK(time_open_zone("US/Eastern") == ny);
  CHECK(time_open_zone("Nowhere") == 0);
  CHECK(time_canonical_zone("us/eastern") == "America/New_York");
  CHECK(time_canonical_zone("Nowhere").empty());
  const int p = time_compile_pattern("Y-m-d H:i:s T e");
  REQUIRE(p > 0);
  CHECK(time_compile_pattern(std::string(2000, 'Y')) == 0);
  CHECK(text(time_format(ny, p, 2225030400000.0)) == "2040-07-04 12:00:00 EDT US/Eastern");
  CHECK(time_format(ny, p, NAN) == time_status::out_of_range);
  CHECK(last_error()["code"] == "out_of_range");
  CHECK(time_format(ny, 9999, 0) == time_status::bad_handle);
  CHECK(time_format(0, p, 0) == time_status::bad_handle);
}

TEST_CASE("time api: batches through the number and batch areas", "[time][api]") {
  const int utc = time_open_zone("UTC");
  const int p = time_compile_pattern("U");
  auto* in = reinterpret_cast<double*>(time_input_numbers(3));
  in[0] = 0;
  in[1] = 1500;
  in[2] = -1000;
  const int total = time_format_many(utc, p, 3);
  REQUIRE(total == 4);
  const auto* offsets = reinterpret_cast<const std::uint32_t*>(time_batch_offsets());
  const char* out = reinterpret_cast<const char*>(time_batch_text());
  CHECK(std::string(out + offsets[0], offsets[1] - offsets[0]) == "0");
  CHECK(std::string(out + offsets[1], offsets[2] - offsets[1]) == "1");
  CHECK(std::string(out + offsets[2], offsets[3] - offsets[2]) == "-1");
  in[1] = INFINITY;
  CHECK(time_format_many(utc, p, 3) == time_status::out_of_range);
  CHECK(last_error()["index"] == 1);
  CHECK(time_format_many(utc, p, 1 << 30) == time_status::invalid);

  // batches are written in pieces of ~64 KiB of worst-case text: a bad value in a later
  // piece is reported at its own index, and texts run on across pieces
  const int wide = time_compile_pattern("D, d M Y H:i:s O T");
  constexpr int n = 20000;
  auto* many = reinterpret_cast<double*>(time_input_numbers(n));
  for (int k = 0; k < n; ++k) many[k] = 1.7e12 + k * 61000.0;
  const int length = time_format_many(utc, wide, n);
  REQUIRE(length > 0);
  const auto* at = reinterpret_cast<const std::uint32_t*>(time_batch_offsets());
  CHECK(at[0] == 0);
  CHECK(at[n] == static_cast<std::uint32_t>(length));
  int gaps = 0;
  for (int k = 0; k < n; ++k) gaps += at[k + 1] - at[k] != 35;  // "Tue, 14 Nov 2023 22:13:20 +0000 UTC"
  CHECK(gaps == 0);
  many[12345] = NAN;
  CHECK(time_format_many(utc, wide, n) == time_status::out_of_range);
  CHECK(last_error()["index"] == 12345);
}

TEST_CASE("time api: a batch writes exactly what single calls write", "[time][api]") {
  // format_many inlines the conversion and the formatter into one loop, with 4-byte stores
  // for short literals; every value must still equal format()'s text, in zones either side
  // of UTC, with fractions of milliseconds, negative epochs, literals of 1-6 bytes and
  // letters of every width
  const char* patterns[] = {"Y-m-d H:i:s", "D, d M Y H:i:s O", "c", "r", "U.u", "l jS \\o\\f F Y h:i:s A",
                            "--Y--", "Y/m/d\\T\\Z H:i:s.v e T P p", "B I L N o W t z", "", "x X y G g a"};
  const char* zones[] = {"America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC", "Pacific/Chatham"};
  std::uint64_t seed = 12345;
  auto next = [&] { return seed = seed * 6364136223846793005ULL + 1442695040888963407ULL; };
  constexpr int n = 4000;
  for (const char* zone_name : zones) {
    const int zone = time_open_zone(zone_name);
    REQUIRE(zone > 0);
    for (const char* pattern : patterns) {
      INFO(zone_name << " " << pattern);
      const int p = time_compile_pattern(pattern);
      REQUIRE(p > 0);
      std::vector<double> values(n);
      for (int k = 0; k < n; ++k) {
        // -9999..9999 mostly whole ms, some with a fraction, some near day boundaries
        const double span = 253402300800000.0 + 377705116800000.0;
        double v = -377705116800000.0 + static_cast<double>(next() >> 11) / 9007199254740992.0 * span;
        if (k % 3 == 0) v = std::floor(v);
        if (k % 5 == 0) v = std::floor(v / 86400000.0) * 86400000.0 + (k % 2 ? -0.25 : 0.5);
        values[k] = v;
      }
      auto* in = reinterpret_cast<double*>(time_input_numbers(n));
      std::copy(values.begin(), values.end(), in);
      const int total = time_format_many(zone, p, n);
      REQUIRE(total >= 0);
      const auto* offsets = reinterpret_cast<const std::uint32_t*>(time_batch_offsets());
      std::vector<std::string> batch;
      for (int k = 0; k < n; ++k)
        batch.emplace_back(reinterpret_cast<const char*>(time_batch_text()) + offsets[k], offsets[k + 1] - offsets[k]);
      CHECK(offsets[n] == static_cast<std::uint32_t>(total));
      int mismatches = 0;
      for (int k = 0; k < n; ++k) {
        const int length = time_format(zone, p, values[k]);
        REQUIRE(length >= 0);
        mismatches += text(length) != batch[k];
      }
      CHECK(mismatches == 0);
    }
  }
}

TEST_CASE("time api: wall times and parsing", "[time][api]") {
  const int berlin = time_open_zone("Europe/Berlin");
  REQUIRE(time_to_wall(berlin, 1711846800000.5) == time_status::ok);  // 2024-03-31T01:00:00.0005Z
  const auto* f = reinterpret_cast<const std::int32_t*>(time_wall_fields());
  CHECK(f[0] == 2024);
  CHECK(f[3] == 3);  // 03:00 CEST
  CHECK(f[6] == 0);
  CHECK(f[7] == 500);
  CHECK(f[8] == 7200);
  CHECK(f[9] == 1);
  CHECK(text(f[11]) == "CEST");
  CHECK(time_from_wall(berlin, 2024, 3, 31, 2, 30, 0, 0, 0) == 1711848600000.0);
  CHECK(time_from_wall(berlin, 2024, 3, 31, 2, 30, 0, 0, 1) == 1711845000000.0);
  CHECK(std::isnan(time_from_wall(berlin, 2024, 3, 31, 2, 30, 0, 0, 3)));
  CHECK(last_error()["code"] == "skipped_time");
  CHECK(std::isnan(time_from_wall(berlin, 2024, 2, 30, 0, 0, 0, 0, 0)));
  CHECK(last_error()["field"] == "day");
  CHECK(std::isnan(time_from_wall(berlin, 2024, 1, 1, 0, 0, 0, 0, 9)));
  CHECK(last_error()["code"] == "invalid_disambiguation");

  const int p = time_compile_pattern("Y-m-d H:i:s");
  const std::string in = "2024-03-05 14:07";
  std::memcpy(reinterpret_cast<char*>(time_input_text(static_cast<int>(in.size()))), in.data(), in.size());
  CHECK(std::isnan(time_parse(berlin, p, static_cast<int>(in.size()), 0, 0)));
  CHECK(last_error()["code"] == "data_missing");
  CHECK(last_error()["position"] == 16);
  CHECK(json::parse(time_parse_report())["errors"].size() == 1);
  const std::string ok = "2024-03-05 14:07:09";
  std::memcpy(reinterpret_cast<char*>(time_input_text(static_cast<int>(ok.size()))), ok.data(), ok.size());
  CHECK(time_parse(berlin, p, static_cast<int>(ok.size()), 0, 0) == 1709644029000.0);
  CHECK(time_parse_report() == "null");
}

TEST_CASE("time api: parsing many texts", "[time][api]") {
  const int utc = time_open_zone("UTC");
  const int p = time_compile_pattern("!Y-m-d");
  const std::string texts = "2024-01-02xx1970-01-01";
  std::memcpy(reinterpret_cast<char*>(time_input_text(static_cast<int>(texts.size()))), texts.data(), texts.size());
  auto* offsets = reinterpret_cast<std::uint32_t*>(time_input_offsets(3));
  offsets[0] = 0;
  offsets[1] = 10;
  offsets[2] = 12;
  offsets[3] = 22;
  CHECK(time_parse_many(utc, p, 3, 0, 0) == 1);
  const auto* out = reinterpret_cast<const double*>(time_output_numbers());
  CHECK(out[0] == 1704153600000.0);
  CHECK(std::isnan(out[1]));
  CHECK(out[2] == 0.0);
  CHECK(last_error()["index"] == 1);
  offsets[3] = 1u << 30;
  CHECK(time_parse_many(utc, p, 3, 0, 0) == time_status::invalid);
}

TEST_CASE("time api: JSON entry points", "[time][api]") {
  auto check = json::parse(time_check_format(R"({"pattern":"d/m"})"));
  CHECK(check["ok"] == true);
  CHECK(check["warnings"][0]["code"] == "lossy_format");
  // by default the instance verdict (values::check_date_format): usable, with a warning
  auto c = json::parse(time_check_format(R"({"pattern":"c"})"));
  CHECK(c["ok"] == true);
  CHECK(c["warnings"][0]["code"] == "unreadable_character");
  CHECK(c["warnings"][0]["position"] == 0);
  CHECK(json::parse(time_check_format(R"({"pattern":"c","use":"write_and_read"})"))["error"]["code"] == "unreadable_character");
  const std::string longest(core::time::max_php_format_length, 'Y');
  CHECK(json::parse(time_check_format(json{{"pattern", longest}}.dump()))["ok"] == true);
  CHECK(json::parse(time_check_format(json{{"pattern", longest + "Y"}}.dump()))["error"]["code"] == "too_long");
  auto long_window = json::parse(time_filter_window(
      json{{"zone", "UTC"}, {"format", longest + "Y"}, {"amount", 1}, {"unit", "day"}, {"now", 0}}.dump()));
  CHECK(long_window["error"]["code"] == "too_long");
  CHECK(long_window["error"]["field"] == "format");
  CHECK(json::parse(time_check_format(R"({"pattern":1})"))["error"]["field"] == "pattern");
  CHECK(json::parse(time_check_format("{nope"))["error"]["code"] == "invalid_json");

  auto window = json::parse(time_filter_window(
      R"({"zone":"Europe/Berlin","format":"Y-m-d H:i","amount":1,"unit":"month","now":1711879200000})"));
  CHECK(window["fromText"] == "2024-02-29 12:00");
  CHECK(window["toText"] == "2024-03-31 12:00");
  CHECK(json::parse(time_filter_window(R"({"zone":"X","format":"Y","amount":1,"unit":"day","now":0})"))["error"]["code"] == "unknown_time_zone");
  CHECK(json::parse(time_filter_window(R"({"zone":"UTC","format":"Y","amount":1,"unit":"eon","now":0})"))["error"]["field"] == "unit");

  auto preview = json::parse(time_preview(R"({"zone":"Asia/Kathmandu","format":"H:i T","now":0})"));
  CHECK(preview["text"] == "05:30 +0530");
  CHECK(preview["offsetText"] == "+05:30");

}

TEST_CASE("time api: answers and errors are written as nlohmann's dump writes them, keys in order", "[time][api]") {
  // The answers are written member by member (core/common/json_writer.h); a value read
  // back and dumped is the text an nlohmann object made of the same members writes.
  const auto same_as_dump = [](const std::string& text) {
    INFO(text);
    CHECK(text == json::parse(text).dump());
  };
  for (const char* request : {
           R"({"pattern":"d/m"})", R"({"pattern":"c"})", R"({"pattern":"c","use":"write_and_read"})",
           R"({"pattern":"Y-m-d\TH:i:sP","use":"read"})", R"({"pattern":"\"})", R"({"pattern":1})",
           R"({"pattern":"y","use":"nope"})", "{nope", "[1,2]"}) {
    same_as_dump(time_check_format(request));
  }
  for (const char* request : {
           R"({"zone":"Europe/Berlin","format":"Y-m-d H:i","amount":1,"unit":"month","now":1711879200000})",
           R"({"zone":"Europe/Berlin","format":"U.u","amount":0,"unit":"day","now":1711879200000.5})",
           R"({"zone":"X","format":"Y","amount":1,"unit":"day","now":0})",
           R"({"zone":"UTC","format":"Y","amount":1.5,"unit":"day","now":0})",
           R"({"zone":"UTC","format":"Y","amount":1,"unit":"day","now":1e300})"}) {
    same_as_dump(time_filter_window(request));
  }
  for (const char* request : {R"({"zone":"Asia/Kathmandu","format":"H:i T \c","now":0})",
                              R"({"zone":"America/Sao_Paulo","format":"l jS F Y","now":-1e12})",
                              R"({"zone":"UTC","format":"Y","now":"soon"})"}) {
    same_as_dump(time_preview(request));
  }
  // the errors the number entry points record: a parse failure with its errors, a batch index
  const int utc = time_open_zone("UTC");
  const int ymd = time_compile_pattern("Y-m-d");
  const std::string bad = "2024-13-99 and more";
  std::memcpy(reinterpret_cast<char*>(time_input_text(static_cast<int>(bad.size()))), bad.data(), bad.size());
  CHECK(std::isnan(time_parse(utc, ymd, static_cast<int>(bad.size()), 0, 0)));
  same_as_dump(time_last_error());
  same_as_dump(time_parse_report());
  CHECK(json::parse(time_last_error())["error"]["errors"].size() >= 1);
  CHECK(time_open_zone("Nowhere") == 0);
  same_as_dump(time_last_error());
  CHECK(time_compile_pattern(std::string(2000, 'Y')) == 0);
  same_as_dump(time_last_error());
  CHECK(json::parse(time_last_error())["error"]["max"] == core::time::max_php_format_length);
}

TEST_CASE("time api: every answer names a zone by its canonical name", "[time][api]") {
  // one rule (core::time::canonical_zone_name): links resolved, and UTC called UTC
  for (const char* name : {"UTC", "Etc/UTC", "Zulu", "etc/universal"}) {
    INFO(name);
    CHECK(time_canonical_zone(name) == "UTC");
    const auto preview = json::parse(time_preview(json{{"zone", name}, {"format", "e T"}, {"now", 0}}.dump()));
    CHECK(preview["canonicalZone"] == "UTC");
    CHECK(preview["zone"] == name);  // as given, like `e`
    CHECK(preview["text"] == std::string(name) + " UTC");
    const auto window = json::parse(time_filter_window(
        json{{"zone", name}, {"format", "Y"}, {"amount", 1}, {"unit", "day"}, {"now", 0}}.dump()));
    CHECK(window["zone"] == "UTC");
  }
  CHECK(time_canonical_zone("US/Eastern") == "America/New_York");
  CHECK(json::parse(time_preview(R"({"zone":"US/Eastern","format":"T","now":0})"))["canonicalZone"] == "America/New_York");
}

TEST_CASE("time api: the picker list as tab-separated lines", "[time][api]") {
  const int length = time_zone_list_text(1720000000000.0);  // 2024-07-03T09:46:40Z
  REQUIRE(length > 0);
  const std::string text(reinterpret_cast<const char*>(time_batch_text()), length);
  REQUIRE(text.back() == '\n');
  std::vector<std::vector<std::string>> rows;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t eol = text.find('\n', pos);
    const std::string line = text.substr(pos, eol - pos);
    std::vector<std::string> fields;
    std::size_t b = 0;
    for (;;) {
      const std::size_t tab = line.find('\t', b);
      fields.push_back(line.substr(b, tab == std::string::npos ? std::string::npos : tab - b));
      if (tab == std::string::npos) break;
      b = tab + 1;
    }
    rows.push_back(fields);
    pos = eol + 1;
  }
  CHECK(rows.size() > 400);
  int bad = 0;
  for (const auto& f : rows) {
    // 8 fields, none empty but the aliases; the id starts with its region (UTC: Etc)
    const bool in_region = f.size() > 1 && (f[0].rfind(f[1] + "/", 0) == 0 || (f[0] == "UTC" && f[1] == "Etc"));
    bad += f.size() != 8 || !in_region || f[2].empty() || f[4].size() != 6 ||
           f[5].empty() || (f[6] != "0" && f[6] != "1");
  }
  CHECK(bad == 0);
  auto find = [&](const std::string& id) {
    for (const auto& f : rows)
      if (f[0] == id) return f;
    return std::vector<std::string>{};
  };
  CHECK(find("America/New_York") == std::vector<std::string>{"America/New_York", "America", "New York", "-14400", "-04:00", "EDT", "1",
                                                              "US/Eastern"});
  CHECK(find("Asia/Kolkata") == std::vector<std::string>{"Asia/Kolkata", "Asia", "Kolkata", "19800", "+05:30", "IST", "0", "Asia/Calcutta"});
  CHECK(find("America/Argentina/Buenos_Aires")[2] == "Argentina / Buenos Aires");
  // every id is the canonical name: UTC, found under its other names
  for (const auto& f : rows) CHECK(time_canonical_zone(f[0]) == f[0]);
  CHECK(find("Etc/UTC").empty());
  CHECK(find("UTC") == std::vector<std::string>{"UTC", "Etc", "UTC", "0", "+00:00", "UTC", "0",
                                                "Etc/UCT,Etc/UTC,Etc/Universal,Etc/Zulu,Universal,Zulu"});
  CHECK(time_zone_list_text(NAN) == time_status::out_of_range);
  CHECK(last_error()["code"] == "out_of_range");
}
