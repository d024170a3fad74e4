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

finish() {
  echo "$PASSES passed, $FAILS failed"
  [ "$FAILS" -eq 0 ]
}
