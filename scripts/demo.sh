#!/usr/bin/env bash
# `make demo`: the demo deployment (the Rafah config, 16,500 waiting
# patients, six weeks of decisions and two weeks of crossing days), the
# capacity planner's current course calibrated from it, one demo login
# per party with a fresh random password, then each party's witness
# (`corridor witness serve`, on a free loopback port) and `corridor serve`
# with the web UI on it, pushing every new checkpoint to the five
# witnesses, until Ctrl-C.
#
#   scripts/demo.sh CORRIDOR DB PATIENTS
#   DEMO_LISTEN=127.0.0.1:8080  where to serve
#   DEMO_SERVE=0                stop after the database and the logins
set -euo pipefail
corridor=$1 db=$2 patients=$3
listen=${DEMO_LISTEN:-127.0.0.1:8080}
root="$(cd "$(dirname "$0")/.." && pwd)"

# The demo's five witnesses cosign its final checkpoint; their keys and
# state files stay in $db.witnesses for the witness servers below.
witnesses="$db.witnesses"
"$corridor" demo --db "$db" --patients "$patients" --fresh --witness-dir "$witnesses"

# The capacity planner on the demo: every parameter calibrated from its log
# (the scenario file, with each estimate's sample size and interval, beside
# the database), then 1,000 runs of two years: how long the backlog takes
# and how many die waiting on the current course (docs/planner.md).
"$corridor" plan calibrate --db "$db" --out "$db.plan.toml" 2>/dev/null
echo
echo "The current course, calibrated from the demo's log ($db.plan.toml):"
"$corridor" plan run "$db.plan.toml" --runs 1000 --days 730 |
  sed -n '1,/^Days waited/p' | sed '$d'

# The Rafah config's parties: four officers' parties and the monitor
# (eubam), plus an administrator who registers keys and accounts.
logins="$db.logins"
# Passwords: created owner-only, never readable by others even for a moment.
(umask 077 && : >"$logins")
chmod 600 "$logins"
add() {  # name role [party]
  local password
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 16)
  "$corridor" account add --db "$db" --name "$1" --role "$2" ${3:+--party "$3"} <<<"$password" >/dev/null
  printf '  %-15s %-8s %-7s %s\n' "$1" "$2" "${3:--}" "$password" >>"$logins"
}
for party in who egypt cogat pa; do add "$party-officer" officer "$party"; done
add eubam-monitor monitor eubam
add admin admin

url="http://$listen"
cat <<MSG

Demo logins (also in $logins; new passwords on every make demo):
  account         role     party   password
$(cat "$logins")

Open $url in a browser and sign in as any of them. An officer's browser
makes its own signing key (the "Signing key" page) and the private key
never leaves it. This demo server registers each account's first key by
itself (--self-enrol); in a real deployment the administrator does.
MSG

[ "${DEMO_SERVE:-1}" = 1 ] || exit 0

# Each party's witness, as it would run on that party's own machine.
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM
log_vkey=$(head -n 1 "$witnesses/who.state" | cut -d' ' -f2)
witness_flags=()
for party in who egypt cogat pa eubam; do
  out="$witnesses/$party.serve.out"
  "$corridor" witness serve --state "$witnesses/$party.state" --key "$witnesses/$party.witness.key" \
    --log "$log_vkey" --listen 127.0.0.1:0 >"$out" 2>"$witnesses/$party.serve.log" &
  pids+=($!)
  for _ in $(seq 50); do grep -q '^listening on ' "$out" && break; sleep 0.1; done
  witness_url=$(sed -n 's/^listening on //p' "$out")
  [ -n "$witness_url" ] || { echo "the $party witness did not start: $witnesses/$party.serve.log" >&2; exit 70; }
  witness_flags+=(--witness "$witness_url")
  echo "  the $party witness: $witness_url"
done

echo "Serving $url (Ctrl-C stops)."
# The web UI built into the binary (make demo built it from web/static).
"$corridor" serve --db "$db" --listen "$listen" --self-enrol \
  "${witness_flags[@]}" &
pids+=($!)
wait "${pids[-1]}"
