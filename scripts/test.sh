#!/usr/bin/env bash
# Sets up, builds and runs every embargo test: the normal build, then the same tests
# under AddressSanitizer + UndefinedBehaviorSanitizer (fuzz corpora replayed in both).
# Usage: scripts/test.sh            (from the repository root)
#        EMBARGO_TEST_DATA=DIR scripts/test.sh   (real lists elsewhere than ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=$(nproc)

# Debug info as line tables only (-g1): stack traces and profiles keep file:line, and the
# two builds, most of this script's time, compile about a quarter faster than with -g.
echo "== build (RelWithDebInfo)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" >/dev/null
cmake --build build -j "$jobs"
echo "== tests"
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== build (ASan + UBSan)"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g1 -O1" -DEMBARGO_SANITIZE=ON -DEMBARGO_BENCH=OFF >/dev/null
cmake --build build-asan -j "$jobs"
echo "== tests under sanitizers"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"
