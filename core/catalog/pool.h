#pragma once
// A connection pool: instances of connectors with a concurrency limit share its `limit`
// concurrent requests; a request waits at most `timeout` seconds for a slot (no timeout:
// it waits as long as it takes).
#include <cstdint>
#include <optional>
#include <string>

namespace core::catalog {

inline constexpr std::size_t max_pool_name_length = 255;  // code points

struct connection_pool {
  std::string id;
  std::string name;
  std::int64_t limit = 1;                 // >= 1
  std::optional<std::int64_t> timeout;    // seconds, >= 1
};

}  // namespace core::catalog
