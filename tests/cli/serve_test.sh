#!/usr/bin/env bash
# embargo serve over real sockets: port 0, yente endpoints, the web page, the access log,
# request bounds (body size, slow clients), list swaps under load (SIGHUP and a changed
# data folder) without a failed request, API keys, and a graceful SIGTERM.
source "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/data"
cp "$DATA/ofac/current/"*.csv "$TMP/data/"
printf 'k-test-0123456789abcdef\n' >"$TMP/keys"

start() { start_serve "$1" "$TMP/data" "${@:2}"; }  # start NAME ARGS...: sets PID and URL

start main --access-log "$TMP/access.log" --request-timeout 2 --max-body-mb 1 --reload-interval 1
check "prints the listening URL" test -n "$URL"

# DATA/.embargo holds the store and the version history, written by every recorded /match:
# no list change, so no reload (the watcher polls every second here).
mkdir -p "$TMP/data/.embargo"
echo x >"$TMP/data/.embargo/probe"
sleep 2.5
echo y >>"$TMP/data/.embargo/probe"
sleep 1.5
check "files under DATA/.embargo are no list change" \
  bash -c '! grep -q "lists changed" "$1"' _ "$TMP/main.err"

check "healthz" python3 - "$URL" <<'EOF'
import json, sys, urllib.request
u = sys.argv[1]
assert json.load(urllib.request.urlopen(u + "/healthz")) == {"status": "ok"}
r = json.load(urllib.request.urlopen(u + "/readyz"))
assert r["status"] == "ok", r
EOF

check "match, search, entity, 404 detail, web page" python3 - "$URL" <<'EOF'
import json, sys, urllib.request, urllib.error
u = sys.argv[1]
body = json.dumps({"queries": {"c1": {"schema": "Person", "properties": {"name": ["Sergei Lavrov"]}}}}).encode()
req = urllib.request.Request(u + "/match/default", data=body, headers={"Content-Type": "application/json"})
resp = urllib.request.urlopen(req)
assert resp.headers["x-batch-size"] == "1"
d = json.load(resp)
top = d["responses"]["c1"]["results"][0]
assert top["id"] == "ofac-35233" and top["caption"] == "LAVROV, Sergei Viktorovich" and top["match"], top
s = json.load(urllib.request.urlopen(u + "/search/default?q=Vladimir%20Putin"))
assert s["results"][0]["id"] == "ofac-35096", s["results"][:1]
try:
    urllib.request.urlopen(u + "/entities/nope")
    assert False, "expected 404"
except urllib.error.HTTPError as e:
    assert e.code == 404 and json.load(e) == {"detail": "No such entity!"}
page = urllib.request.urlopen(u + "/")
assert page.headers["Content-Type"].startswith("text/html"), page.headers["Content-Type"]
m = urllib.request.urlopen(u + "/metrics").read().decode()
assert 'embargo_http_requests_total{endpoint="match",code="2xx"} 1' in m, m[:500]
EOF

check "oversized body gets 413" python3 - "$URL" <<'EOF'
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/scan", data=b"x" * (2 << 20),
                                                  headers={"Content-Type": "text/plain"}))
    assert False
except urllib.error.HTTPError as e:
    assert e.code == 413, e.code
except (ConnectionResetError, BrokenPipeError, urllib.error.URLError):
    pass  # closed while the client was still sending: also a refusal
EOF

