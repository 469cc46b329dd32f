#pragma once
// Unsigned division by a constant, written as a multiplication and a shift.
//
// Why: for WebAssembly, LLVM leaves `x / 3600` as an i32.div_u instruction (it treats
// division as cheap on that target and leaves the rest to the engine), and V8 in Node 20
// compiles it to a hardware divide. The calendar fields and digits of one instant take
// a dozen such divisions: measured in wasm, the wall-clock fields of an instant cost
// ~25 ns with divide instructions. Native compilers do this rewrite themselves; here it
// is spelled out once, with its exactness proved at compile time.
#include <cstdint>

namespace core {

// divide_by<D, Max>::of(x) == x / D for every x <= Max.
//
// x / D == (x * M) >> s with M = ceil(2^s / D) whenever Max * (M * D - 2^s) < 2^s: the
// rounding error of M, multiplied by at most Max, then stays below one unit of the
// quotient. `shift` is the smallest s that satisfies it without overflowing x * M.
template <std::uint32_t D, std::uint64_t Max>
struct divide_by {
  static_assert(D > 1, "dividing by 0 or 1 needs no help");

 private:
  static constexpr std::uint64_t multiplier_for(int s) {
    return ((std::uint64_t{1} << s) + D - 1) / D;
  }
  static constexpr bool exact_with(int s) {
    const std::uint64_t m = multiplier_for(s);
    const std::uint64_t error = m * D - (std::uint64_t{1} << s);
    return m <= ~std::uint64_t{0} / (Max == 0 ? 1 : Max) &&                   // x * m fits
           (Max == 0 || error <= ((std::uint64_t{1} << s) - 1) / Max);  // error * Max < 2^s
  }
  static constexpr int find_shift() {
    for (int s = 0; s < 63; ++s)
      if (exact_with(s)) return s;
    return -1;
  }

 public:
  static constexpr int shift = find_shift();
  static_assert(shift >= 0, "no exact multiplier for this divisor and range");
  static constexpr std::uint64_t multiplier = multiplier_for(shift);

  static constexpr std::uint64_t of(std::uint64_t x) { return (x * multiplier) >> shift; }
};

}  // namespace core
