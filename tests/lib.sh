# Shared helpers for the CLI integration tests (tests/cli/*.sh).
# Each test is run as: bash tests/cli/NAME.sh CORRIDOR_BINARY TESTS_DIR
set -uo pipefail

CORRIDOR=$1
TESTS=$2
DATA=$TESTS/data
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
failures=0
checks=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run EXPECTED_STATUS ARGS...: runs corridor, keeps stdout in $WORK/out and
# stderr in $WORK/err, and checks the exit status.
run() {
  local want=$1
  shift
  checks=$((checks + 1))
  "$CORRIDOR" "$@" >"$WORK/out" 2>"$WORK/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    fail "corridor $* exited $got, expected $want"
    sed 's/^/  stdout: /' "$WORK/out" | head -20
    sed 's/^/  stderr: /' "$WORK/err" | head -20
  fi
}

# has FILE TEXT: FILE (out or err) contains TEXT.
has() {
  checks=$((checks + 1))
  grep -qF -- "$2" "$WORK/$1" || { fail "$1 lacks: $2"; sed 's/^/  | /' "$WORK/$1" | head -30; }
}

# line FILE TEXT: FILE has a line that is exactly TEXT.
line() {
  checks=$((checks + 1))
  grep -qxF -- "$2" "$WORK/$1" || { fail "$1 lacks the line: $2"; sed 's/^/  | /' "$WORK/$1" | head -40; }
}

# lacks FILE TEXT: FILE does not contain TEXT.
lacks() {
  checks=$((checks + 1))
  if grep -qF -- "$2" "$WORK/$1"; then fail "$1 should not contain: $2"; fi
}

# same A B: two values are equal.
same() {
  checks=$((checks + 1))
  [ "$1" == "$2" ] || fail "${3:-values differ}: '$1' != '$2'"
}

# count_cases DB: number of cases in the store.
count_cases() { sqlite3 "$1" 'SELECT count(*) FROM cases'; }

# key PARTY OFFICER: the path of that officer's private key file, made by
# keygen on first use (its verifier key is beside it, in FILE.vkey).
key() {
  local f="$WORK/keys/$1.$2.key"
  if [ ! -e "$f" ]; then
    mkdir -p "$WORK/keys"
    "$CORRIDOR" keygen --party "$1" --officer "$2" --out "$f" >"$f.vkey" 2>/dev/null ||
      fail "keygen $1/$2"
  fi
  echo "$f"
}

# enrol DB PARTY OFFICER [PARTY OFFICER]...: registers officers' keys in DB.
enrol() {
  local db=$1 k
  shift
  while [ $# -gt 1 ]; do
    k=$(key "$1" "$2")
    "$CORRIDOR" officer add --db "$db" --party "$1" --name "$2" --key "$(cat "$k.vkey")" \
      >/dev/null || fail "officer add $1/$2"
    shift 2
  done
}

# setup DB: a new deployment database with the tests' officers enrolled.
setup() {
  run 0 init --db "$1"
  enrol "$1" who dr.rana egypt cairo.1 cogat desk.7 pa gate.1 pa gate.2
}

finish() {
  echo "$checks checks, $failures failed"
  [ "$failures" -eq 0 ]
  exit $?
}
