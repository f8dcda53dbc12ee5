# Officers' commands over --server: a running `corridor serve` instead of a
# database file. Sign-in by the key's officer's account, two-step signed
# changes (the key stays here), the parties' views, the exit codes of the
# API's problems, and a server that stops cleanly with everything in its
# database and no personal data in its log.
source "$2/lib.sh"

P=WHO-2025-0102   # exit/medical: referral (who), then acceptance (egypt) || security (cogat)
PASSWORD='correct horse battery staple'

setup t.db
for officer in "who dr.rana" "egypt cairo.1" "cogat desk.7" "pa gate.1"; do
  set -- $officer
  run 0 account add --db t.db --name "$2" --role officer --party "$1" <<<"$PASSWORD"
done
# An account whose name is a key's officer in another party.
run 0 account add --db t.db --name desk.7x --role officer --party egypt <<<"$PASSWORD"

# --- the web UI's files: a directory that is not there stops serve at once --------
run 66 serve --db t.db --listen 127.0.0.1:0 --static no-such-dir
has err "--static no-such-dir: no such directory"
mkdir -p web/app
printf '<!doctype html><title>Corridor</title>\n' >web/index.html
printf 'export {};\n' >web/app/main.js

# --- the server: any free port, stopped at exit ---------------------------------
"$CORRIDOR" serve --db t.db --listen 127.0.0.1:0 --static web >serve.out 2>serve.err &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
URL=
for _ in $(seq 100); do
  URL=$(sed -n 's/^listening on //p' serve.out)
  [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "$URL" ] || { fail "serve printed no 'listening on' line"; cat serve.err; finish; }
for _ in $(seq 50); do
  curl --noproxy '*' -fs "$URL/healthz" >/dev/null && break
  sleep 0.1
done
checks=$((checks + 1))
curl --noproxy '*' -fs "$URL/healthz" | grep -qF '"ok"' || fail "$URL/healthz is not ok"

# The web UI beside the API, with its security headers.
checks=$((checks + 1))
curl --noproxy '*' -fs "$URL/" | grep -qF '<title>Corridor</title>' || fail "$URL/ is not index.html"
checks=$((checks + 1))
curl --noproxy '*' -fsI "$URL/app/main.js" | grep -qi "^content-security-policy: default-src 'self'" ||
  fail "$URL/app/main.js has no Content-Security-Policy"

export CORRIDOR_PASSWORD=$PASSWORD
S=(--server "$URL")

# --- exactly one of --db and --server ---------------------------------------------
run 64 cases --key "$(key who dr.rana)"
has err "give --db DB (the database) or --server URL"
run 64 cases --db t.db "${S[@]}" --key "$(key who dr.rana)"
has err "give --db DB or --server URL, not both"
run 64 decide "${S[@]}" $P referral approve
has err "--key is required"
run 64 cases --server ftp://example.org --key "$(key who dr.rana)"
has err "bad server URL"
run 70 cases --server http://127.0.0.1:1 --key "$(key who dr.rana)"
has err "cannot reach 127.0.0.1:1"

# --- import: the crossings authority registers every traveller --------------------
run 65 import "${S[@]}" "$DATA/bad_sex.csv" --key "$(key pa gate.1)"
has err "3 error(s) in the file; nothing was imported"
has err "  row 2, sex: must be M or F (got male)"
run 0 import "${S[@]}" "$DATA/good.csv" --key "$(key pa gate.1)" --dry-run
has out '"committed": false'
same "$(count_cases t.db)" 0 "cases after a dry run"
run 0 import "${S[@]}" "$DATA/good.csv" --key "$(key pa gate.1)"
has out '"committed": true'
has out '"file": "good.csv"'
same "$(count_cases t.db)" 12 "cases after the import"

# --- reading: each party sees what the config lets it see --------------------------
run 0 cases "${S[@]}" --key "$(key cogat desk.7)"
has out '"total": 12'
has out "\"ref\": \"$P\""
run 0 cases "${S[@]}" --key "$(key who dr.rana)" --direction entry
has out '"total": 3'
lacks out "$P"
run 64 cases "${S[@]}" --key "$(key who dr.rana)" --state nowhere
has err "--state: unknown state 'nowhere'"
run 0 case "${S[@]}" $P --key "$(key cogat desk.7)"
has out "\"ref\": \"$P\""
has out '"withheld": ['
has out '    "diagnosis",'
lacks out "cardiology"
lacks out '"diagnosis": '
lacks out '"urgency": '
lacks out '"phone": '
run 0 case "${S[@]}" $P --key "$(key who dr.rana)"
has out '"diagnosis": "cardiology"'
has out '"urgency": "critical"'
run 66 case "${S[@]}" WHO-2025-9999 --key "$(key who dr.rana)"

