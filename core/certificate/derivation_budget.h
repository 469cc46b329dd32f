#pragma once
// How much password hashing one inspection may do. Iteration counts come from the file
// being inspected, and a hostile file can ask for billions of them (or for thousands of
// encrypted parts): every derivation is charged before it runs, and one that does not fit
// in what is left is refused, reported as key_derivation_too_costly, instead of run.
//
// The unit is one iteration of one output block: PBKDF2's iteration count times the blocks
// of key it produces, the PKCS#12 derivation's count times its output pieces. Verifying an
// OpenSSL 3 PKCS#12 with its passphrase costs 2048 (MAC) + 2 x 2048 (two PBES2 parts); a
// Java keystore 3 x 10,000. One unit costs about half a microsecond natively (more in
// WebAssembly), so the limit keeps a hostile file to about a second of hashing while leaving
// room for files made with high counts (600,000 per part, as OWASP suggests for PBKDF2).
#include <cstdint>

namespace core::certificate {

inline constexpr std::uint64_t max_derivation_work = 2'000'000;

class derivation_budget {
 public:
  explicit derivation_budget(std::uint64_t total = max_derivation_work)
      : total_(total), remaining_(total) {}

  // Takes `work` from what is left; false (nothing taken) when it does not fit.
  bool spend(std::uint64_t work) {
    if (work > remaining_) return false;
    remaining_ -= work;
    return true;
  }
  std::uint64_t total() const { return total_; }
  std::uint64_t remaining() const { return remaining_; }

 private:
  std::uint64_t total_;
  std::uint64_t remaining_;
};

}  // namespace core::certificate
