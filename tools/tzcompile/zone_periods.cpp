#include "tools/tzcompile/zone_periods.h"

#include <limits>

namespace tzcompile {

namespace {
zone_period from_info(const date::sys_info& info) {
  return {info.begin.time_since_epoch().count(), static_cast<std::int32_t>(info.offset.count()),
          info.save.count() != 0, info.abbrev};
}
}  // namespace

zone_period period_at(const date::time_zone& zone, std::int64_t utc_seconds) {
  return from_info(zone.get_info(date::sys_seconds{std::chrono::seconds{utc_seconds}}));
}

std::vector<zone_period> zone_periods(const date::time_zone& zone, std::int64_t until) {
  std::vector<zone_period> out;
  date::sys_seconds t{std::chrono::seconds{before_everything}};
  for (;;) {
    const date::sys_info info = zone.get_info(t);
    zone_period p = from_info(info);
    if (out.empty()) p.begin = std::numeric_limits<std::int64_t>::min();
    if (out.empty() || !p.same_clock(out.back())) out.push_back(std::move(p));
    const std::int64_t end = info.end.time_since_epoch().count();
    if (end >= until || end <= t.time_since_epoch().count()) break;
    t = info.end;
  }
  return out;
}

}  // namespace tzcompile
