#!/usr/bin/env bash
# End-to-end HTTP benchmark of `embargo serve` with wrk on loopback:
#   bench/http/run.sh BINARY DATA_DIR [CONNECTIONS] [SECONDS] [THREADS]
# THREADS is wrk's (default 1): on a 2-core machine a second wrk thread takes the core
# the server's second worker needs, and the latency measured is then the client's queue.
# Queries cycle through 2,000 names: 1,000 taken from the OFAC SDN list in DATA_DIR (as
# written there, "LAST, First" forms included) and 1,000 placebo names made from common
# English words (on no list). Prints wrk's latency percentiles and rate, and the server's
# memory (RSS) every 10 s. SWAP=N sends SIGHUP every N seconds during the run: each one
# rebuilds the index in the background and swaps it in under load (wrk counts any
# failed request as an error). SERVE_ARGS adds options to `embargo serve`, e.g.
# SERVE_ARGS="--db /tmp/bench.db" to record every /match for the audit while measuring.
set -euo pipefail
bin=${1:?binary}; data=${2:?data dir}; conns=${3:-8}; secs=${4:-20}; wthreads=${5:-1}
here=$(cd "$(dirname "$0")" && pwd)
names=$(mktemp); out=$(mktemp)
sdn=$(find -L "$data" -name 'sdn*.csv' | head -1)
python3 - "$sdn" > "$names" <<'PY'
import csv, random, sys
random.seed(7)
rows = [r[1] for r in csv.reader(open(sys.argv[1], encoding='latin-1')) if len(r) > 2 and r[2].strip() == 'individual']
names = random.sample(rows, min(1000, len(rows)))
words = [w.strip() for w in open('/usr/share/dict/words') if w.strip().isalpha() and w.strip().islower() and len(w.strip()) > 3]
for _ in range(1000):
    names.append(f"{random.choice(words).title()} {random.choice(words).title()}")
random.shuffle(names)
print("\n".join(names))
PY
# shellcheck disable=SC2086  # SERVE_ARGS is a list of options
"$bin" --data "$data" -q serve --port 0 --access-log off ${SERVE_ARGS:-} > "$out" 2>"$out.err" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$names" "$out" "$out.err"' EXIT
for _ in $(seq 100); do grep -q listening "$out" && break; sleep 0.1; done
port=$(grep -o '[0-9]*$' "$out")
echo "server pid $pid port $port; RSS before: $(grep VmRSS /proc/$pid/status | awk '{print $2" "$3}')"
sampler() {
  while kill -0 $pid 2>/dev/null; do
    sleep 10
    echo "RSS at +$((SECONDS - t0))s: $(grep VmRSS /proc/$pid/status 2>/dev/null | awk '{print $2" "$3}')"
  done
}
swapper() {
  while kill -0 $pid 2>/dev/null; do sleep "$SWAP"; kill -HUP $pid 2>/dev/null; done
}
t0=$SECONDS
sampler &
sp=$!
[ -n "${SWAP:-}" ] && { swapper & swp=$!; }
NAMES=$names wrk -t "$wthreads" -c "$conns" -d "${secs}s" --latency -s "$here/match.lua" "http://127.0.0.1:$port" | sed -n '/^requests/,$p'
kill $sp ${swp:-} 2>/dev/null || true
[ -n "${SWAP:-}" ] && echo "list swaps: $(grep -c reloaded "$out.err" || true)"
echo "RSS after: $(grep VmRSS /proc/$pid/status | awk '{print $2" "$3}')"
