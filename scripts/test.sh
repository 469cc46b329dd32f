#!/usr/bin/env bash
# npm test: check the layering of core/, set up what is missing, build native and WASM,
# run every suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# First: it reads the sources only and takes milliseconds (docs/architecture.md, "Layering").
echo "== layering of core/ =="
node scripts/check-layering.mjs
bash scripts/bootstrap.sh
bash scripts/build.sh

status=0
echo "== Catch2 (CTest) =="
(cd build/native && ctest --output-on-failure) || status=1

if [[ -f scripts/fuzz.sh ]]; then
  echo "== fuzzing (bounded) =="
  bash scripts/fuzz.sh || status=1
fi

echo "== Node suites (node --test) =="
node --test --test-concurrency=1 tests/node/ || status=1
exit $status
