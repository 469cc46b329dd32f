#!/usr/bin/env bash
# npm run bench: every bench/*.bench.mjs, against the peers named in each, in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
bash scripts/build.sh >/dev/null
shopt -s nullglob
for b in bench/*.bench.mjs; do
  echo "== $b =="
  node "$b"
done
