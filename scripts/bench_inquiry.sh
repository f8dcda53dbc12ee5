#!/usr/bin/env bash
# Status for families under load: wrk -t2 -c256 against POST
# /api/v1/public/inquiry on the demo deployment (bench/bench_inquiry),
# beside nginx serving a static file of a matching answer's size in the
# same run. Three runs over many refs (bench/bench_inquiry.cpp says why):
# matches, wrong dates of birth, unknown refs; the last two should be alike.
# Usage: scripts/bench_inquiry.sh [BUILD_DIR]   (PATIENTS, SECONDS_PER_RUN to change)
set -euo pipefail

build=${1:-build}
bench=$build/bench/bench_inquiry
src=$(cd "$(dirname "$0")/.." && pwd)
patients=${PATIENTS:-16500}
seconds=${SECONDS_PER_RUN:-10}
work=$(mktemp -d)
BENCH_PREFIX=inquiry
# shellcheck source=scripts/bench_lib.sh
source "$(dirname "$0")/bench_lib.sh"
trap 'bench_cleanup; rm -rf "$work"' EXIT
bench_need wrk nginx curl

TMPDIR=$work bench_start_server "$bench" "$patients"
port=$(bench_kv port)
dir=$(bench_kv dir)
bytes=$(bench_kv bytes)
cases=$(bench_kv cases)
bench_start_nginx $((port + 1)) answer.json "$bytes"

# inquire NAME BODIES: one wrk run of POST inquiries with the bodies of a file.
inquire() {
  INQUIRY_BODIES=$2 bench_wrk "$1" "http://127.0.0.1:$port" -s "$src/bench/inquiry.lua"
}

echo "inquiry: wrk -t2 -c256 -d${seconds}s; $cases refs; a matching answer is $bytes bytes"
bench_wrk "baseline: nginx static file ($bytes bytes)" "http://127.0.0.1:$bench_nginx_port/answer.json"
inquire "POST inquiry, matches (read logged)" "$dir/found.txt"
inquire "POST inquiry, wrong date of birth" "$dir/wrong.txt"
inquire "POST inquiry, unknown ref" "$dir/unknown.txt"

bench_cleanup
bench_stop_server
