#!/usr/bin/env bash
# Installs what the build and the tests need, and nothing when everything is present.
#  - Debian packages (apt-get, as root; otherwise prints the exact command and exits 1)
#  - date's tz.cpp from Debian's source package, into .cache/ (never committed)
#  - node_modules from package-lock.json (npm ci), re-run only when the lock changes
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# package -> a file that proves it is installed
declare -A NEED=(
  [emscripten]=/usr/bin/em++
  [binaryen]=/usr/bin/wasm-opt
  [catch2]=/usr/include/catch2/catch.hpp
  [nlohmann-json3-dev]=/usr/include/nlohmann/json.hpp
  [libhowardhinnant-date-dev]=/usr/include/date/tz.h
  [chromium]=/usr/bin/chromium
  [cmake]=/usr/bin/cmake
  [g++]=/usr/bin/g++
  [clang]=/usr/bin/clang++
  [libclang-rt-14-dev]=/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
  [tzdata]=/usr/share/zoneinfo/tzdata.zi
  [openssl]=/usr/bin/openssl
  [dpkg-dev]=/usr/bin/dpkg-source
  [nginx-light]=/usr/sbin/nginx
  [redis-server]=/usr/bin/redis-server
  [postgresql]=/usr/lib/postgresql/15/bin/postgres
  [php8.2-cli]=/usr/bin/php8.2
)
missing=()
for pkg in "${!NEED[@]}"; do
  [[ -e "${NEED[$pkg]}" ]] || missing+=("$pkg")
done

SRC_LIST=/etc/apt/sources.list.d/debian-src.sources
need_src=0
if [[ ! -f .cache/date-src/tz.cpp ]] && ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ /etc/apt/sources.list 2>/dev/null; then
  need_src=1
fi

if (( ${#missing[@]} )) || (( need_src )); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "bootstrap: missing Debian packages: ${missing[*]:-none}${need_src:+ (and a deb-src entry)}" >&2
    echo "bootstrap: run as root:" >&2
    (( need_src )) && echo "  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' > $SRC_LIST" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  if (( need_src )); then
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' > "$SRC_LIST"
  fi
  echo "bootstrap: installing ${missing[*]:-} (apt-get)"
  apt-get update -qq
  if (( ${#missing[@]} )); then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

bash scripts/fetch-date-src.sh

# npm ci only when node_modules is missing or older than the lock file
stamp=node_modules/.bootstrap-lock
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  echo "bootstrap: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
