#pragma once
// Entry points of the scheduler domain for hosts (the WebAssembly bindings), besides the
// scheduler object itself (core/schedule/scheduler.h, bound as it is).
//
// A host checks the settings of a limit or a pool here before handing them to a scheduler:
// they are read by the catalog's own rules (core::catalog::read_rate_limit,
// read_pool_settings), so a scheduler accepts exactly the rate limits and pools that
// validation accepts, with the same codes. JSON in / JSON out. An error is
// {"error": {code, message, field, params}}: the first problem found, with the code of
// the catalog's rule ("required", "invalid_type", "not_integer", "too_small",
// "too_large", "invalid_choice") and `field` the setting's path ("rateLimit.amount",
// "pool.timeout", or "rateLimit"/"pool" for the whole value).
#include <string>

namespace core::api {

// {amount, unit} or null (no rate) -> {"rateLimit": {amount, unit} | null}.
std::string schedule_rate_limit(const std::string& rate_json);

// {limit, timeout} (timeout in seconds, absent or null: wait forever; other members are
// ignored) -> {"limit": n, "timeout": seconds | null}.
std::string schedule_pool(const std::string& pool_json);

}  // namespace core::api
