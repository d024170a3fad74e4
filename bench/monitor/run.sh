#!/usr/bin/env bash
# Monitoring benchmark (not run by CI): N customers (default 1,000,000; 2% listed names,
# many varied, the rest placebos) screened in full against the OFAC SDN list of 2022-02-23
# (`monitor add`), then `monitor run --delta` against the list of 2022-02-26 (97 entities
# added, 6 changed), then a full `monitor run` against 2022-02-26 for comparison.
#
#   bench/monitor/run.sh [build/embargo] [N] [sqlite|postgres]
# Needs the real lists in ../shared/data (or EMBARGO_TEST_DATA). Prints wall time and peak
# RSS of each step; runs under `nice -n 19`. The store is a SQLite file (default), or a
# database on a throw-away PostgreSQL server (tests/store/pg_server.sh, fsync on, unix
# socket) for `postgres`.
set -eu
EMBARGO="${1:-build/embargo}"
N="${2:-1000000}"
BACKEND="${3:-sqlite}"
DATA="${EMBARGO_TEST_DATA:-$(dirname "$0")/../../../shared/data}"
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
case "$BACKEND" in
  sqlite) DB="$W/bench.db" ;;
  postgres)
    PGDIR=$(mktemp -d /tmp/embargo_pg_bench_XXXXXX)
    trap 'bash "$SRC/tests/store/pg_server.sh" stop "$PGDIR"; rm -rf "$W"' EXIT
    ADMIN=$(PG_FSYNC=on bash "$SRC/tests/store/pg_server.sh" start "$PGDIR" $$)
    psql -X -qtA "$ADMIN" -c "CREATE DATABASE bench" >/dev/null
    DB="${ADMIN/\/postgres\?//bench?}"
    ;;
  *)
    echo "usage: run.sh [EMBARGO] [N] [sqlite|postgres]" >&2
    exit 2
    ;;
esac
# q SQL: one query against the store, rows as a|b lines.
q() {
  if [ "$BACKEND" = postgres ]; then
    psql -X -qtA "$DB" -c "$1"
  else
    python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchall(); print('\n'.join('|'.join(map(str,x)) for x in r))" "$DB" "$1"
  fi
}
echo "store: $BACKEND"
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
    --db "$DB" || test $? -eq 10
}
step "monitor add (full screening, 2022-02-23)" --data "$W/feb23" monitor add "$W/customers.csv"
step "monitor run --delta (2022-02-26)" --data "$W/feb26" monitor run --delta
step "monitor run (full, 2022-02-26)" --data "$W/feb26" monitor run
nice -n 19 "$EMBARGO" audit verify --db "$DB"
echo "customers with an alert: $(q "SELECT count(DISTINCT customer_id) FROM alerts"), of which" \
  "placebos (should not alert): $(q "SELECT count(DISTINCT a.customer_id) FROM alerts a JOIN
  customers c ON c.id = a.customer_id WHERE c.id_number != ''")"
echo "alerts by screening: $(q "SELECT screening_id, count(*) FROM alerts GROUP BY screening_id
  ORDER BY screening_id" | tr '\n' ' ')"
# What the full run after the delta still found: the delta's misses.
q "SELECT a.customer_id, c.name, a.entity_id, a.entity_caption, a.score FROM alerts a JOIN
  customers c ON c.id = a.customer_id WHERE a.screening_id = 3 LIMIT 20" |
  sed '/^$/d; s/^/  found only by the full run: /'
if [ "$BACKEND" = postgres ]; then
  echo "database: $(q "SELECT pg_size_pretty(pg_database_size(current_database()))")"
else
  echo "database: $(du -h "$DB" | cut -f1)"
fi
