#!/usr/bin/env bash
# The main job on a fresh machine: set up, build, get the lists (downloaded when online,
# the bundled sample when not), then show what was loaded, screen a name and scan a
# document for listed names.
# Usage: scripts/run.sh ["Name to screen" [document to scan]]
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
NAME="${1:-Sergei Lavrov}"
echo "== embargo match \"$NAME\""
rc=0
$E match "$NAME" || rc=$?
# 10 means "alert": the name matched a listed entity; anything else non-zero is an error.
if [ "$rc" -ne 0 ] && [ "$rc" -ne 10 ]; then exit "$rc"; fi
echo "(exit code $rc: 10 = alert, 0 = no match)"
DOC="${2:-data/examples/news.txt}"
echo "== embargo scan $DOC"
rc=0
$E scan "$DOC" || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 10 ]; then exit "$rc"; fi
echo "(exit code $rc: 10 = listed names found, 0 = none)"
