#!/usr/bin/env bash
# embargo history / diff / --as-of on the real OFAC SDN files of four days.
source "$(dirname "$0")/lib.sh"

H="$DATA/ofac/history"
STORE="$TMP/store"
for day in 2021-08-18 2022-02-23 2022-02-26 2024-05-03; do
  "$EMBARGO" --data "$STORE" history import --list ofac --date "$day" "$H/sdn-$day.csv" \
    >>"$TMP/import.txt" 2>&1
  check "import $day exits 0" test $? -eq 0
done
check "import says the version" contains "$TMP/import.txt" "version 3 of ofac, effective 2022-02-26"

"$EMBARGO" --data "$STORE" history >"$TMP/history.txt"
check "history lists 4 versions" test "$(grep -c ' ofac ' "$TMP/history.txt")" -eq 4
"$EMBARGO" --data "$STORE" history --json >"$TMP/history.json"
check "history --json has ids, dates and counts" python3 -c "
import json
v=json.load(open('$TMP/history.json'))['versions']
assert [x['effective_date'] for x in v]==['2021-08-18','2022-02-23','2022-02-26','2024-05-03'], v
assert v[2]['id']==3 and v[2]['records']==9218 and len(v[2]['files'][0]['sha256'])==64, v[2]
"

# The weekend of 2022-02-24: 97 designations, Putin and Lavrov among them, none removed.
"$EMBARGO" --data "$STORE" diff --from 2022-02-23 --to 2022-02-26 --json >"$TMP/diff.json"
check "diff by days exits 0" test $? -eq 0
check "diff shows 97 additions, 0 removals, Putin and Lavrov" python3 -c "
import json
d=json.load(open('$TMP/diff.json'))
assert d['added']==97 and d['removed']==0, (d['added'], d['removed'])
ids={e['id'] for e in d['entities']['added']}
assert {'ofac-35096','ofac-35233'} <= ids, ids
assert len(d['entities']['added'])==97
"
"$EMBARGO" --data "$STORE" diff --list ofac --from 2 --to 3 --limit 0 >"$TMP/diff.txt"
check "diff by ids, text counts" contains "$TMP/diff.txt" "97 added, 0 removed"
check "diff text names Putin" grep -qE '^\+ ofac-35096 +PUTIN, Vladimir Vladimirovich \(Person' "$TMP/diff.txt"
check "diff text shows a changed field" grep -qE '^    program: \+ "RUSSIA-EO14024"' "$TMP/diff.txt"
"$EMBARGO" --data "$STORE" diff >"$TMP/diff-default.txt"
check "diff defaults to the two newest versions" contains "$TMP/diff-default.txt" \
  "ofac version 3 (2022-02-26) -> ofac version 4 (2024-05-03)"

# Two files, no store.
"$EMBARGO" diff "$H/sdn-2022-02-23.csv" "$H/sdn-2022-02-26.csv" >"$TMP/diff-files.txt" 2>&1
check "diff of two files" contains "$TMP/diff-files.txt" "97 added, 0 removed"

# Screening as of a day.
"$EMBARGO" --data "$STORE" --as-of 2022-02-24 match "Vladimir Putin" >"$TMP/m1.txt" 2>&1
check "as of 2022-02-24 Putin is not listed (exit 0)" test $? -eq 0
"$EMBARGO" --data "$STORE" --as-of 2022-02-27 match "Vladimir Putin" >"$TMP/m2.txt" 2>&1
check "as of 2022-02-27 Putin alerts (exit 10)" test $? -eq 10
check "the alert is ofac-35096" contains "$TMP/m2.txt" "ofac-35096"
"$EMBARGO" -q --data "$STORE" --as-of 2022-02-27 match --json "Vladimir Putin" >"$TMP/m2.json"
check "match --json names the list version used" python3 -c "
import json
d=json.load(open('$TMP/m2.json'))
assert d['lists']==[{'dataset':'us_ofac_sdn','version':'2022-02-26'}], d['lists']
assert d['results'][0]['id']=='ofac-35096'
"
printf 'id,name\nq1,Vladimir Putin\n' >"$TMP/q.csv"
"$EMBARGO" -q --data "$STORE" --as-of 2022-02-24 match --input "$TMP/q.csv" >"$TMP/batch.jsonl" 2>/dev/null
check "batch lines name the list version used" python3 -c "
import json
d=json.loads(open('$TMP/batch.jsonl').readline())
assert d['lists'][0]['version']=='2022-02-23', d
"
echo "On Thursday Russian President Vladimir Putin met the press in Moscow." >"$TMP/news.txt"
"$EMBARGO" --data "$STORE" --as-of 2022-02-27 scan "$TMP/news.txt" >"$TMP/scan.txt" 2>&1
check "scan as of 2022-02-27 finds Putin (exit 10)" test $? -eq 10
check "... as ofac-35096" contains "$TMP/scan.txt" "ofac-35096"
"$EMBARGO" --data "$STORE" --as-of 2022-02-24 scan "$TMP/news.txt" >/dev/null 2>&1
check "scan as of 2022-02-24 finds nobody (exit 0)" test $? -eq 0

"$EMBARGO" --data "$STORE" --as-of 2020-01-01 match "Vladimir Putin" >"$TMP/early.txt" 2>&1
check "a day before every version fails" test $? -ne 0 -a $? -ne 10
check "... with a clear message" contains "$TMP/early.txt" \
  "no list version on or before 2020-01-01: the oldest is ofac of 2021-08-18"
"$EMBARGO" --data "$STORE" --as-of 24.02.2022 match x >/dev/null 2>&1
check "a malformed --as-of is a usage error" test $? -eq 2

# A truncated file is rejected; the version in force does not change.
head -c 1000000 "$H/sdn-2024-05-03.csv" >"$TMP/sdn.csv"
"$EMBARGO" --data "$STORE" history import --list ofac --date 2024-06-01 "$TMP/sdn.csv" \
  >"$TMP/trunc.txt" 2>&1
check "truncated import fails" test $? -eq 1
check "... saying so" contains "$TMP/trunc.txt" "truncated"
"$EMBARGO" --data "$STORE" history --json >"$TMP/history2.json"
check "still 4 versions" python3 -c "
import json
assert len(json.load(open('$TMP/history2.json'))['versions'])==4
"
finish
