#!/usr/bin/env bash
# Builds native (core + Catch2 tests) and WebAssembly, then assembles dist/.
#   BUILD_ONLY=native|wasm  limits it to one side; BUILD_ONLY=tzcompile builds only the
#   native time zone compiler, which the wasm and fuzz builds run (they cannot run what
#   they compile: tools/tzcompile/tzcompile.cmake). The wasm build also runs the native
#   generator of the facade's constants (tools/jsconstants/jsconstants.cmake).
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
# Emscripten's optimiser needs Debian's acorn, which this node does not search by default.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

[[ -f build/native/CMakeCache.txt ]] || cmake -S . -B build/native -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
case ${BUILD_ONLY:-} in
  wasm) cmake --build build/native -j"$JOBS" --target tzcompile jsconstants ;;
  tzcompile) cmake --build build/native -j"$JOBS" --target tzcompile ;;
  *) cmake --build build/native -j"$JOBS" ;;
esac
if [[ ${BUILD_ONLY:-} != native && ${BUILD_ONLY:-} != tzcompile ]]; then
  [[ -f build/wasm/CMakeCache.txt ]] || emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/wasm -j"$JOBS"
  node scripts/assemble-dist.mjs
fi
