#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "core/common/spin_lock.h"
#include "core/time/zone_table.h"
#include "core/values/time_rules.h"

TEST_CASE("spin lock: threads sharing the core's caches", "[common]") {
  SECTION("a counter under the lock") {
    core::spin_lock lock;
    long counter = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 100000; ++i) {
          core::spin_lock_guard hold(lock);
          ++counter;
        }
      });
    }
    for (auto& t : threads) t.join();
    CHECK(counter == 400000);
  }
  SECTION("the date-format cache and the zone tables, from four threads at once") {
    // more formats than the cache keeps: entries are replaced while others read them
    const std::vector<std::string> formats{"Y-m-d", "d/m/Y H:i", "Y-m-d\\TH:i:sP", "U", "D, d M Y",
                                           "H:i:s", "Y", "m/d/Y g:i A", "c", "r", "Ymd", "Q"};
    std::vector<std::thread> threads;
    std::vector<int> mismatches(4, 0);
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 2000; ++i) {
          const std::string& format = formats[(i * 7 + t) % formats.size()];
          const auto shared = core::values::shared_date_format_check(format);
          const auto direct = core::values::check_date_format(format);
          if (shared->error.has_value() != direct.error.has_value() || shared->warnings.size() != direct.warnings.size()) {
            ++mismatches[t];
          }
          (void)core::time::zone_table_for(static_cast<std::size_t>((i + t) % 50));
        }
      });
    }
    for (auto& t : threads) t.join();
    CHECK(mismatches == std::vector<int>(4, 0));
  }
}
