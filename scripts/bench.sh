#!/usr/bin/env bash
# Runs Corridor's benchmarks, each beside a baseline measured in the same
# run (see bench/README.md). Usage: scripts/bench.sh [BUILD_DIR]
set -euo pipefail

build=${1:-build}
corridor=$build/corridor
rows_target=${BENCH_ROWS:-200000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }

# --- import: 200,000 generated rows -------------------------------------------
# 72,000 patients with their companions and others make about 200,000 rows.
patients=$((rows_target * 36 / 100))
"$corridor" demo-data --patients "$patients" --seed 1 --today 2026-01-01 --out "$work/rows.csv" 2>/dev/null
rows=$(($(wc -l <"$work/rows.csv") - 1))

"$corridor" init --db "$work/c.db" >/dev/null
vkey=$("$corridor" keygen --party pa --officer bench --out "$work/pa.key" 2>/dev/null)
"$corridor" officer add --db "$work/c.db" --party pa --name bench --key "$vkey" >/dev/null
t0=$(now)
"$corridor" import --db "$work/c.db" "$work/rows.csv" --key "$work/pa.key" >/dev/null
t1=$(now)

# Baseline: sqlite3's own .import of the same file into a plain table, with
# the same durability settings (WAL, synchronous=FULL).
t2=$(now)
sqlite3 "$work/s.db" -cmd "PRAGMA journal_mode=WAL" -cmd "PRAGMA synchronous=FULL" \
  ".mode csv" ".import $work/rows.csv t" >/dev/null
t3=$(now)

echo "import: corridor import        $rows rows  $(rate "$rows" "$t0" "$t1") rows/s (validated, snapshot-hashed, signed, logged, indexed, one durable transaction)"
echo "import: sqlite3 .import        $rows rows  $(rate "$rows" "$t2" "$t3") rows/s (baseline: plain table, no checks)"

# --- decisions through the group-committing writer -----------------------------
if [ -x "$build/bench/bench_writer" ]; then
  TMPDIR=$work "$build/bench/bench_writer"
fi

# --- signed decisions, latency, and verification of the log -------------------
if [ -x "$build/bench/bench_ledger" ]; then
  TMPDIR=$work "$build/bench/bench_ledger"
fi

# --- verify --db with the projection check: the demo database and 1M entries ----
# `corridor verify --db` replays every entry into a scratch projection and
# compares every table; beside SHA-256 + Ed25519 of the same entries.
if [ -x "$build/bench/bench_verify" ]; then
  demo_patients=${BENCH_DEMO_PATIENTS:-16500}
  t0=$(now)
  "$corridor" demo --db "$work/demo.db" --patients "$demo_patients" --fresh >/dev/null
  t1=$(now)
  echo "verify --db: set-up: corridor demo --patients $demo_patients in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }') s"
  t0=$(now)
  "$corridor" verify --db "$work/demo.db" --allow-unwitnessed >/dev/null 2>&1
  t1=$(now)
  echo "verify --db: corridor verify --db demo.db (the command, start to end): $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
  TMPDIR=$work "$build/bench/bench_verify" "${BENCH_VERIFY_CASES:-250000}" "$work/demo.db"
fi

# --- the public figures over a 1,000,000-entry log ------------------------------
# `corridor figures --db` beside reading the same entries alone; figures DIR
# (verified first) beside verify_log alone.
if [ -x "$build/bench/bench_figures" ]; then
  TMPDIR=$work "$build/bench/bench_figures" "${BENCH_FIGURES_CASES:-240000}"
fi

# --- one day's manifest from 1,000,000 travel units ---------------------------
if [ -x "$build/bench/bench_manifest" ]; then
  "$build/bench/bench_manifest"
fi

# --- the capacity planner: 10,000 x 730 days of rafah.toml, beside patient by patient ---
if [ -x "$build/bench/bench_plan" ]; then
  "$build/bench/bench_plan"
fi

# --- check-in look-ups at the gate -----------------------------------------------
if [ -x "$build/bench/bench_gate" ]; then
  TMPDIR=$work "$build/bench/bench_gate"
fi

# --- the HTTP API under wrk beside nginx; decisions over HTTP -------------------
if [ -x "$build/bench/bench_http" ]; then
  TMPDIR=$work bash "$(dirname "$0")/bench_http.sh" "$build"
fi

# --- status for families: POST /api/v1/public/inquiry under wrk, beside nginx ---
if [ -x "$build/bench/bench_inquiry" ]; then
  TMPDIR=$work bash "$(dirname "$0")/bench_inquiry.sh" "$build"
fi

# --- duplicate finding (issue 19): precision/recall, the store pass, import -----
if [ -x "$build/bench/bench_dedup" ]; then
  TMPDIR=$work bash "$(dirname "$0")/bench_dedup.sh" "$build"
fi

# --- the capacity planner beside its SimPy reference model ----------------------
bash "$(dirname "$0")/../bench/plan_simpy.sh" "$build"

# --- population scale (issue 18): the cached ~2.1 M-case deployment -------------
# Minutes the first time (the deployment is built, then cached in
# BENCH_CACHE_DIR); BENCH_SCALE=0 skips it.
if [ "${BENCH_SCALE:-1}" != 0 ] && [ -x "$build/bench/bench_scale" ]; then
  TMPDIR=$work bash "$(dirname "$0")/bench_scale.sh" "$build"
fi
