#!/usr/bin/env bash
# embargo monitor / alerts / users / audit: alerts for a listed customer and none for a
# placebo, four eyes and exit codes, audit verify against raw SQL edits and deletions,
# replay, a delta run over the designations of 2022-02-26, and crash injection: commands
# SIGKILLed at random moments leave a database that opens, verifies, and keeps every
# committed decision.
source "$(dirname "$0")/lib.sh"
set -m  # background jobs in their own process groups, so a kill reaches their children
DB="$TMP/m.db"
CUR="$DATA/ofac/current"
sql() { python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchall(); c.commit(); print('\n'.join('|'.join(map(str,x)) for x in r))" "$@"; }

printf 'id,name,schema,birth_date,country,id_number\nputin,Vladimir Putin,Person,1952-10-07,ru,\nsmith,John Smith Example,Person,1980-01-01,gb,\n' >"$TMP/c.csv"
"$EMBARGO" -q --data "$CUR" monitor add "$TMP/c.csv" --db "$DB" >"$TMP/add.txt" 2>&1
check "monitor add with an alert exits 10" test $? -eq 10
check "monitor add reports the import" contains "$TMP/add.txt" "2 customers added"
"$EMBARGO" alerts --json --db "$DB" >"$TMP/alerts.jsonl"
check "Putin alerts (ofac-35096), John Smith Example does not" python3 -c "
import json
a=[json.loads(l) for l in open('$TMP/alerts.jsonl')]
assert {x['customer'] for x in a}=={'putin'}, a
assert 'ofac-35096' in {x['entity'] for x in a}, a
assert all(x['status']=='open' and x['score']>=0.7 and x['list_version'] for x in a), a
"
PUTIN=$(python3 -c "
import json
print([x['id'] for x in map(json.loads, open('$TMP/alerts.jsonl')) if x['entity']=='ofac-35096'][0])")
"$EMBARGO" -q --data "$CUR" monitor run --db "$DB" >"$TMP/run.txt" 2>&1
check "monitor run: nothing new, exit 0" test $? -eq 0
check "monitor run counts the open alert" contains "$TMP/run.txt" "1 already open"
"$EMBARGO" monitor customers --db "$DB" >"$TMP/cust.txt"
check "monitor customers lists both" test "$(grep -c screened "$TMP/cust.txt")" -eq 2

# Four eyes.
"$EMBARGO" users add ann --role analyst --db "$DB" >/dev/null
"$EMBARGO" users add sue --role supervisor --db "$DB" >/dev/null
"$EMBARGO" users add sam --role supervisor --db "$DB" >/dev/null
"$EMBARGO" users add eve --role boss --db "$DB" >/dev/null 2>&1
check "unknown role is a usage error" test $? -eq 2
"$EMBARGO" alerts decide "$PUTIN" --decision true_match --user sue --comment "dob and country" \
  --db "$DB" >/dev/null
check "decide exits 0" test $? -eq 0
"$EMBARGO" alerts approve "$PUTIN" --user sue --db "$DB" >/dev/null 2>"$TMP/self.err"
check "self-approval refused (exit 2)" test $? -eq 2
check "self-approval message" contains "$TMP/self.err" "four eyes"
"$EMBARGO" alerts approve "$PUTIN" --user ann --db "$DB" >/dev/null 2>"$TMP/analyst.err"
check "analyst approval refused" test $? -eq 2
check "analyst approval message" contains "$TMP/analyst.err" "only a supervisor"
"$EMBARGO" alerts approve "$PUTIN" --user sam --db "$DB" >/dev/null
check "supervisor approval works" test $? -eq 0
"$EMBARGO" alerts decide "$PUTIN" --decision false_positive --user ann --comment x --db "$DB" \
  >/dev/null 2>"$TMP/again.err"
check "deciding a decided alert is refused" contains "$TMP/again.err" "already decided"
"$EMBARGO" alerts decide 99999 --decision escalate --user ann --comment x --db "$DB" 2>/dev/null
check "unknown alert exits 3" test $? -eq 3
"$EMBARGO" alerts --status decided --db "$DB" >"$TMP/decided.txt"
check "alerts shows the approval" contains "$TMP/decided.txt" "approved by sam"

# Audit: intact, then edited, then a row deleted.
"$EMBARGO" audit verify --db "$DB" >"$TMP/verify.txt"
check "audit verify passes" test $? -eq 0
"$EMBARGO" -q --data "$CUR" audit replay 1 --db "$DB" >"$TMP/replay.txt"
check "replay of screening 1 gives the same result" test $? -eq 0
check "replay says so" contains "$TMP/replay.txt" "1 of 1 recorded results reproduced: same result"
cp "$DB" "$TMP/edit.db"
sql "$TMP/edit.db" "UPDATE audit SET actor='nobody' WHERE action='alert.approve'" >/dev/null
"$EMBARGO" audit verify --db "$TMP/edit.db" >"$TMP/edit.txt"
check "edited row: exit 1" test $? -eq 1
SEQ=$(sql "$TMP/edit.db" "SELECT seq FROM audit WHERE action='alert.approve'")
check "edited row: named" contains "$TMP/edit.txt" "BROKEN at entry $SEQ"
cp "$DB" "$TMP/del.db"
sql "$TMP/del.db" "DELETE FROM audit WHERE seq=3" >/dev/null
"$EMBARGO" audit verify --db "$TMP/del.db" >"$TMP/del.txt"
check "deleted row: exit 1" test $? -eq 1
check "deleted row: named" contains "$TMP/del.txt" "entry 3 missing (deleted)"

# Delta: customers screened against 2022-02-23, then only the 103 entities added or changed
# by 2022-02-26.
mkdir -p "$TMP/feb23" "$TMP/feb26"
cp "$DATA/ofac/history/sdn-2022-02-23.csv" "$TMP/feb23/sdn.csv"
cp "$DATA/ofac/history/sdn-2022-02-26.csv" "$TMP/feb26/sdn.csv"
D2="$TMP/d.db"
printf 'id,name,schema,birth_date,country,id_number\nputin,Vladimir Putin,Person,,,\nlavrov,Sergei Lavrov,Person,,,\nsmith,John Smith Example,Person,,,\n' >"$TMP/d.csv"
"$EMBARGO" -q --data "$TMP/feb23" monitor add "$TMP/d.csv" --db "$D2" >/dev/null
check "nobody listed on 2022-02-23: exit 0" test $? -eq 0
"$EMBARGO" -q --data "$TMP/feb26" monitor run --delta --json --db "$D2" >"$TMP/delta.json"
check "delta run with alerts exits 10" test $? -eq 10
check "delta: 103 entities, Putin and Lavrov alerted" python3 -c "
import json
d=json.load(open('$TMP/delta.json'))
assert d['kind']=='delta' and d['entities']==103 and d['customers']==3, d
" 
"$EMBARGO" alerts --json --db "$D2" >"$TMP/delta-alerts.jsonl"
check "delta alerts: putin/ofac-35096 and lavrov/ofac-35233" python3 -c "
import json
p={(x['customer'],x['entity']) for x in map(json.loads, open('$TMP/delta-alerts.jsonl'))}
assert ('putin','ofac-35096') in p and ('lavrov','ofac-35233') in p and not any(c=='smith' for c,_ in p), p
"

# Customers as JSON lines in yente's /match shape; a bad line is reported, the rest kept.
printf '%s\n' '{"id":"lav2","schema":"Person","properties":{"name":["Sergey Lavrov"],"birthDate":["1950-03-21"]}}' \
  '{"id":"bad","schema":"Starship","properties":{"name":["X"]}}' >"$TMP/j.jsonl"
"$EMBARGO" -q --data "$TMP/feb26" monitor add "$TMP/j.jsonl" --db "$D2" >"$TMP/j.txt" 2>"$TMP/j.err"
check "JSON lines with a bad line: exit 1" test $? -eq 1
check "JSON lines: the bad line named" contains "$TMP/j.err" "line 2"
"$EMBARGO" alerts --status open --json --db "$D2" >"$TMP/j-alerts.jsonl"
check "JSON lines customer alerted" python3 -c "
import json
assert ('lav2','ofac-35233') in {(x['customer'],x['entity']) for x in map(json.loads, open('$TMP/j-alerts.jsonl'))}
"

# Crash injection: SIGKILL imports and decisions at random moments.
"$EMBARGO" -q --data "$TMP/feb23" export --format ftm -o "$TMP/feb23.ftm.json"
C="$TMP/crash.db"
python3 "$EMBARGO_SOURCE_DIR/scripts/gen_customers.py" --lists "$TMP/feb23.ftm.json" \
  --count 3000 --listed 0.3 --seed 7 >"$TMP/crash.csv"
"$EMBARGO" -q --data "$TMP/feb23" monitor add "$TMP/crash.csv" --db "$C" >/dev/null
"$EMBARGO" users add ann --role analyst --db "$C" >/dev/null
sql "$C" "SELECT id FROM alerts WHERE status='open' ORDER BY id" >"$TMP/open.txt"
check "crash set-up: hundreds of open alerts" test "$(wc -l <"$TMP/open.txt")" -gt 300
# Two changed versions of the file: other id numbers, birth months moved.
sed "s/-0\([1-9]\)-/-1\1-/; s/,ID/,X/" "$TMP/crash.csv" >"$TMP/crash1.csv"
sed "s/,ID/,Y/" "$TMP/crash.csv" >"$TMP/crash3.csv"
: >"$TMP/ok.txt"
# One decision committed before any kill: it must survive all of them.
FIRST=$(head -1 "$TMP/open.txt")
"$EMBARGO" alerts decide "$FIRST" --decision escalate --user ann --comment first --db "$C" \
  >/dev/null && echo "$FIRST" >>"$TMP/ok.txt"
BROKEN=0
for i in $(seq 1 20); do
  if [ $((i % 2)) -eq 1 ]; then
    # Alternating between two versions of the file, so every import changes customers.
    "$EMBARGO" -q --data "$TMP/feb23" monitor add "$TMP/crash$((i % 4)).csv" --db "$C" \
      >/dev/null 2>&1 &
  else
    ( while read -r id; do
        "$EMBARGO" alerts decide "$id" --decision false_positive --user ann --comment "c$i" \
          --db "$C" >/dev/null 2>&1 && echo "$id" >>"$TMP/ok.txt"
      done <"$TMP/open.txt" ) &
  fi
  pid=$!
  # An import runs ~0.8 s (loading, screening, writing); a decision ~30 ms (more under ASan).
  sleep "0.$(printf '%03d' $((RANDOM % (i % 2 ? 800 : 400) + 20)))"
  kill -KILL -- -"$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  "$EMBARGO" audit verify --db "$C" >"$TMP/crash-verify.txt" 2>&1 || BROKEN=$((BROKEN + 1))
  # Drop the alerts decided so far from the queue.
  sql "$C" "SELECT id FROM alerts WHERE status='open' ORDER BY id" >"$TMP/open.txt"
done
check "after 20 kills the audit chain verifies every time" test "$BROKEN" -eq 0
sql "$C" "SELECT alert_id FROM decisions" | sort -n >"$TMP/decided-ids.txt"
check "the decision committed before the kills is there" grep -qx "$FIRST" "$TMP/decided-ids.txt"
echo "$(($(wc -l <"$TMP/ok.txt") - 1)) decisions completed between kills"
check "no committed decision lost" python3 -c "
ok={l.strip() for l in open('$TMP/ok.txt') if l.strip()}
got={l.strip() for l in open('$TMP/decided-ids.txt') if l.strip()}
assert ok <= got, sorted(ok-got)
"
check "every decision has its audit entry and no more" test \
  "$(sql "$C" "SELECT count(*) FROM decisions")" -eq \
  "$(sql "$C" "SELECT count(*) FROM audit WHERE action='alert.decide'")"
check "every screening has its audit entry" test \
  "$(sql "$C" "SELECT count(*) FROM screenings")" -eq \
  "$(sql "$C" "SELECT count(*) FROM audit WHERE action='screening.run'")"
check "database integrity" test "$(sql "$C" "PRAGMA integrity_check")" = ok
"$EMBARGO" -q --data "$TMP/feb23" monitor run --db "$C" >/dev/null 2>&1
check "monitor run after the kills works" test $? -le 10

finish
