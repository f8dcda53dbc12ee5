# Every read that got an answer is in the read log, even after kill -9: a
# server answering case reads from many clients at once (each read with a
# reason of its own, ?why=) is killed with SIGKILL mid-load; reopened, the
# database holds a read-log row for every 200 a client received. A GET's
# answer waits for its read's batch of the read log's own writer to be
# durable (docs/api.md, "The read log").
source "$2/lib.sh"

PASSWORD='correct horse battery staple'
P=WHO-2025-0102

setup t.db
run 0 account add --db t.db --name dr.rana --role officer --party who <<<"$PASSWORD"
run 0 import --db t.db "$DATA/good.csv" --key "$(key pa gate.1)"

"$CORRIDOR" serve --db t.db --listen 127.0.0.1:0 --workers 4 >serve.out 2>serve.err &
SERVER=$!
trap 'kill -9 $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
URL=
for _ in $(seq 100); do
  URL=$(sed -n 's/^listening on //p' serve.out)
  [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "$URL" ] || { fail "serve printed no 'listening on' line"; cat serve.err; finish; }
TOKEN=$(curl --noproxy '*' -fs -H 'Content-Type: application/json' \
  -d "{\"name\":\"dr.rana\",\"password\":\"$PASSWORD\",\"bearer\":true}" "$URL/api/v1/session" |
  sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$TOKEN" ] || { fail "no token from POST /api/v1/session"; finish; }

# Eight clients read the case over and over, each read with its own reason;
# a client notes a reason only once its 200 has arrived, and stops at the
# first request that fails (the server is gone).
reader() {
  local i=0
  while :; do
    i=$((i + 1))
    code=$(curl --noproxy '*' -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
      "$URL/api/v1/cases/$P?why=crash-$1-$i") || break
    [ "$code" = 200 ] || break
    echo "crash-$1-$i" >>"answered.$1"
  done
}
for c in 1 2 3 4 5 6 7 8; do reader "$c" & done
sleep 4
kill -9 "$SERVER"
wait "$SERVER" 2>/dev/null
wait

cat answered.* | sort >answered
answered=$(wc -l <answered)
checks=$((checks + 1))
[ "$answered" -ge 10 ] || fail "only $answered reads were answered before the kill"

# Reopened: every answered read is in the read log.
sqlite3 t.db "SELECT reason FROM read_log WHERE ref = '$P' AND what = 'case'" | sort -u >logged
missing=$(comm -23 answered logged | wc -l)
same "$missing" 0 "answered reads missing from the read log after kill -9"
# And the database is whole: verify replays it.
run 0 verify --db t.db --allow-unwitnessed

finish
