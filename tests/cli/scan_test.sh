#!/usr/bin/env bash
# embargo scan: the seed article against the current and the February 2022 SDN lists,
# JSON output, HTML input, exit codes.
source "$(dirname "$0")/lib.sh"
SEED="$DATA/../seed/000_6d63a166086b5010.txt"

"$EMBARGO" scan --json --data "$DATA/ofac/current" "$SEED" >"$TMP/cur.json" 2>/dev/null
check "scan with hits exits 10" test $? -eq 10
check "seed article: Putin and Lavrov, nothing else" python3 -c "
import json
d=json.load(open('$TMP/cur.json'))
ids={m['result']['id'] for m in d['mentions']}
assert ids=={'ofac-35096','ofac-35233'}, ids
texts={m['text'] for m in d['mentions'] if m['how']=='name'}
assert {'Sergei Lavrov','Vladimir Putin'} <= texts, texts
for m in d['mentions']:
    assert m['end']>m['start'] and m['result']['score']>=0.75, m
"

mkdir -p "$TMP/feb"
cp "$DATA/ofac/history/sdn-2022-02-23.csv" "$TMP/feb/sdn.csv"
"$EMBARGO" scan --data "$TMP/feb" "$SEED" >"$TMP/feb.txt" 2>/dev/null
check "seed article against 2022-02-23 exits 0" test $? -eq 0
check "seed article against 2022-02-23: no mention" contains "$TMP/feb.txt" ": 0 mentions"

printf '<html><body><p>Talks with Sergei&nbsp;<b>Lavrov</b>.</p><script>Putin</script></body></html>' >"$TMP/a.html"
"$EMBARGO" scan --json --data "$DATA/ofac/current" "$TMP/a.html" >"$TMP/html.json" 2>/dev/null
check "HTML: markup stripped, source offsets kept" python3 -c "
import json
d=json.load(open('$TMP/html.json'))
assert d['format']=='html', d
ms=d['mentions']
assert [m['result']['id'] for m in ms]==['ofac-35233'], ms
src=open('$TMP/a.html').read()
assert src[ms[0]['source_byte_start']:ms[0]['source_byte_end']]=='Sergei&nbsp;<b>Lavrov', ms[0]
"
"$EMBARGO" scan --data "$DATA/ofac/current" "$TMP/none.txt" >/dev/null 2>&1
check "missing file exits 3" test $? -eq 3
printf 'not a pdf' >"$TMP/bad.pdf"
"$EMBARGO" scan --data "$DATA/ofac/current" "$TMP/bad.pdf" >/dev/null 2>"$TMP/bad.err"
check "broken PDF exits 1 with a message" test $? -eq 1
check "broken PDF message names the file" contains "$TMP/bad.err" "bad.pdf"

# Payment messages: a folder of MT and ISO 20022 files; malformed ones are reported and
# the batch goes on.
"$EMBARGO" scan --payments --json --data "$DATA/ofac/current" \
  "$EMBARGO_SOURCE_DIR/tests/data/payments" >"$TMP/pay.jsonl" 2>/dev/null
check "payments with hits exit 10" test $? -eq 10
check "payments: hits with field paths, errors for malformed messages" python3 -c "
import json
lines=[json.loads(l) for l in open('$TMP/pay.jsonl')]
errors=[l for l in lines if 'error' in l]
msgs=[l for l in lines if 'hits' in l]
assert len(errors)>=5 and all(e['file'].split('/')[-1].startswith('n_') for e in errors), errors
hits={(h['kind'],h['path'],h.get('result',{}).get('id')) for m in msgs for h in m['hits']}
assert ('party','MT103/:50F:','ofac-35233') in hits, hits
assert ('bic','pacs.008/CdtTrfTxInf[2]/CdtrAgt','ofac-17018') in hits, hits
assert any(k=='jurisdiction' for k,_,_ in hits), hits
clear=[m for m in msgs if m['file'].endswith('y_pain001.xml')]
assert clear and not clear[0]['alert'], clear
# One malformed message in a file: reported with its number, the others still screened.
mixed=[(l['message'], 'error' in l) for l in lines if l['file'].endswith('n_batch_second_bad.fin')]
assert mixed==[(1, False), (2, True), (3, False)], mixed
"
finish
