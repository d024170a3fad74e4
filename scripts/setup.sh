#!/usr/bin/env bash
# Installs every Debian package embargo needs to build, test, fuzz and benchmark.
# Idempotent: safe to run again; installs only what is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  clang libclang-rt-14-dev clang-format
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libexpected-dev libpugixml-dev nlohmann-json3-dev libcli11-dev
  libcurl4-openssl-dev libssl-dev libzip-dev libicu-dev libfmt-dev
  libsqlite3-dev libxxhash-dev zlib1g-dev postgresql libpq-dev
  python3 wamerican libpoppler-cpp-dev libboost-dev chromium wrk
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi

# The web page's end-to-end test drives Chromium with playwright-core from npm.
if ! command -v npm >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing nodejs npm"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
web="$(cd "$(dirname "$0")/.." && pwd)/tests/web"
if [ ! -d "$web/node_modules/playwright-core" ]; then
  echo "setup: npm ci in tests/web"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
fi
