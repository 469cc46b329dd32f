#!/usr/bin/env bash
# npm start: set up what is missing, build, start the server (PORT, default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
bash scripts/build.sh >/dev/null
exec node web/server/main.mjs
