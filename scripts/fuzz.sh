#!/usr/bin/env bash
# Builds the libFuzzer target (clang++, -fsanitize=fuzzer,address,undefined) over connector
# definition parsing, pools, instance validation, certificates and patterns, then runs it for
# a bounded time from the seed corpus. Exit status non-zero on any crash or sanitizer report.
#   FUZZ_SECONDS=60 (default)   FUZZ_JOBS=1   JOBS=<build jobs>
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_TO_RUN=${FUZZ_SECONDS:-60}
BUILD=build/fuzz
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

# the time zone tables come from the native build's compiler (tools/tzcompile/tzcompile.cmake)
BUILD_ONLY=tzcompile bash scripts/build.sh >/dev/null
if [[ ! -f $BUILD/CMakeCache.txt ]]; then
  CXX=clang++ cmake -S tests/fuzz -B "$BUILD" -DCMAKE_BUILD_TYPE= >/dev/null
fi
cmake --build "$BUILD" -j"${JOBS:-$(nproc)}" >/dev/null

# The seeds stay untouched: new inputs go to a scratch corpus in the build folder.
work=$BUILD/corpus
mkdir -p "$work" "$BUILD/artifacts"
echo "fuzz: running ${SECONDS_TO_RUN}s from tests/fuzz/corpus ($(ls tests/fuzz/corpus | wc -l) seeds)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
set +e
"$BUILD/fuzz_catalog" -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 \
  -max_len=70000 -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/" \
  "$work" tests/fuzz/corpus > "$BUILD/fuzz.log" 2>&1
status=$?
set -e
grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^Done " "$BUILD/fuzz.log" || true
if (( status != 0 )); then
  echo "fuzz: FAILED (exit $status); last lines of $BUILD/fuzz.log:" >&2
  tail -40 "$BUILD/fuzz.log" >&2
  exit "$status"
fi
echo "fuzz: no crash, no sanitizer report"
