#!/usr/bin/env bash
# End-to-end test of the analyst page: prepares an alert store with the CLI (users,
# monitored customers, a decided and re-raised alert), starts `embargo serve` on a free
# loopback port over DATA_DIR and that store, drives the page in headless Chromium
# (e2e.mjs), and always stops the server.
#   tests/web/run_e2e.sh BINARY DATA_DIR SEED_ARTICLE
# Needs node, npm (first run: `npm ci` from the npm registry into tests/web/node_modules)
# and Debian's chromium (scripts/setup.sh). Exit 0 when every check passed, 1 otherwise.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 BINARY DATA_DIR SEED_ARTICLE" >&2
  exit 2
fi
fail() { echo "run_e2e: FAILED: $*" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "$1") || fail "no binary $1"
data=$(realpath "$2") || fail "no data folder $2"
seed=$(realpath "$3") || fail "no seed article $3"
[ -x "$bin" ] || fail "$bin is not an executable"
[ -f "$seed" ] || fail "$seed is not a file"
command -v node >/dev/null || fail "node is missing"
command -v npm >/dev/null || fail "npm is missing"
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || fail "$chromium is missing (scripts/setup.sh installs Debian's chromium)"

# playwright-core at the version package-lock.json pins (it downloads no browser).
want=$(node -e 'console.log(require(process.argv[1]).packages["node_modules/playwright-core"].version)' \
  "$here/package-lock.json")
have=$(node -e 'try { console.log(require(process.argv[1]).version) } catch { console.log("") }' \
  "$here/node_modules/playwright-core/package.json")
if [ "$have" != "$want" ]; then
  echo "run_e2e: installing playwright-core $want (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in $here"
fi

tmp=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# An alert store for the queue: an analyst and a supervisor, three customers (two listed
# names, one not), the Putin alerts cleared as false positives, then the customer changed
# so that they are raised again with the change.
db="$tmp/embargo.db"
"$bin" --data "$data" -q users add ana --role analyst --db "$db" >/dev/null || fail "users add ana"
"$bin" --data "$data" -q users add sue --role supervisor --db "$db" >/dev/null || fail "users add sue"
printf '%s\n' 'id,name,schema,birth_date,country,id_number' \
  'c-lavrov,Sergei Viktorovich Lavrov,Person,1950-03-21,,' \
  'c-putin,Vladimir Vladimirovich Putin,Person,,,' \
  'c-clean,Jane Quietly Nobody,Person,,,' >"$tmp/customers.csv"
rc=0
"$bin" --data "$data" -q monitor add "$tmp/customers.csv" --db "$db" >"$tmp/monitor.out" || rc=$?
[ "$rc" -eq 10 ] || fail "monitor add raised no alert (exit $rc): $(cat "$tmp/monitor.out")"
"$bin" --data "$data" -q alerts --status open --json --db "$db" >"$tmp/alerts.json"
putin=$(node -e 'for (const l of require("fs").readFileSync(process.argv[1], "utf8").split("\n"))
  if (l && JSON.parse(l).customer === "c-putin") console.log(JSON.parse(l).id)' "$tmp/alerts.json")
[ -n "$putin" ] || fail "no alert for c-putin in $(cat "$tmp/alerts.json" | head -c 300)"
for id in $putin; do
  "$bin" --data "$data" -q alerts decide "$id" --decision false_positive --user ana \
    --comment "another Putin" --db "$db" >/dev/null || fail "alerts decide $id"
done
sed -i 's/^c-putin,Vladimir Vladimirovich Putin,Person,,,$/c-putin,Vladimir Vladimirovich Putin,Person,1952-10-07,ru,/' \
  "$tmp/customers.csv"
rc=0
"$bin" --data "$data" -q monitor add "$tmp/customers.csv" --db "$db" >"$tmp/monitor.out" || rc=$?
[ "$rc" -eq 10 ] || fail "the changed customer raised no alert again (exit $rc): $(cat "$tmp/monitor.out")"

"$bin" --data "$data" -q serve --port 0 --host 127.0.0.1 --access-log "$tmp/access.log" \
  --db "$db" >"$tmp/stdout" 2>"$tmp/stderr" &
pid=$!

# The server prints one line once it listens: "embargo serve: listening on http://HOST:PORT".
url=""
for _ in $(seq 1 1200); do   # up to 120 s: loading large data folders takes a while
  url=$(sed -n 's|^embargo serve: listening on \(http://[^ ]*\)$|\1|p' "$tmp/stdout")
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "run_e2e: server stdout:" >&2; cat "$tmp/stdout" >&2
  echo "run_e2e: server stderr:" >&2; tail -n 30 "$tmp/stderr" >&2
  fail "the server did not start: $bin --data $data serve --port 0"
fi
echo "run_e2e: server at $url"

start=$(date +%s)
if ! BASE_URL=$url CHROMIUM=$chromium timeout 180 node "$here/e2e.mjs" "$seed"; then
  echo "run_e2e: server stderr (last lines):" >&2; tail -n 20 "$tmp/stderr" >&2
  echo "run_e2e: access log (last lines):" >&2; tail -n 20 "$tmp/access.log" >&2 2>/dev/null || true
  fail "the page's end-to-end checks (see above)"
fi
echo "run_e2e: passed in $(( $(date +%s) - start )) s"
