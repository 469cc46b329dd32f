#pragma once
// The largest size of a connection pool: the scheduler counts a pool's connections in 32
// bits. The catalog's pools (core/catalog/pool.h) and a scheduler's settings are bounded
// by it.
#include <cstdint>
#include <limits>

namespace core::values {

inline constexpr double max_pool_size = std::numeric_limits<std::uint32_t>::max();

}  // namespace core::values
