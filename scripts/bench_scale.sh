#!/usr/bin/env bash
# Issue 18's targets on the population-scale deployment, each beside its
# baseline from the same run (bench/README.md). The deployment is
# `corridor demo --patients 755000` (about 2.1 million cases: a backlog
# registered by the fast import, six weeks of signed decisions on the
# recent referrals, crossing days, a read log), built once into
# $BENCH_CACHE_DIR keyed by patients, seed and the binary's schema version,
# and copied before each run writes to it.
# Usage: scripts/bench_scale.sh [BUILD_DIR]
#   BENCH_SCALE_PATIENTS (755000), BENCH_SCALE_SEED (1), BENCH_CACHE_DIR
#   (~/.cache/corridor-bench), SECONDS_PER_RUN (10), BENCH_STATS_RUNS (20),
#   BENCH_MANIFESTS (5), BENCH_IMPORT=0 to skip the import figure.
set -euo pipefail
# In braces: bash reads the whole script before it runs (it runs for minutes).
{
build=${1:-build}
corridor=$(realpath "$build/corridor")
bench=$(realpath "$build/bench/bench_scale")
src=$(cd "$(dirname "$0")/.." && pwd)
patients=${BENCH_SCALE_PATIENTS:-755000}
seed=${BENCH_SCALE_SEED:-1}
cache=${BENCH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/corridor-bench}
runs=${BENCH_STATS_RUNS:-20}
seconds=${SECONDS_PER_RUN:-10}
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-scale-XXXXXX")
BENCH_PREFIX=scale
# The server times the manifests before it answers: on 2.1 M cases, minutes.
BENCH_SERVER_WAIT=${BENCH_SERVER_WAIT:-1800}
# shellcheck source=scripts/bench_lib.sh
source "$(dirname "$0")/bench_lib.sh"
trap 'bench_cleanup; [ -n "$bench_server_pid" ] && kill "$bench_server_pid" 2>/dev/null; rm -rf "$work"' EXIT
bench_need wrk nginx curl sqlite3

now() { date +%s.%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", 1000 * (b - a) }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", NR ? v[int((NR + 1) / 2)] : 0 }'; }
peak_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }

# --- the deployment: built once, cached --------------------------------------
"$corridor" init --db "$work/v.db" >/dev/null 2>&1
schema=$(sqlite3 "$work/v.db" "PRAGMA user_version")
rm -f "$work"/v.db*
dep=$cache/demo-p$patients-s$seed-v$schema
if [ ! -f "$dep/ready" ]; then
  echo "scale: building the deployment (corridor demo --patients $patients --seed $seed) into $dep ..."
  rm -rf "$dep.partial"
  mkdir -p "$dep.partial"
  t0=$(now)
  /usr/bin/time -f "%M" -o "$dep.partial/demo.rss" \
    "$corridor" demo --db "$dep.partial/demo.db" --patients "$patients" --seed "$seed" \
    >"$dep.partial/demo.out" 2>"$dep.partial/demo.err"
  t1=$(now)
  ms "$t0" "$t1" >"$dep.partial/build.ms"
  touch "$dep.partial/ready"
  rm -rf "$dep"
  mv "$dep.partial" "$dep"
  echo "scale: built in $(($(cat "$dep/build.ms") / 1000)) s (peak RSS $(($(cat "$dep/demo.rss") / 1024)) MiB)"
else
  echo "scale: the cached deployment $dep (built in $(($(cat "$dep/build.ms") / 1000)) s; peak RSS $(($(cat "$dep/demo.rss") / 1024)) MiB)"
fi
grep '^demo:' "$dep/demo.err" | grep -v 'try:' | sed 's/^demo:/scale: demo:/'
# This run's copy: the cached one is never written.
cp --reflink=auto "$dep"/demo.db* "$work/"
db=$work/demo.db
echo "scale: $(sqlite3 "$db" "SELECT count(*) FROM cases") cases, $(sqlite3 "$db" "SELECT count(*) FROM decisions") decisions, $(sqlite3 "$db" "SELECT count(*) FROM read_log") read-log rows; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# --- import of the 2.1 M rows, beside sqlite3 .import ---------------------------
if [ "${BENCH_IMPORT:-1}" != 0 ]; then
  "$corridor" demo-data --patients "$patients" --seed "$seed" --today 2026-12-01 --out "$work/rows.csv" 2>/dev/null
  rows=$(($(wc -l <"$work/rows.csv") - 1))
  "$corridor" init --db "$work/i.db" >/dev/null
  vkey=$("$corridor" keygen --party pa --officer bench --out "$work/pa.key" 2>/dev/null)
  "$corridor" officer add --db "$work/i.db" --party pa --name bench --key "$vkey" >/dev/null
  t0=$(now)
  /usr/bin/time -f "%M" -o "$work/import.rss" \
    "$corridor" import --db "$work/i.db" "$work/rows.csv" --key "$work/pa.key" >/dev/null
  t1=$(now)
  t2=$(now)
  sqlite3 "$work/s.db" -cmd "PRAGMA journal_mode=WAL" -cmd "PRAGMA synchronous=FULL" \
    ".mode csv" ".import $work/rows.csv t" >/dev/null
  t3=$(now)
  echo "scale: import: corridor import $rows rows: $(ms "$t0" "$t1") ms, peak RSS $(($(cat "$work/import.rss") / 1024)) MiB; baseline sqlite3 .import (WAL, synchronous=FULL): $(ms "$t2" "$t3") ms"
  rm -f "$work"/i.db* "$work"/s.db* "$work/rows.csv"
fi

