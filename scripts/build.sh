#!/usr/bin/env bash
# Builds native (core + Catch2 tests) and WebAssembly, then assembles dist/.
#   BUILD_ONLY=native|wasm  limits it to one side.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
# Emscripten's optimiser needs Debian's acorn, which this node does not search by default.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

if [[ ${BUILD_ONLY:-} != wasm ]]; then
  [[ -f build/native/CMakeCache.txt ]] || cmake -S . -B build/native -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build/native -j"$JOBS"
fi
if [[ ${BUILD_ONLY:-} != native ]]; then
  [[ -f build/wasm/CMakeCache.txt ]] || emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/wasm -j"$JOBS"
  node scripts/assemble-dist.mjs
fi
