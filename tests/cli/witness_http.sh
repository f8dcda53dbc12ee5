# Witnesses over HTTP (C2SP tlog-witness): two `corridor witness serve`
# processes on loopback ports, and `corridor serve` pushing each new
# checkpoint to them over real sockets. One witness is killed with -9 while
# the log grows and restarted on the same state file; the run ends with the
# latest checkpoint cosigned by both (quorum 2), as GET
# /api/v1/log/checkpoint and `corridor verify --db` show.
source "$2/lib.sh"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
curl_() { curl --noproxy '*' -s --max-time 5 "$@"; }

# listening FILE: the URL a server printed, waiting up to 10 s for it.
listening() {
  local url=
  for _ in $(seq 100); do
    url=$(sed -n 's/^listening on //p' "$1")
    [ -n "$url" ] && break
    sleep 0.1
  done
  echo "$url"
}

# A deployment whose checkpoints are witnessed once two parties cosign.
sed 's/^witness_quorum = 3$/witness_quorum = 2/' "$TESTS/../config/rafah.toml" >quorum2.toml
grep -qx 'witness_quorum = 2' quorum2.toml || fail "quorum2.toml: no quorum of 2"
run 0 init --db t.db --config quorum2.toml
LOG_VKEY=$(grep -o 'corridor\.rafah/log+[0-9a-f]\{8\}+[A-Za-z0-9+/=]*' "$WORK/out" "$WORK/err" | head -n 1 | cut -d: -f2)
[ -n "$LOG_VKEY" ] || { fail "init printed no log verifier key"; finish; }
for party in who egypt; do
  run 0 keygen --party $party --officer witness --out $party.w.key --witness
  run 0 officer add --db t.db --party $party --name witness --key "$(cat "$WORK/out")"
done

# start_witness PARTY LISTEN: runs PARTY's witness; sets W_PID and W_URL.
start_witness() {
  : >"$1.serve.out"
  "$CORRIDOR" witness serve --state "$1.state" --key "$1.w.key" --log "$LOG_VKEY" \
    --listen "$2" >"$1.serve.out" 2>>"$1.serve.err" &
  W_PID=$!
  PIDS+=("$W_PID")
  W_URL=$(listening "$1.serve.out")
  [ -n "$W_URL" ] || { fail "the $1 witness did not start"; cat "$1.serve.err"; finish; }
}

# --- flags a witness refuses -------------------------------------------------------
run 64 witness serve --state x.state --key who.w.key
has err "--log is required"
run 0 keygen --party who --officer dr.x --out dr.x.key
run 64 witness serve --state x.state --key dr.x.key --log "$LOG_VKEY" --listen 127.0.0.1:0
has err "is not a witness key"