# --- dashboard stats: the command, beside sqlite3's GROUP BY ------------------
for _ in 1 2 3 4 5; do
  t0=$(now)
  sqlite3 "$db" "SELECT state, count(*) FROM cases GROUP BY state" >/dev/null
  t1=$(now)
  ms "$t0" "$t1" >>"$work/sqlite.ms"
  echo >>"$work/sqlite.ms"
  t0=$(now)
  "$corridor" stats --db "$db" --json >/dev/null
  t1=$(now)
  ms "$t0" "$t1" >>"$work/stats.ms"
  echo >>"$work/stats.ms"
done
base_ms=$(median <"$work/sqlite.ms")
echo "scale: stats: corridor stats --db DB --json (process): median of 5 $(median <"$work/stats.ms") ms; baseline sqlite3 GROUP BY state (process): $base_ms ms; target < 100 ms"

# --- the server: the deployment served, manifests timed ----------------------
bench_start_server "$bench" --db "$db" --manifests "${BENCH_MANIFESTS:-5}"
port=$(bench_kv port)
token=$(bench_kv token)
pid=$(bench_kv pid)
grep '^manifest:' "$work/serve.out" | sed 's/^/scale: /' || echo "scale: manifest: not timed: $(tail -1 "$work/serve.err")"
auth="Authorization: Bearer $token"
api=http://127.0.0.1:$port/api/v1
curl_() { curl -s --noproxy '*' "$@"; }

for _ in $(seq 1 "$runs"); do
  curl_ -o /dev/null -w '%{time_total}\n' -H "$auth" "$api/stats" | awk '{printf "%.1f\n", 1000 * $1}' >>"$work/api_stats.ms"
done
echo "scale: stats: GET /api/v1/stats median of $runs: $(median <"$work/api_stats.ms") ms; baseline sqlite3 GROUP BY state (process): $base_ms ms; target < 100 ms"

# --- wrk beside nginx ------------------------------------------------------------
# Many refs: every 100th case (reads), every 100th medical case (inquiries).
sqlite3 "$db" "SELECT ref FROM cases WHERE id % 100 = 7" >"$work/refs.txt"
sqlite3 "$db" "SELECT json_object('ref', ref, 'date_of_birth', date_of_birth) FROM cases WHERE id % 100 = 7" >"$work/found.txt"
case_bytes=$(curl_ -H "$auth" "$api/cases/$(sed -n 2p "$work/refs.txt")" | wc -c)
queue_bytes=$(curl_ -H "$auth" "$api/queue" | wc -c)
answer_bytes=$(curl_ -H 'Content-Type: application/json' -d "$(sed -n 2p "$work/found.txt")" "$api/public/inquiry" | wc -c)
today=$(date -u +%F)
gate_status=$(curl_ -o "$work/gate.json" -w '%{http_code}' -H "$auth" "$api/gate/$today/travellers")
gate_bytes=$(wc -c <"$work/gate.json")
bench_start_nginx $((port + 1)) case.json "$case_bytes" queue.json "$queue_bytes" \
  answer.json "$answer_bytes" gate.json "$gate_bytes"
nginx=http://127.0.0.1:$bench_nginx_port
echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true # VmHWM from here: the wrk runs
rss_before=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")

# versus NAME: the last wrk run beside the baseline run before it.
versus() {
  awk -v n="$1" -v r="$wrk_rps" -v b="$base_rps" -v p="$wrk_p99" -v q="$base_p99" 'BEGIN {
    rr = b ? r / b : 0; pr = q ? p / q : 0
    printf "scale: %s: %.2fx nginx req/s (target >= 0.5x: %s), p99 %.2fx nginx (target <= 2x: %s)\n",
      n, rr, (rr >= 0.5 ? "met" : "NOT met"), pr, (pr <= 2 ? "met" : "NOT met") }'
}
baseline() {
  bench_wrk "baseline: nginx static file ($2 bytes)" "$nginx/$1"
  base_rps=$wrk_rps
  base_p99=$wrk_p99
}

echo "scale: wrk -t2 -c256 -d${seconds}s; $(wc -l <"$work/refs.txt") refs"
baseline case.json "$case_bytes"
REFS=$work/refs.txt REFS_PREFIX=/api/v1/cases/ \
  bench_wrk "GET /api/v1/cases/{ref} (many refs, read logged)" "http://127.0.0.1:$port" -H "$auth" -s "$src/bench/refs.lua"
versus "case read"
baseline queue.json "$queue_bytes"
bench_wrk "GET /api/v1/queue (who, 50 a page)" "$api/queue" -H "$auth"
versus "queue page"
baseline answer.json "$answer_bytes"
INQUIRY_BODIES=$work/found.txt \
  bench_wrk "POST /api/v1/public/inquiry (matches)" "http://127.0.0.1:$port" -s "$src/bench/inquiry.lua"
versus "public inquiry"
if [ "$gate_status" = 404 ]; then
  echo "scale: gate: GET /api/v1/gate/{date}/travellers answers 404 (not built in this binary): skipped"
else
  for _ in $(seq 1 "$runs"); do
    curl_ -o /dev/null -w '%{time_total}\n' -H "$auth" "$api/gate/$today/travellers" | awk '{printf "%.1f\n", 1000 * $1}' >>"$work/gate.ms"
  done
  echo "scale: gate: GET /api/v1/gate/$today/travellers ($gate_status, $gate_bytes bytes) median of $runs: $(median <"$work/gate.ms") ms; target <= 50 ms"
  baseline gate.json "$gate_bytes"
  bench_wrk "GET /api/v1/gate/{date}/travellers" "$api/gate/$today/travellers" -H "$auth"
  versus "gate day list"
fi
echo "scale: memory: the server's peak RSS across the wrk runs (VmHWM): $(($(peak_kb "$pid") / 1024)) MiB (RSS $((rss_before / 1024)) MiB before them); target < 1024 MiB"

bench_cleanup
bench_stop_server
exit
}
