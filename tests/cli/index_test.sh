#!/usr/bin/env bash
# embargo index build, then --index FILE for match, scan, show, lists and serve: the same
# answers as from the lists, and snapshots of other lists or damaged files refused.
source "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/data"
cp -r "$DATA/ofac/current" "$TMP/data/ofac"
IDX="$TMP/lists.idx"

"$EMBARGO" --data "$TMP/data" index build --output "$IDX" 2>"$TMP/build.err"
check "index build exits 0" test $? -eq 0
check "index build writes the file" test -s "$IDX"
check "index build reports the snapshot" contains "$TMP/build.err" "index snapshot $IDX"

# match: the same JSON (hits, scores, explanations, lists) from the lists and the snapshot.
for q in "Sergei Lavrov" "Vladimir Putin" "Bank Melli Iran" "Mahan Air" "Joanna Zzyxwvuq"; do
  "$EMBARGO" -q --data "$TMP/data" match --no-record --json --limit 10 "$q" >"$TMP/a.json"
  rc_a=$?
  "$EMBARGO" -q --index "$IDX" match --no-record --json --limit 10 "$q" >"$TMP/b.json"
  rc_b=$?
  check "match '$q': same exit code" test "$rc_a" -eq "$rc_b"
  check "match '$q': same answer" cmp -s "$TMP/a.json" "$TMP/b.json"
done
"$EMBARGO" --index "$IDX" match --no-record "Sergei Lavrov" >"$TMP/lavrov.txt" 2>"$TMP/lavrov.err"
check "match --index alerts on Lavrov" test $? -eq 10
check "match --index prints the hit" contains "$TMP/lavrov.txt" "LAVROV"
check "match --index says it used the snapshot" contains "$TMP/lavrov.err" "from snapshot $IDX"
check "match --index repeats the load reports" contains "$TMP/lavrov.err" "loaded "

# EMBARGO_INDEX, and --data checked against the snapshot.
EMBARGO_INDEX="$IDX" "$EMBARGO" -q --data "$TMP/data" match --no-record "Sergei Lavrov" >/dev/null
check "EMBARGO_INDEX with the same --data alerts" test $? -eq 10

# scan and show.
printf 'Payment to Sergei Lavrov for services.\n' >"$TMP/doc.txt"
"$EMBARGO" -q --data "$TMP/data" scan --json "$TMP/doc.txt" >"$TMP/scan_a.json"
"$EMBARGO" -q --index "$IDX" scan --json "$TMP/doc.txt" >"$TMP/scan_b.json"
check "scan --index: same mentions" cmp -s "$TMP/scan_a.json" "$TMP/scan_b.json"
"$EMBARGO" -q --data "$TMP/data" show ofac-35096 --json >"$TMP/show_a.json"
"$EMBARGO" -q --index "$IDX" show ofac-35096 --json >"$TMP/show_b.json"
check "show --index: same entity" cmp -s "$TMP/show_a.json" "$TMP/show_b.json"
"$EMBARGO" -q --data "$TMP/data" lists --json >"$TMP/lists_a.json"
"$EMBARGO" -q --index "$IDX" lists --json >"$TMP/lists_b.json"
check "lists --index: same datasets and counts" python3 -c "
import json
a=json.load(open('$TMP/lists_a.json')); b=json.load(open('$TMP/lists_b.json'))
assert a['datasets']==b['datasets'] and a['entities']==b['entities'] and a['schemata']==b['schemata'], (a, b)
"

# Other lists than the snapshot's: refused, with the way out.
mkdir -p "$TMP/other"
cp -r "$DATA/ofac/current" "$TMP/other/ofac"
rm "$TMP/other/ofac/sdn_comments.csv"
"$EMBARGO" -q --data "$TMP/other" --index "$IDX" match --no-record "Sergei Lavrov" >/dev/null 2>"$TMP/other.err"
check "snapshot of other lists: exit 1" test $? -eq 1
check "snapshot of other lists: says so" contains "$TMP/other.err" "built from other list files"
check "snapshot of other lists: says how to rebuild" contains "$TMP/other.err" "index build"
touch -d '2001-01-01' "$TMP/data/ofac/sdn.csv"
"$EMBARGO" -q --data "$TMP/data" --index "$IDX" match --no-record "Sergei Lavrov" >/dev/null 2>&1
check "changed list file: refused" test $? -eq 1
"$EMBARGO" -q --index "$IDX" match --no-record "Sergei Lavrov" >/dev/null 2>&1
check "without --data the snapshot alone is used" test $? -eq 10

# Damaged, foreign and missing files: errors, not crashes.
head -c 100000 "$IDX" >"$TMP/trunc.idx"
"$EMBARGO" -q --index "$TMP/trunc.idx" match --no-record "x" >/dev/null 2>"$TMP/trunc.err"
check "truncated snapshot: exit 1" test $? -eq 1
check "truncated snapshot: names the file" contains "$TMP/trunc.err" "$TMP/trunc.idx"
"$EMBARGO" -q --index "$DATA/ofac/current/sdn.csv" match --no-record "x" >/dev/null 2>"$TMP/foreign.err"
check "foreign file: says it is not a snapshot" contains "$TMP/foreign.err" "not an embargo index snapshot"
"$EMBARGO" -q --index "$TMP/none.idx" match --no-record "x" >/dev/null 2>"$TMP/none.err"
check "missing snapshot: exit 1" test $? -eq 1
check "missing snapshot: says so" contains "$TMP/none.err" "cannot open index snapshot"
"$EMBARGO" -q --index "$IDX" --as-of 2026-01-01 match --no-record "x" >/dev/null 2>"$TMP/asof.err"
check "--index with --as-of: refused" contains "$TMP/asof.err" "cannot be combined with --index"
"$EMBARGO" -q index build >/dev/null 2>&1
check "index build without --output: usage error" test $? -eq 2

# serve --index: /match answers from the snapshot.
"$EMBARGO" -q --index "$IDX" serve --port 0 --no-record >"$TMP/serve.out" 2>"$TMP/serve.err" &
PID=$!
for _ in $(seq 600); do
  grep -q "listening on" "$TMP/serve.out" 2>/dev/null && break
  sleep 0.1
done
URL=$(sed -n 's/^embargo serve: listening on //p' "$TMP/serve.out")
check "serve --index listens" test -n "$URL"
if [ -n "$URL" ]; then
  curl -s -X POST "$URL/match/default" -H 'Content-Type: application/json' \
    -d '{"queries":{"q1":{"schema":"Person","properties":{"name":["Sergei Lavrov"]}}}}' \
    >"$TMP/serve_match.json"
  check "serve --index /match finds Lavrov" contains "$TMP/serve_match.json" "ofac-35233"
fi
kill "$PID" 2>/dev/null
wait "$PID" 2>/dev/null

finish
