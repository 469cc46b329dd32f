#pragma once
// Idempotency keys of submissions. The core has no source of randomness in WebAssembly, so
// the host passes one random seed per wizard (the JS facade passes crypto.randomUUID()).
//
// An *attempt* is one payload sent to the backend. Every retry of the same attempt (after a
// network failure or a 5xx) carries the same key, so the backend can answer a replay
// instead of creating a second instance; a changed payload is a new attempt with a new key.
// Attempt 1 uses the seed itself (a caller that passes its own key gets exactly that key);
// attempt n > 1 uses a UUID derived from (seed, n), so keys never repeat within a wizard.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace core {
namespace wizard {

inline constexpr std::size_t max_idempotency_key_length = 255;

// Why a seed is refused, or nullopt when it is usable: it becomes an HTTP header value, so
// it must be 1..255 visible ASCII characters (no spaces, no control characters).
std::optional<std::string> idempotency_seed_problem(std::string_view seed);

// The key of attempt `attempt` (>= 1) of a wizard seeded with `seed`.
std::string idempotency_key(std::string_view seed, std::uint32_t attempt);

}  // namespace wizard
}  // namespace core
