#include <catch2/catch.hpp>
#include <algorithm>
#include <string>

#include "core/time/php_format.h"

using core::time::check_php_format;
using core::time::php_format_use;

namespace {
const core::time::php_format_warning* warning(const core::time::php_format_check& c,
                                            const std::string& code) {
  for (const auto& w : c.warnings)
    if (w.code == code) return &w;
  return nullptr;
}
}  // namespace

TEST_CASE("php format: tokens", "[time][php_format]") {
  auto t = core::time::tokenize_php_format("Y-m-d\\TH:i:sP");
  REQUIRE(t.size() == 12);
  CHECK(t[0].letter == 'Y');
  CHECK(t[1].letter == 0);
  CHECK(t[1].literal == "-");
  CHECK(t[5].literal == "T");
  CHECK(t[5].escaped);
  CHECK(t[5].position == 5);
  CHECK(t[6].letter == 'H');
  CHECK(t[11].letter == 'P');
  auto u = core::time::tokenize_php_format("\\Y\\e\\a\\r: Y");
  CHECK(u[0].literal == "Year:");
  CHECK(u[1].letter == ' ');
  CHECK(u[2].letter == 'Y');
}

TEST_CASE("php format: common formats round-trip", "[time][php_format]") {
  for (const char* f : {"Y-m-d H:i:sP", "Y-m-d\\TH:i:s.vO", "U", "D, d M Y H:i:s O",
                        "d/m/Y h:i:s A e", "!Y-z H:i:s T"}) {
    INFO(f);
    auto c = check_php_format(f, f[0] == '!' ? php_format_use::read : php_format_use::write_and_read);
    CHECK(c.ok());
    CHECK_FALSE(warning(c, "lossy_format"));
  }
  auto plain = check_php_format("Y-m-d H:i:s");
  CHECK(plain.ok());
  CHECK_FALSE(warning(plain, "lossy_format"));
  CHECK(warning(plain, "no_offset"));
}

TEST_CASE("php format: what a format loses", "[time][php_format]") {
  auto dm = check_php_format("d/m");
  REQUIRE(dm.ok());
  auto* w = warning(dm, "lossy_format");
  REQUIRE(w);
  CHECK(w->lost == std::vector<std::string>{"year", "hour", "minute", "second"});
  CHECK(w->message.find("year, hour, minute and second") != std::string::npos);

  auto hm = check_php_format("Y-m-d H:i");
  REQUIRE(warning(hm, "lossy_format"));
  CHECK(warning(hm, "lossy_format")->lost == std::vector<std::string>{"second"});

  CHECK(warning(check_php_format("d/m/y H:i:s"), "two_digit_year"));
  CHECK(warning(check_php_format("Y-m-d h:i:s"), "no_meridiem"));
  CHECK_FALSE(warning(check_php_format("Y-m-d h:i:s a"), "no_meridiem"));
  CHECK(warning(check_php_format("Y-m-d H:i:s T"), "ambiguous_abbreviation"));
  CHECK_FALSE(warning(check_php_format("Y-m-d H:i:s T P"), "ambiguous_abbreviation"));
  CHECK(warning(check_php_format("Y-m-d"), "lossy_format"));
  CHECK_FALSE(warning(check_php_format("Y-m-d"), "no_offset"));
  CHECK(check_php_format("Y-m-d", php_format_use::write).warnings.empty());
}

TEST_CASE("php format: errors carry a code and the position", "[time][php_format]") {
  struct example {
    const char* format;
    php_format_use use;
    const char* code;
    std::size_t position;
  };
  const example cases[] = {
      {"", php_format_use::write, "empty_format", 0},
      {"Y-m-d\\", php_format_use::write, "dangling_escape", 5},
      {"c", php_format_use::write_and_read, "unreadable_character", 0},
      {"Y-m-d N", php_format_use::read, "unreadable_character", 6},
      {"Y-m-d H:i:s|", php_format_use::write_and_read, "unwritable_character", 11},
      {"z Y", php_format_use::read, "day_of_year_before_year", 0},
  };
  for (const auto& c : cases) {
    INFO(c.format);
    auto r = check_php_format(c.format, c.use);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error->code == c.code);
    CHECK(r.error->position == c.position);
    CHECK_FALSE(r.error->message.empty());
  }
  CHECK(check_php_format("c", php_format_use::write).ok());
  CHECK(check_php_format("Y-m-d H:i:s|", php_format_use::read).ok());
  CHECK(check_php_format("\\c \\N", php_format_use::write_and_read).ok());
  CHECK(check_php_format(std::string(300, 'Y')).error->code == "too_long");
}
