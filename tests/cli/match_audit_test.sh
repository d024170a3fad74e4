#!/usr/bin/env bash
# Ad-hoc screenings are audited: `embargo match` records each screening (one query, or one
# screening per chunk of a batch) with the list versions in the store named by --db or
# $EMBARGO_DB, appends it to the hash chain, and `audit replay` reruns it: the same result
# against the same lists, a difference against the lists of 2022-02-23 (before Putin).
source "$(dirname "$0")/lib.sh"
DB="$TMP/a.db"
CUR="$DATA/ofac/current"
OLD="$TMP/old"  # a data folder holding the SDN list of 2022-02-23
mkdir -p "$OLD" && ln -s "$DATA/ofac/history/sdn-2022-02-23.csv" "$OLD/sdn.csv"
sql() { python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print('\n'.join('|'.join(map(str,x)) for x in c.execute(sys.argv[2]).fetchall()))" "$@"; }

"$EMBARGO" -q --data "$CUR" match "Vladimir Putin" >/dev/null 2>"$TMP/none.err"
check "no store named and none made: nothing recorded" test ! -e "$CUR/.embargo/embargo.db"
check "no store: no recording line" test "$(grep -c recorded "$TMP/none.err")" -eq 0

"$EMBARGO" -q --data "$CUR" match "Vladimir Putin" --dob 1952-10-07 --db "$DB" --json \
  >"$TMP/putin.json"
check "a match exits 10" test $? -eq 10
check "the JSON names the screening" python3 -c "
import json; j=json.load(open('$TMP/putin.json')); assert j['screening']==1, j"
EMBARGO_DB="$DB" "$EMBARGO" --data "$CUR" match "John Smith Example" >/dev/null 2>"$TMP/smith.err"
check "no match exits 0" test $? -eq 0
check "EMBARGO_DB names the store" contains "$TMP/smith.err" "recorded as screening 2 in $DB"
EMBARGO_DB="$DB" "$EMBARGO" -q --data "$CUR" match "Sergei Lavrov" --no-record >/dev/null
check "--no-record records nothing" test "$(sql "$DB" "select count(*) from screenings")" -eq 2

printf 'id,name,schema,birth_date,country,id_number\nc1,Sergei Lavrov,Person,,,\nc2,,Person,,,\nc3,Acme Placebo Trading,Company,,,\n' \
  >"$TMP/q.csv"
"$EMBARGO" --data "$CUR" match --input "$TMP/q.csv" --db "$DB" --output "$TMP/out.jsonl" \
  2>"$TMP/batch.err"
check "batch with a match exits 10" test $? -eq 10
check "batch recorded as one screening" contains "$TMP/batch.err" "recorded as screening 3"
check "batch records the good queries only" \
  test "$(sql "$DB" "select group_concat(customer_id) from screening_results where screening_id=3")" = "c1,c3"

check "screenings recorded with kind, lists and digest" python3 -c "
import sqlite3, json
c = sqlite3.connect('$DB')
rows = c.execute('select id, kind, lists, lists_digest, customers from screenings order by id').fetchall()
assert [(r[0], r[1], r[4]) for r in rows] == [(1, 'match', 1), (2, 'match', 1), (3, 'batch', 2)], rows
assert all(len(r[3]) == 64 and r[3] == rows[0][3] for r in rows), rows
assert json.loads(rows[0][2])[0]['dataset'] == 'us_ofac_sdn', rows[0][2]
audit = c.execute('select action, payload from audit order by seq').fetchall()
assert [a[0] for a in audit] == ['screening.match', 'screening.match', 'screening.batch'], audit
p = json.loads(audit[0][1])
assert p['screening'] == 1 and p['matches'] == 1 and p['queries'] == 1 and p['config_hash'], p
assert json.loads(audit[1][1])['matches'] == 0, audit[1]
"
"$EMBARGO" audit verify --db "$DB" >"$TMP/verify.txt"
check "audit chain intact with the screenings" contains "$TMP/verify.txt" "intact: 3 entries"

"$EMBARGO" -q --data "$CUR" audit replay 1 --db "$DB" >"$TMP/replay.txt"
check "replay against the same lists exits 0" test $? -eq 0
check "replay reproduces" contains "$TMP/replay.txt" "1 of 1 recorded results reproduced: same result"
"$EMBARGO" -q --data "$OLD" audit replay 1 --db "$DB" >"$TMP/replay_old.txt"
check "replay against 2022-02-23 exits 1" test $? -eq 1
check "replay against 2022-02-23 shows the difference" contains "$TMP/replay_old.txt" "differs: Vladimir Putin: recorded"
"$EMBARGO" -q --data "$CUR" audit replay 3 --db "$DB" >"$TMP/replay_batch.txt"
check "batch replay reproduces" contains "$TMP/replay_batch.txt" "2 of 2 recorded results reproduced"

# POST /match over HTTP: recorded by `serve` with the acting user, written before SIGTERM ends it.
start_serve serve "$CUR" --db "$DB"
check "serve started with the store" test -n "$URL"
check "two /match requests answered" python3 - "$URL" <<'PY'
import json, sys, urllib.request
u = sys.argv[1]
for user, queries in (("ann", {"a": {"schema": "Person", "properties": {"name": ["Vladimir Putin"]}},
                               "b": {"schema": "Company", "properties": {"name": ["Acme Placebo Trading"]}}}),
                      (None, {"c": {"schema": "Person", "properties": {"name": ["Sergei Lavrov"]}}})):
    headers = {"Content-Type": "application/json"}
    if user: headers["X-Embargo-User"] = user
    req = urllib.request.Request(u + "/match/default?threshold=0.8", data=json.dumps({"queries": queries}).encode(), headers=headers)
    r = json.load(urllib.request.urlopen(req))
    assert set(r["responses"]) == set(queries), r
PY
kill -TERM "$PID"
wait "$PID"
check "serve stops cleanly" test $? -eq 0
check "both requests recorded with their user, threshold and queries" python3 -c "
import sqlite3, json
c = sqlite3.connect('$DB')
rows = c.execute('select id, kind, config, customers from screenings where id > 3 order by id').fetchall()
assert [(r[1], r[3]) for r in rows] == [('match', 2), ('match', 1)], rows
assert json.loads(rows[0][2])['threshold'] == 0.8, rows[0]
ids = [r[0] for r in c.execute('select customer_id from screening_results where screening_id = ? order by id', (rows[0][0],))]
assert ids == ['a', 'b'], ids
audit = c.execute('select actor, action from audit where seq > 3 order by seq').fetchall()
assert audit == [('ann', 'screening.match'), ('http', 'screening.match')], audit
"
"$EMBARGO" audit verify --db "$DB" >"$TMP/verify2.txt"
check "audit chain intact with the HTTP screenings" contains "$TMP/verify2.txt" "intact: 5 entries"
"$EMBARGO" -q --data "$CUR" audit replay 4 --db "$DB" >"$TMP/replay_http.txt"
check "an HTTP screening replays" contains "$TMP/replay_http.txt" "2 of 2 recorded results reproduced: same result"

mkdir "$TMP/adir"
"$EMBARGO" -q --data "$CUR" match "Vladimir Putin" --db "$TMP/adir" >"$TMP/bad.out" 2>"$TMP/bad.err"
check "an unusable store fails the command (exit 1)" test $? -eq 1
check "and says which store" contains "$TMP/bad.err" "$TMP/adir"
check "and prints no result it could not record" test ! -s "$TMP/bad.out"
# A default store created while `serve` runs is recorded in from then on (checked once a second).
LATE="$TMP/late"
mkdir -p "$LATE" && ln -s "$CUR/sdn.csv" "$LATE/sdn.csv"
start_serve late "$LATE"
check "serve started without a store" test -n "$URL"
post_putin() {
  python3 -c "
import json, sys, urllib.request
q = {'queries': {'a': {'schema': 'Person', 'properties': {'name': ['Vladimir Putin']}}}}
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + '/match/default', data=json.dumps(q).encode(), headers={'Content-Type': 'application/json'}))
" "$URL"
}
post_putin
check "no store yet: nothing created" test ! -e "$LATE/.embargo/embargo.db"
"$EMBARGO" -q --data "$LATE" users add ann --role analyst >/dev/null
check "users add created the default store" test -e "$LATE/.embargo/embargo.db"
sleep 1.2
post_putin
kill -TERM "$PID"
wait "$PID"
check "the request after the store appeared is recorded, the one before is not" \
  test "$(sql "$LATE/.embargo/embargo.db" "select count(*) from screenings where kind = 'match'")" -eq 1
finish
