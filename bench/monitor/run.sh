#!/usr/bin/env bash
# Monitoring benchmark (not run by CI): N customers (default 1,000,000; 2% listed names,
# many varied, the rest placebos) screened in full against the OFAC SDN list of 2022-02-23
# (`monitor add`), then `monitor run --delta` against the list of 2022-02-26 (97 entities
# added, 6 changed), then a full `monitor run` against 2022-02-26 for comparison.
#
#   bench/monitor/run.sh [build/embargo] [N]
# Needs the real lists in ../shared/data (or EMBARGO_TEST_DATA). Prints wall time and peak
# RSS of each step; runs under `nice -n 19`.
set -eu
EMBARGO="${1:-build/embargo}"
N="${2:-1000000}"
DATA="${EMBARGO_TEST_DATA:-$(dirname "$0")/../../../shared/data}"
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/feb23" "$W/feb26"
cp "$DATA/ofac/history/sdn-2022-02-23.csv" "$W/feb23/sdn.csv"
cp "$DATA/ofac/history/sdn-2022-02-26.csv" "$W/feb26/sdn.csv"
# Names drawn from the newer list, so some customers are among the 97 new designations.
"$EMBARGO" -q --data "$W/feb26" export --format ftm -o "$W/lists.ftm.json"
python3 "$SRC/scripts/gen_customers.py" --lists "$W/lists.ftm.json" --count "$N" \
  --listed 0.02 >"$W/customers.csv"
echo "$N customers, $(du -h "$W/customers.csv" | cut -f1)"
step() {
  local name="$1"
  shift
  /usr/bin/time -f "$name: %e s wall, %M KB peak RSS" nice -n 19 "$EMBARGO" -q "$@" \
    --db "$W/bench.db" || test $? -eq 10
}
step "monitor add (full screening, 2022-02-23)" --data "$W/feb23" monitor add "$W/customers.csv"
step "monitor run --delta (2022-02-26)" --data "$W/feb26" monitor run --delta
step "monitor run (full, 2022-02-26)" --data "$W/feb26" monitor run
nice -n 19 "$EMBARGO" audit verify --db "$W/bench.db"
python3 - "$W/bench.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
q = lambda s: c.execute(s).fetchone()[0]
print("customers with an alert: %d, of which placebos (should not alert): %d" % (
    q("SELECT count(DISTINCT customer_id) FROM alerts"),
    q("SELECT count(DISTINCT a.customer_id) FROM alerts a JOIN customers c ON c.id = a.customer_id"
      " WHERE c.id_number != ''")))
print("alerts by screening:", c.execute(
    "SELECT screening_id, count(*) FROM alerts GROUP BY screening_id").fetchall())
# What the full run after the delta still found: the delta's misses.
for row in c.execute("SELECT a.customer_id, c.name, a.entity_id, a.entity_caption, a.score "
                     "FROM alerts a JOIN customers c ON c.id = a.customer_id "
                     "WHERE a.screening_id = 3 LIMIT 20"):
    print("  found only by the full run:", row)
PY
echo "database: $(du -h "$W/bench.db" | cut -f1)"