# --- decisions: drafted there, signed here ------------------------------------------
run 0 decide "${S[@]}" $P referral approve --key "$(key who dr.rana)" --note "seen the file"
line out "$P: referral approve signed by who/dr.rana; case is in-review"
run 69 decide "${S[@]}" $P acceptance approve --key "$(key cogat desk.7)"
has err "stage-party: stage acceptance is decided by egypt, not cogat"
run 0 queue "${S[@]}" --key "$(key cogat desk.7)" --stage security
has out "\"ref\": \"$P\""
has out '"party": "cogat"'
run 0 decide "${S[@]}" $P security approve --key "$(key cogat desk.7)"
line out "$P: security approve signed by cogat/desk.7; case is in-review"
run 0 amend "${S[@]}" $P phone="+970 59 000 0000" --key "$(key pa gate.1)"
has out '"fields": ['
has out '"phone"'
# cogat amends nothing (config [[amend]]): refused as over --db, 403 -> 69.
run 69 amend "${S[@]}" $P phone="+970 59 000 0000" --key "$(key cogat desk.7)"
has err "amend-party: phone: party cogat may not amend this field"
run 0 stats "${S[@]}" --key "$(key who dr.rana)"
has out '"by_state"'
has out '"cases": 12'

# A statement already in the log, submitted again by its signer's account.
sqlite3 t.db "SELECT writefile('last.note', note) FROM log_entries WHERE CAST(note AS TEXT) LIKE '%kind decision%' ORDER BY idx DESC LIMIT 1" >/dev/null
run 69 submit "${S[@]}" last.note
has err "replayed"

# A proof from the server verifies with no store.
run 0 log proof "${S[@]}" --ref $P --key "$(key who dr.rana)" --out p.json
run 0 verify-proof p.json --allow-unwitnessed

# Crossing days: read and changed over the server too.
TODAY=$(TZ=Asia/Gaza date +%F)
run 0 crossing open "${S[@]}" --date "$TODAY" --reason "agreed reopening" --key "$(key egypt cairo.1)"
has out '"status": "pending"'
run 0 crossing list "${S[@]}" --key "$(key pa gate.1)"
has out '"reason": "agreed reopening"'
run 0 crossing open "${S[@]}" --date "$TODAY" --reason "agreed reopening" --key "$(key cogat desk.7)"
has out '"status": "open"'
run 0 manifest plan "${S[@]}" --date "$TODAY" --direction exit --key "$(key pa gate.1)"
has out '"travellers": ['
run 66 gate report "${S[@]}" --date "$TODAY" --key "$(key pa gate.1)"
has err "no report closes $TODAY yet"

# --- signing in ---------------------------------------------------------------------
CORRIDOR_PASSWORD=wrong run 69 cases "${S[@]}" --key "$(key who dr.rana)"
has err "sign-in as dr.rana (who) refused"
# The password on standard input when the environment has none.
unset CORRIDOR_PASSWORD
run 0 stats "${S[@]}" --key "$(key who dr.rana)" <<<"$PASSWORD"
run 64 stats "${S[@]}" --key "$(key who dr.rana)" </dev/null
has err "password of dr.rana (who): empty"
export CORRIDOR_PASSWORD=$PASSWORD
# An account of another party than the key's is refused.
run 0 keygen --party cogat --officer desk.7x --out desk7x.key
run 69 cases "${S[@]}" --key desk7x.key
has err "the account acts for party egypt, but the key is cogat's"
# A bearer token instead of a password; it must be the key's officer's.
TOKEN=$(curl --noproxy '*' -fs -H 'Content-Type: application/json' \
  -d "{\"name\":\"cairo.1\",\"password\":\"$PASSWORD\",\"bearer\":true}" "$URL/api/v1/session" |
  sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
checks=$((checks + 1))
[ -n "$TOKEN" ] || fail "no token from POST /api/v1/session"
CORRIDOR_TOKEN=$TOKEN CORRIDOR_PASSWORD= run 0 decide "${S[@]}" $P acceptance approve --key "$(key egypt cairo.1)"
line out "$P: acceptance approve signed by egypt/cairo.1; case is cleared"
CORRIDOR_TOKEN=$TOKEN run 69 case "${S[@]}" $P --key "$(key who dr.rana)"
has err "CORRIDOR_TOKEN is the session of cairo.1 (egypt)"

# --- the server stops cleanly; the database holds every change ----------------------
kill -TERM $SERVER
wait $SERVER
same "$?" 0 "serve's exit status after SIGTERM"
run 0 verify --db t.db --allow-unwitnessed
run 0 case --db t.db $P
has out "who/dr.rana"
has out "egypt/cairo.1"
has out "cleared"
# No personal data in the server's log: names, ID numbers, phones, diagnoses.
cp serve.err err
has err "route=/api/v1/cases/{ref}/decisions"
for secret in 900551268 403915820 Al-Najjar "Yousef Khaled" cardiology "+970 56 781 2290" "$P"; do
  lacks err "$secret"
done

finish
