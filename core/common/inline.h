#pragma once
// CORE_ALWAYS_INLINE: inline this function into its callers even where the compiler's size
// heuristics would not. For the few per-value hot paths of batch entry points only: in
// wasm a call that returns a struct goes through linear memory and the stack-pointer
// global, which costs more than the small function itself (measured in formatting).
#if defined(__GNUC__) || defined(__clang__)
#define CORE_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define CORE_ALWAYS_INLINE inline
#endif

// CORE_NEVER_INLINE: keep this function out of line (a rarely taken path of a hot loop).
#if defined(__GNUC__) || defined(__clang__)
#define CORE_NEVER_INLINE __attribute__((noinline))
#else
#define CORE_NEVER_INLINE
#endif

// CORE_COLD_PATH: a rarely taken path of a hot file (an error or warning to report),
// kept out of line and compiled for size: clang's minsize is -Oz for this function alone,
// GCC's cold optimizes it for size. The hot file itself stays at -O2.
#if defined(__clang__)
#define CORE_COLD_PATH __attribute__((noinline, cold, minsize))
#elif defined(__GNUC__)
#define CORE_COLD_PATH __attribute__((noinline, cold))
#else
#define CORE_COLD_PATH
#endif
