# Helpers for the end-to-end CLI tests: each test script gets the embargo binary as $1.
set -u
EMBARGO="$1"
DATA="${EMBARGO_TEST_DATA:?EMBARGO_TEST_DATA must point at the real lists}"
FAILS=0
PASSES=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# Keep the user's own update folder out of the tests.
export XDG_DATA_HOME="$TMP/xdg"
unset EMBARGO_DATA EMBARGO_DB

check() {  # check NAME CONDITION-COMMAND...
  local name="$1"
  shift
  if "$@"; then
    PASSES=$((PASSES + 1))
  else
    echo "FAIL: $name" >&2
    FAILS=$((FAILS + 1))
  fi
}

contains() { grep -qF -- "$2" "$1"; }

# start_serve NAME DATA [SERVE ARGS...]: starts `embargo serve` on a free port in the
# background (output in $TMP/NAME.out and .err), waits up to 60 s for it to listen, and
# sets PID and URL (URL empty if it never did).
start_serve() {
  local name=$1 data=$2
  shift 2
  "$EMBARGO" --data "$data" -q serve --port 0 "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
  PID=$!
  for _ in $(seq 600); do
    grep -q "listening on" "$TMP/$name.out" 2>/dev/null && break
    sleep 0.1
  done
  URL=$(sed -n 's/^embargo serve: listening on //p' "$TMP/$name.out")
}

finish() {
  echo "$PASSES passed, $FAILS failed"
  [ "$FAILS" -eq 0 ]
}