start_witness who 127.0.0.1:0
WHO_PID=$W_PID WHO_URL=$W_URL
start_witness egypt 127.0.0.1:0
EGYPT_PID=$W_PID EGYPT_URL=$W_URL EGYPT_LISTEN=${W_URL#http://}

# A witness state that follows another log is refused at start.
printf 'log %s\n' "$(cat "$(key pa other.log).vkey")" >other.state
run 69 witness serve --state other.state --key who.w.key --log "$LOG_VKEY" --listen 127.0.0.1:0
has err "other.state: this witness follows the log key pa/other.log+"

# --- the protocol over the socket ----------------------------------------------------
checks=$((checks + 1))
[ "$(curl_ -o /dev/null -w '%{http_code}' "$WHO_URL/add-checkpoint")" = 405 ] ||
  fail "GET /add-checkpoint is not 405"
"$CORRIDOR" log request --db t.db --old 0 >req0 || fail "log request --old 0"
checks=$((checks + 1))
[ "$(curl_ -o body -w '%{http_code}' --data-binary @req0 "$WHO_URL/add-checkpoint")" = 200 ] ||
  fail "add-checkpoint from 0 is not 200: $(cat body)"
grep -qE '^— who/witness [A-Za-z0-9+/]+=*$' body || fail "the 200 body is not a cosignature line"
# The same request again: the witness now holds that size.
SIZE=$(sed -n 4p req0)
checks=$((checks + 1))
[ "$(curl_ -D headers -o body -w '%{http_code}' --data-binary @req0 "$WHO_URL/add-checkpoint")" = 409 ] ||
  fail "a repeated old size 0 is not 409"
# Byte for byte: the size and one LF (command substitution would drop it).
same "$(od -An -c body | tr -s ' ')" "$(printf '%s\n' "$SIZE" | od -An -c | tr -s ' ')" "the 409 body"
checks=$((checks + 1))
grep -qi '^content-type: text/x.tlog.size' headers || fail "409 without Content-Type text/x.tlog.size"

# --- corridor serve pushes each new checkpoint to both -----------------------------
"$CORRIDOR" serve --db t.db --listen 127.0.0.1:0 --witness "$WHO_URL" --witness "$EGYPT_URL" \
  >serve.out 2>serve.err &
SERVER=$!
PIDS+=("$SERVER")
URL=$(listening serve.out)
[ -n "$URL" ] || { fail "serve did not start"; cat serve.err; finish; }

# cosigned_by_both: the latest checkpoint the server serves carries both
# witnesses' cosignatures (and is the size the database holds).
cosigned_by_both() {
  curl_ -f "$URL/api/v1/log/checkpoint" >cp.txt || return 1
  [ "$(sed -n 2p cp.txt)" = "$(sqlite3 t.db 'SELECT max(size) FROM checkpoints')" ] &&
    grep -q '^— who/witness ' cp.txt && grep -q '^— egypt/witness ' cp.txt
}
wait_for_both() {
  for _ in $(seq 150); do
    cosigned_by_both && return 0
    sleep 0.2
  done
  return 1
}

checks=$((checks + 1))
wait_for_both || { fail "the first checkpoint was not cosigned by both"; cat cp.txt serve.err; }

# The log grows while one witness is killed with -9 mid-run.
grow() {
  local i
  for i in "$@"; do
    "$CORRIDOR" officer add --db t.db --party pa --name "gate.$i" \
      --key "$(cat "$(key pa "gate.$i").vkey")" >/dev/null 2>>grow.err || fail "officer add pa/gate.$i"
  done
}
grow 1 2
kill -9 "$EGYPT_PID"
wait "$EGYPT_PID" 2>/dev/null
grow 3 4 5
sleep 1
checks=$((checks + 1))
cosigned_by_both && fail "cosigned by egypt while its witness was down"
checks=$((checks + 1))
grep -q 'msg=witness_push_failed' serve.err || fail "serve logged no failed push while egypt was down"

# Restarted on the same state and port: the state file is whole, and the
# server catches it up (a 409 if it cosigned a size the server did not hear of).
head -n 1 egypt.state | grep -q "^log $LOG_VKEY\$" || fail "egypt.state is not whole after kill -9"
start_witness egypt "$EGYPT_LISTEN"
grow 6
checks=$((checks + 1))
wait_for_both || { fail "not cosigned by both after the restart"; cat cp.txt; tail -20 serve.err; }
checks=$((checks + 1))
[ "$(sed -n 3p egypt.state)" = "$(sqlite3 t.db 'SELECT max(size) FROM checkpoints')" ] ||
  fail "egypt.state does not hold the latest size"

kill -TERM "$SERVER"
wait "$SERVER" 2>/dev/null
checks=$((checks + 1))
grep -q 'msg=stopped' serve.err || fail "serve did not stop cleanly"

# --- the quorum is met -----------------------------------------------------------------
run 0 verify --db t.db
has out "latest checkpoint cosigned by 2 of 5 witnesses (quorum 2): witnessed"
lacks out "NOT witnessed"
run 0 log checkpoint --db t.db
SIZE=$(sed -n 2p "$WORK/out")
same "$(sqlite3 t.db "SELECT count(*) FROM cosignatures WHERE size = $SIZE")" 2 "cosignatures of the latest checkpoint"

# Both witnesses stop on SIGTERM.
kill -TERM "$WHO_PID" "$W_PID"
wait "$WHO_PID" "$W_PID" 2>/dev/null
checks=$((checks + 1))
kill -0 "$WHO_PID" 2>/dev/null && fail "the who witness did not stop"
finish
