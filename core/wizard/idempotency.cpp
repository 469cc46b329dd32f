#include "core/wizard/idempotency.h"

namespace core {
namespace wizard {

namespace {

// FNV-1a over the bytes, then SplitMix64's finaliser to spread every input bit over the
// output. Not cryptographic: the unpredictability comes from the seed, the mix only has to
// make (seed, attempt) pairs land on distinct, evenly spread keys.
std::uint64_t mix(std::string_view bytes, std::uint64_t basis) {
  std::uint64_t h = basis;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  h += 0x9e3779b97f4a7c15ULL;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

void append_hex(std::string& out, std::uint64_t value, int nibbles) {
  static constexpr char digits[] = "0123456789abcdef";
  for (int i = nibbles - 1; i >= 0; --i) out += digits[(value >> (4 * i)) & 0xF];
}

}  // namespace

std::optional<std::string> idempotency_seed_problem(std::string_view seed) {
  if (seed.empty()) return "the idempotency key must not be empty";
  if (seed.size() > max_idempotency_key_length)
    return "the idempotency key may not be longer than 255 characters";
  for (unsigned char c : seed)
    if (c < 0x21 || c > 0x7E)
      return "the idempotency key may only hold visible ASCII characters (no spaces)";
  return std::nullopt;
}

std::string idempotency_key(std::string_view seed, std::uint32_t attempt) {
  if (attempt <= 1) return std::string(seed);
  std::string input(seed);
  input += '#';
  input += std::to_string(attempt);
  std::uint64_t hi = mix(input, 0xcbf29ce484222325ULL);
  std::uint64_t lo = mix(input, 0x84222325cbf29ce4ULL);
  // RFC 9562 layout: version 8 (custom: derived, not drawn at random), variant 10.
  hi = (hi & ~0xF000ULL) | 0x8000ULL;
  lo = (lo & ~(0xC000000000000000ULL)) | 0x8000000000000000ULL;
  std::string key;
  key.reserve(36);
  append_hex(key, hi >> 32, 8);
  key += '-';
  append_hex(key, (hi >> 16) & 0xFFFF, 4);
  key += '-';
  append_hex(key, hi & 0xFFFF, 4);
  key += '-';
  append_hex(key, lo >> 48, 4);
  key += '-';
  append_hex(key, lo & 0xFFFFFFFFFFFFULL, 12);
  return key;
}

}  // namespace wizard
}  // namespace core