check "a client that never finishes its request is cut off" python3 - "$URL" <<'EOF'
import socket, sys, time
host, port = sys.argv[1].split("//")[1].split(":")
s = socket.create_connection((host, int(port)))
s.sendall(b"POST /scan HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
s.settimeout(6)
start = time.time()
data = s.recv(100)
assert data == b"" and time.time() - start < 5, (data, time.time() - start)
EOF

# Swaps under load: SIGHUP twice and a changed data folder while clients query.
python3 - "$URL" >"$TMP/load.txt" <<'EOF' &
import json, sys, threading, time, urllib.request
u = sys.argv[1]
body = json.dumps({"queries": {"q": {"schema": "Person", "properties": {"name": ["Vladimir Putin"]}}}}).encode()
fails, count = [], [0]
def client():
    end = time.time() + 6
    while time.time() < end:
        try:
            r = urllib.request.urlopen(urllib.request.Request(u + "/match/default", data=body))
            d = json.load(r)
            if d["responses"]["q"]["results"][0]["id"] != "ofac-35096": fails.append("wrong top")
        except Exception as e:
            fails.append(repr(e))
        count[0] += 1
ts = [threading.Thread(target=client) for _ in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
print(count[0], "requests", len(fails), "failures", fails[:3])
EOF
LOAD=$!
sleep 1
kill -HUP "$PID"
sleep 1.5
kill -HUP "$PID"
sleep 1
touch "$TMP/data/sdn.csv"
wait $LOAD
# Reloads run one at a time; under sanitizers on a busy machine each can take many seconds.
for _ in $(seq 1200); do grep -q "lists changed" "$TMP/main.err" && break; sleep 0.1; done
check "no failed request across the list swaps" grep -q " 0 failures" "$TMP/load.txt"
check "SIGHUP swapped the lists" grep -q "lists reloaded" "$TMP/main.err"
check "a changed data folder swapped the lists" grep -q "lists changed, reloaded" "$TMP/main.err"
check "access log: one JSON line per request, no query strings" python3 - "$TMP/access.log" <<'EOF'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert len(lines) > 20, len(lines)
assert all({"ts", "remote", "method", "path", "status", "ms"} <= set(l) for l in lines)
assert not any("?" in l["path"] for l in lines)
assert any(l["status"] == 413 for l in lines)
EOF

kill -TERM "$PID"
wait "$PID"
check "SIGTERM: clean exit" test $? -eq 0
check "SIGTERM: says it stopped" contains "$TMP/main.err" "stopped"

# API keys; the alert queue of a store prepared with the CLI (users, monitored customers),
# decided and approved over HTTP; ?as_of= against imported SDN versions.
db="$TMP/store/embargo.db"
"$EMBARGO" --data "$TMP/data" -q users add ana --role analyst --db "$db" >/dev/null
"$EMBARGO" --data "$TMP/data" -q users add sue --role supervisor --db "$db" >/dev/null
printf 'id,name,schema,birth_date,country,id_number\nc1,Sergei Viktorovich Lavrov,Person,1950-03-21,,\nc2,Jane Quietly Nobody,Person,,,\n' \
  >"$TMP/customers.csv"
"$EMBARGO" --data "$TMP/data" -q monitor add "$TMP/customers.csv" --db "$db" >/dev/null
check "monitor add raised an alert (exit 10)" test $? -eq 10
for day in 2022-02-23 2022-02-26; do
  "$EMBARGO" --data "$TMP/data" -q history import --list ofac --date "$day" \
    "$DATA/ofac/history/sdn-$day.csv" >/dev/null
done
start keyed --api-key-file "$TMP/keys" --access-log off --db "$db"
check "API key required, probes open" python3 - "$URL" <<'EOF'
import sys, urllib.request, urllib.error
u = sys.argv[1]
urllib.request.urlopen(u + "/healthz")
for path in ("/catalog", "/alerts"):
    try:
        urllib.request.urlopen(u + path); assert False
    except urllib.error.HTTPError as e:
        assert e.code == 401
urllib.request.urlopen(urllib.request.Request(u + "/catalog", headers={"Authorization": "ApiKey k-test-0123456789abcdef"}))
EOF
check "alerts: queue, decision, four eyes, approval over HTTP" python3 - "$URL" <<'EOF'
import json, sys, urllib.request, urllib.error
u = sys.argv[1]
key = {"X-API-Key": "k-test-0123456789abcdef"}
def call(method, path, body=None, user=None):
    h = dict(key, **({"X-Embargo-User": user} if user else {}))
    data = None
    if body is not None:
        data = json.dumps(body).encode(); h["Content-Type"] = "application/json"
    try:
        r = urllib.request.urlopen(urllib.request.Request(u + path, data=data, headers=h, method=method))
        return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)
code, q = call("GET", "/alerts?status=open")
assert code == 200 and q["total"] >= 1, q
a = [x for x in q["alerts"] if x["customer"] == "c1"][0]
assert a["entity"] == "ofac-35233" and a["score"] >= 0.7 and a["list_version"], a
assert not [x for x in q["alerts"] if x["customer"] == "c2"], q
path = "/alerts/%d" % a["id"]
code, d = call("POST", path + "/decision", {"decision": "true_match", "comment": "same dob"}, "nobody")
assert code == 403, (code, d)
code, d = call("POST", path + "/decision", {"decision": "true_match", "comment": "same dob"}, "ana")
assert code == 200 and d["status"] == "pending_approval" and d["decided_by"] == "ana", d
code, d = call("POST", path + "/approve", {}, "ana")
assert code == 403 and "supervisor" in d["detail"], (code, d)
code, d = call("POST", path + "/approve", {"user": "sue"})
assert code == 200 and d["status"] == "decided" and d["approved_by"] == "sue", d
code, d = call("POST", path + "/approve", {}, "sue")
assert code == 409, (code, d)
EOF
check "the decisions are in the verified audit log" \
  "$EMBARGO" --data "$TMP/data" -q audit verify --db "$db"
check "match as of a day names its list versions" python3 - "$URL" <<'EOF'
import json, sys, urllib.request, urllib.error
u = sys.argv[1]
h = {"X-API-Key": "k-test-0123456789abcdef", "Content-Type": "application/json"}
body = json.dumps({"queries": {"q": {"schema": "Person", "properties": {"name": ["Vladimir Putin"]}}}}).encode()
def match(day):
    r = urllib.request.urlopen(urllib.request.Request(u + "/match/default?as_of=" + day, data=body, headers=h))
    return json.load(r)
before, after = match("2022-02-24"), match("2022-02-26")
top = lambda d: (d["responses"]["q"]["results"] or [{"id": ""}])[0]["id"]
assert top(before) != "ofac-35096" and top(after) == "ofac-35096", (top(before), top(after))
assert [l["version"] for l in before["lists"]] == ["2022-02-23"], before["lists"]
assert before["as_of"] == "2022-02-24"
try:
    urllib.request.urlopen(urllib.request.Request(u + "/match/default?as_of=1999-01-01", data=body, headers=h))
    assert False
except urllib.error.HTTPError as e:
    assert e.code == 404 and "oldest" in json.load(e)["detail"]
EOF
kill -TERM "$PID"
wait "$PID"

"$EMBARGO" --data "$TMP/data" -q serve --port 0 --api-key-file "$TMP/nokeys" >/dev/null 2>"$TMP/nokeys.err"
check "missing key file: usage error" test $? -eq 2
finish
