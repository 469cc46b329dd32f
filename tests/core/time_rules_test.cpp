#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/values/time_rules.h"

using namespace core::values;

namespace {

bool same_issue(const date_format_issue& a, const date_format_issue& b) {
  return a.code == b.code && a.message == b.message && a.position == b.position && a.lost == b.lost;
}

bool same_check(const date_format_check& a, const date_format_check& b) {
  if (a.error.has_value() != b.error.has_value()) return false;
  if (a.error && !same_issue(*a.error, *b.error)) return false;
  if (a.warnings.size() != b.warnings.size()) return false;
  for (std::size_t i = 0; i < a.warnings.size(); ++i)
    if (!same_issue(a.warnings[i], b.warnings[i])) return false;
  return true;
}

}  // namespace

TEST_CASE("time rules: a shared date format check is check_date_format's verdict", "[time][values]") {
  // more formats than are remembered, asked for again in turn: hits and replaced entries
  const std::vector<std::string> formats = {
      "Y-m-d H:i:s", "d.m.Y", "c", "Y-m-d\\TH:i:sP", "U", "\\", "D, d M Y H:i:s O", "Ymd",
      "H:i", "Y-m-d\\Z", "l jS \\of F Y h:i:s A", "", "y-n-j G:i", "Y-m-d H:i:s.u e"};
  for (int round = 0; round < 3; ++round) {
    for (const std::string& format : formats) {
      INFO(format);
      const auto shared = shared_date_format_check(format);
      REQUIRE(shared);
      CHECK(same_check(*shared, check_date_format(format)));
    }
  }
  // the same verdict object while the format is remembered
  CHECK(shared_date_format_check("Y-m-d H:i:s") == shared_date_format_check("Y-m-d H:i:s"));
}
