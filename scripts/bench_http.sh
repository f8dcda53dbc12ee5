#!/usr/bin/env bash
# The HTTP read API under load: wrk with 256 connections against
# GET /api/v1/cases/{ref} and GET /api/v1/queue on the demo deployment,
# beside nginx serving a static file of the same size in the same run.
# Then decisions over HTTP per second (bench/bench_http).
# Usage: scripts/bench_http.sh [BUILD_DIR]   (PATIENTS, SECONDS_PER_RUN to change;
# BENCH_DB=FILE serves a copy of that deployment instead of a new demo)
set -euo pipefail

build=${1:-build}
bench=$build/bench/bench_http
patients=${PATIENTS:-16500}
seconds=${SECONDS_PER_RUN:-10}
work=$(mktemp -d)
BENCH_PREFIX=http
# shellcheck source=scripts/bench_lib.sh
source "$(dirname "$0")/bench_lib.sh"
trap 'bench_cleanup; rm -rf "$work"' EXIT
bench_need wrk nginx curl

bench_start_server "$bench" --serve "$patients"
port=$(bench_kv port)
token=$(bench_kv token)
ref=$(bench_kv ref)
auth="Authorization: Bearer $token"
curl_() { curl -s --noproxy '*' "$@"; }

case_bytes=$(curl_ -H "$auth" "http://127.0.0.1:$port/api/v1/cases/$ref" | wc -c)
queue_bytes=$(curl_ -H "$auth" "http://127.0.0.1:$port/api/v1/queue" | wc -c)
bench_start_nginx $((port + 1)) case.json "$case_bytes"

echo "http: wrk -t2 -c256 -d${seconds}s; case response $case_bytes bytes, queue page $queue_bytes bytes"
bench_wrk "baseline: nginx static file ($case_bytes bytes)" "http://127.0.0.1:$bench_nginx_port/case.json"
bench_wrk "GET /api/v1/cases/{ref} (read logged)" "http://127.0.0.1:$port/api/v1/cases/$ref" -H "$auth"
bench_wrk "GET /api/v1/queue (who, 50 a page)" "http://127.0.0.1:$port/api/v1/queue" -H "$auth"
reads=$(curl_ -H "$auth" "http://127.0.0.1:$port/metrics" | awk '/^corridor_read_log_commands_total/ {c=$2} /^corridor_read_log_batches_total/ {b=$2} END {if (b) printf "%.1f reads a commit (%d commits)", c/b, b}')
echo "http: the read log's group commit during the runs: $reads"
# The server's peak resident memory (with BENCH_DB, no demo was built in it).
echo "http: server peak RSS (VmHWM): $(awk '/^VmHWM/ {printf "%.0f MiB", $2 / 1024}' /proc/$bench_server_pid/status)"

bench_cleanup
bench_stop_server

# Decisions over HTTP, beside the same decisions in-process (on the demo).
[ -n "${BENCH_DB:-}" ] && exit 0
"$bench" "$patients" 2>/dev/null
