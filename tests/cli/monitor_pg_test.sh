#!/usr/bin/env bash
# embargo monitor / alerts / users / audit against PostgreSQL (--db postgresql://...) on a
# throw-away server from Debian's packages (tests/store/pg_server.sh; fails when it cannot
# start one): alerts for a listed customer, four eyes, two analysts racing on one alert,
# EMBARGO_DB, a recorded match, audit verify before and after an edit made in SQL, replay, a missing database.
source "$(dirname "$0")/lib.sh"
PGS="$(cd "$(dirname "$0")/../store" && pwd)/pg_server.sh"
PGDIR=$(mktemp -d /tmp/embargo_pg_cli_XXXXXX)
trap 'bash "$PGS" stop "$PGDIR"; rm -rf "$TMP"' EXIT
ADMIN=$(bash "$PGS" start "$PGDIR" $$) || { echo "FAIL: no PostgreSQL server" >&2; exit 1; }
URL="${ADMIN/\/postgres\?//embargo?}"
psql -X -qtA "$ADMIN" -c "CREATE DATABASE embargo" >/dev/null
sql() { psql -X -qtA "$URL" -c "$1"; }
CUR="$DATA/ofac/current"

printf 'id,name,schema,birth_date,country,id_number\nputin,Vladimir Putin,Person,1952-10-07,ru,\nlavrov,Sergei Lavrov,Person,,,\nsmith,John Smith Example,Person,1980-01-01,gb,\n' >"$TMP/c.csv"
"$EMBARGO" -q --data "$CUR" monitor add "$TMP/c.csv" --db "$URL" >"$TMP/add.txt" 2>&1
check "monitor add with an alert exits 10" test $? -eq 10
check "monitor add reports the import" contains "$TMP/add.txt" "3 customers added"
check "the tables are in PostgreSQL" test "$(sql "SELECT count(*) FROM customers")" -eq 3
"$EMBARGO" alerts --json --db "$URL" >"$TMP/alerts.jsonl"
check "Putin (ofac-35096) and Lavrov (ofac-35233) alert, John Smith Example does not" python3 -c "
import json
a=[json.loads(l) for l in open('$TMP/alerts.jsonl')]
assert {x['customer'] for x in a}=={'putin', 'lavrov'}, a
assert {'ofac-35096', 'ofac-35233'} <= {x['entity'] for x in a}, a
assert all(x['status']=='open' and x['score']>=0.7 for x in a), a
"
PUTIN=$(python3 -c "
import json
print([x['id'] for x in map(json.loads, open('$TMP/alerts.jsonl')) if x['entity']=='ofac-35096'][0])")
LAVROV=$(python3 -c "
import json
print([x['id'] for x in map(json.loads, open('$TMP/alerts.jsonl')) if x['entity']=='ofac-35233'][0])")

for u in "ann analyst" "bob analyst" "sue supervisor" "sam supervisor"; do
  set -- $u
  "$EMBARGO" users add "$1" --role "$2" --db "$URL" >/dev/null
done
"$EMBARGO" alerts decide "$PUTIN" --decision true_match --user sue --comment "dob and country" \
  --db "$URL" >/dev/null
check "decide exits 0" test $? -eq 0
"$EMBARGO" alerts approve "$PUTIN" --user sue --db "$URL" >/dev/null 2>"$TMP/self.err"
check "self-approval refused (exit 2)" test $? -eq 2
check "self-approval message" contains "$TMP/self.err" "four eyes"
"$EMBARGO" alerts approve "$PUTIN" --user sam --db "$URL" >/dev/null
check "supervisor approval works" test $? -eq 0
"$EMBARGO" alerts decide "$PUTIN" --decision false_positive --user ann --comment x --db "$URL" \
  >/dev/null 2>"$TMP/again.err"
check "deciding a decided alert is refused" contains "$TMP/again.err" "already decided"
EMBARGO_DB="$URL" "$EMBARGO" alerts --status decided >"$TMP/decided.txt"
check "EMBARGO_DB chooses the store; the approval shows" contains "$TMP/decided.txt" "approved by sam"

# Two analysts decide the same alert at the same moment: exactly one wins.
for u in ann bob; do
  "$EMBARGO" alerts decide "$LAVROV" --decision false_positive --user "$u" --comment "race $u" \
    --db "$URL" >"$TMP/race-$u.out" 2>"$TMP/race-$u.err" &
done
wait
check "a race on one alert: one decision" \
  test "$(sql "SELECT count(*) FROM decisions WHERE alert_id = $LAVROV")" -eq 1
check "a race on one alert: the other is told" \
  test "$(cat "$TMP/race-ann.err" "$TMP/race-bob.err" | grep -c "already decided")" -eq 1

# An ad-hoc screening is recorded for the audit in PostgreSQL too, and replays.
"$EMBARGO" -q --data "$CUR" match "Vladimir Putin" --db "$URL" >/dev/null
check "match with an alert exits 10" test $? -eq 10
MATCH=$(sql "SELECT id FROM screenings WHERE kind = 'match'")
check "match recorded as a screening" test -n "$MATCH"
check "match on the audit chain" \
  test "$(sql "SELECT count(*) FROM audit WHERE action = 'screening.match'")" -eq 1
"$EMBARGO" -q --data "$CUR" audit replay "$MATCH" --db "$URL" >"$TMP/replay_match.txt"
check "the recorded match replays" contains "$TMP/replay_match.txt" "1 of 1 recorded results reproduced: same result"

"$EMBARGO" audit verify --db "$URL" >"$TMP/verify.txt"
check "audit verify passes" test $? -eq 0
check "audit verify says intact" contains "$TMP/verify.txt" "audit chain intact"
"$EMBARGO" -q --data "$CUR" audit replay 1 --db "$URL" >"$TMP/replay.txt"
check "replay of screening 1 gives the same result" test $? -eq 0
"$EMBARGO" -q --data "$CUR" monitor run --db "$URL" >"$TMP/run.txt" 2>&1
check "monitor run: nothing new, exit 0" test $? -eq 0
SEQ=$(sql "SELECT seq FROM audit WHERE action = 'alert.approve'")
sql "UPDATE audit SET actor = 'nobody' WHERE action = 'alert.approve'" >/dev/null
"$EMBARGO" audit verify --db "$URL" >"$TMP/edit.txt"
check "edited row: exit 1" test $? -eq 1
check "edited row: named" contains "$TMP/edit.txt" "BROKEN at entry $SEQ"

"$EMBARGO" alerts --db "${ADMIN/\/postgres\?//no_such_db?}" >/dev/null 2>"$TMP/missing.err"
check "a missing database: exit code of an I/O error" test $? -ne 0
check "a missing database: named, with what to do" contains "$TMP/missing.err" "createdb"

finish
