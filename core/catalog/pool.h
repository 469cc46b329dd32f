#pragma once
// A connection pool: instances of connectors with a concurrency limit share its `limit`
// concurrent requests; a request waits at most `timeout` seconds for a slot (no timeout:
// it waits as long as it takes).
#include <cstdint>
#include <optional>
#include <string>

#include "core/values/pool_size.h"

namespace core::catalog {

inline constexpr std::size_t max_pool_name_length = 255;  // code points
// Bounds of `limit` (what the scheduler runs) and `timeout` (whole seconds; at most
// max_safe_integer, core/common/safe_integer.h).
inline constexpr std::int64_t min_pool_limit = 1;
inline constexpr std::int64_t max_pool_limit = static_cast<std::int64_t>(values::max_pool_size);
inline constexpr std::int64_t min_pool_timeout = 1;

// What a scheduler needs of a pool.
struct pool_settings {
  std::int64_t limit = 1;               // min_pool_limit..max_pool_limit
  std::optional<std::int64_t> timeout;  // seconds, >= min_pool_timeout; none: wait forever
};

struct connection_pool {
  std::string id;
  std::string name;
  std::int64_t limit = 1;                 // min_pool_limit..max_pool_limit
  std::optional<std::int64_t> timeout;    // seconds, >= min_pool_timeout
};

}  // namespace core::catalog
