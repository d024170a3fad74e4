#!/usr/bin/env bash
# Sets up, builds and runs every embargo test: the normal build, then the same tests
# under AddressSanitizer + UndefinedBehaviorSanitizer (fuzz corpora replayed in both).
# Usage: scripts/test.sh            (from the repository root)
#        EMBARGO_TEST_DATA=DIR scripts/test.sh   (real lists elsewhere than ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=$(nproc)

echo "== build (RelWithDebInfo)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"
echo "== tests"
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== build (ASan + UBSan)"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DEMBARGO_SANITIZE=ON -DEMBARGO_BENCH=OFF >/dev/null
cmake --build build-asan -j "$jobs"
echo "== tests under sanitizers"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"
