#!/usr/bin/env bash
# Fetches tz.cpp (and tz_private.h) of Howard Hinnant's date from Debian's source
# package howardhinnant-date into .cache/date-src/. The Debian binary package ships
# headers and a libdate-tz built for the OS zoneinfo, but not tz.cpp, which the
# WebAssembly build (and our text-database mode) needs.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.cache/date-src
[[ -f $OUT/tz.cpp && -f $OUT/tz_private.h ]] && exit 0
mkdir -p .cache/apt-source
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
( cd "$work" && apt-get source --download-only howardhinnant-date >/dev/null 2>&1 ) || {
  echo "fetch-date-src: 'apt-get source --download-only howardhinnant-date' failed;" >&2
  echo "  it needs a deb-src entry for bookworm main (scripts/bootstrap.sh adds it as root)" >&2
  exit 1
}
orig=$(ls "$work"/howardhinnant-date_*.orig.tar.* | head -1)
mkdir -p "$OUT"
tar -xf "$orig" -C "$work"
src=$(find "$work" -path '*/src/tz.cpp' | head -1)
cp "$src" "$OUT/tz.cpp"
cp "$(dirname "$src")/../include/date/tz_private.h" "$OUT/tz_private.h"
# record the upstream version we compiled against
basename "$orig" > "$OUT/VERSION"
echo "fetch-date-src: $(cat "$OUT/VERSION") -> $OUT/tz.cpp"
