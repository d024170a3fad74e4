#!/usr/bin/env bash
# embargo lists / show / export on the real lists and on the bundled sample.
source "$(dirname "$0")/lib.sh"

"$EMBARGO" lists --data "$DATA/ofac/current" >"$TMP/lists.txt" 2>"$TMP/lists.err"
check "lists exits 0" test $? -eq 0
check "lists shows 14965 SDN entities" grep -qE "^us_ofac_sdn .* 14965 " "$TMP/lists.txt"
check "lists shows the non-SDN lists" contains "$TMP/lists.txt" "us_ofac_cons"

"$EMBARGO" lists --json --data "$DATA/ofac/current" >"$TMP/lists.json" 2>/dev/null
check "lists --json is JSON with the SDN count" python3 -c "
import json,sys
d=json.load(open('$TMP/lists.json'))
sdn=[x for x in d['datasets'] if x['name']=='us_ofac_sdn'][0]
assert sdn['entities']==14965, sdn
assert d['schemata']['us_ofac_sdn']['Person']>5000
"

"$EMBARGO" show ofac-35096 --json --data "$DATA/ofac/current" >"$TMP/putin.json" 2>/dev/null
check "show --json exits 0" test $? -eq 0
check "show --json is Putin in FtM" python3 -c "
import json
e=json.load(open('$TMP/putin.json'))
p=e['properties']
assert e['id']=='ofac-35096' and e['schema']=='Person', e
assert 'PUTIN, Vladimir Vladimirovich' in p['name'], p
assert '1952-10-07' in p['birthDate'], p
assert any('Leningrad' in x for x in p['birthPlace']), p
assert 'ru' in p['nationality'], p
assert 'PUTIN, Vladimir' in p['alias'], p
"
"$EMBARGO" show ofac-35096 --data "$DATA/ofac/current" >"$TMP/putin.txt" 2>/dev/null
check "show prints the program" contains "$TMP/putin.txt" "RUSSIA-EO14024"

"$EMBARGO" show ofac-0 --data "$DATA/ofac/current" >/dev/null 2>&1
check "show of an unknown id exits 3" test $? -eq 3
"$EMBARGO" lists --no-such-flag >/dev/null 2>&1
check "bad flag exits 2" test $? -eq 2
"$EMBARGO" lists --data "$TMP/nowhere" >/dev/null 2>&1
check "missing data folder exits 3" test $? -eq 3

# No --data, no update folder: the bundled sample, said plainly.
"$EMBARGO" lists >"$TMP/sample.txt" 2>"$TMP/sample.err"
check "sample run exits 0" test $? -eq 0
check "sample run says SAMPLE" contains "$TMP/sample.err" "SAMPLE"
check "sample has Putin" sh -c "'$EMBARGO' -q show ofac-35096 | grep -q 'PUTIN'"

"$EMBARGO" -q export --format ftm --data "$DATA/ofac/current" -o "$TMP/all.ftm.json"
check "export writes one line per entity" python3 -c "
import json
n=0
for line in open('$TMP/all.ftm.json'):
    json.loads(line); n+=1
assert n>14965, n
"
# The export loads back as an OpenSanctions file with the same entity count.
mkdir -p "$TMP/re" && cp "$TMP/all.ftm.json" "$TMP/re/entities.ftm.json"
"$EMBARGO" lists --json --data "$TMP/re" >"$TMP/re.json" 2>/dev/null
check "export re-imports with the same count" python3 -c "
import json
a=json.load(open('$TMP/lists.json'))['entities']; b=json.load(open('$TMP/re.json'))['entities']
assert a==b,(a,b)
"
finish
