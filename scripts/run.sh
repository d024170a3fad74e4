#!/usr/bin/env bash
# The main job on a fresh machine: set up, build, get the lists (downloaded when online,
# the bundled sample when not), then show what was loaded and screen a name.
# Usage: scripts/run.sh ["Name to screen"]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" --target embargo
E=build/embargo
echo "== embargo update (downloads the official lists; falls back to the bundled sample offline)"
$E update || echo "update failed (offline?): continuing with what is available"
echo "== embargo lists"
$E lists
echo "== embargo show ofac-35096"
$E show ofac-35096
