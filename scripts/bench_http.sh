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
nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  exec 3>&- 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "bench_http.sh: $tool is missing (scripts/install-deps.sh)"; exit 1; }
done

# The server, in the background; its stdin is our fd 3, so closing 3 stops it.
mkfifo "$work/in"
"$bench" --serve "$patients" <"$work/in" >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
exec 3>"$work/in"
for _ in $(seq 1 600); do
  grep -q '^port=' "$work/serve.out" 2>/dev/null && break
  sleep 0.5
done
read -r port_kv token_kv ref_kv <"$work/serve.out"
port=${port_kv#port=}
token=${token_kv#token=}
ref=${ref_kv#ref=}
auth="Authorization: Bearer $token"
curl_() { curl -s --noproxy '*' "$@"; }

case_bytes=$(curl_ -H "$auth" "http://127.0.0.1:$port/api/v1/cases/$ref" | wc -c)
queue_bytes=$(curl_ -H "$auth" "http://127.0.0.1:$port/api/v1/queue" | wc -c)

# nginx: a static file of the case response's size, 2 workers, no logging.
mkdir -p "$work/www" "$work/nginx"
head -c "$case_bytes" /dev/zero | tr '\0' 'x' >"$work/www/case.json"
chmod 755 "$work" "$work/www"  # nginx's workers run as nobody
chmod 644 "$work/www/case.json"
nginx_port=$((port + 1))
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
  }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
nginx_pid=$!
sleep 1

# run NAME URL [HEADER]: one wrk run; prints requests/s and p99.
run() {
  local name=$1 url=$2 out
  if [ $# -gt 2 ]; then
    out=$(wrk -t2 -c256 -d"${seconds}s" --latency -H "$3" "$url")
  else
    out=$(wrk -t2 -c256 -d"${seconds}s" --latency "$url")
  fi
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
  printf 'http: %-44s %10s req/s  p99 %8s  %s\n' "$name" "$rps" "$p99" "$errors"
}

echo "http: wrk -t2 -c256 -d${seconds}s; case response $case_bytes bytes, queue page $queue_bytes bytes"
run "baseline: nginx static file ($case_bytes bytes)" "http://127.0.0.1:$nginx_port/case.json"
run "GET /api/v1/cases/{ref} (read logged)" "http://127.0.0.1:$port/api/v1/cases/$ref" "$auth"
run "GET /api/v1/queue (who, 50 a page)" "http://127.0.0.1:$port/api/v1/queue" "$auth"
reads=$(curl_ -H "$auth" "http://127.0.0.1:$port/metrics" | awk '/^corridor_read_log_commands_total/ {c=$2} /^corridor_read_log_batches_total/ {b=$2} END {if (b) printf "%.1f reads a commit (%d commits)", c/b, b}')
echo "http: the read log's group commit during the runs: $reads"
# The server's peak resident memory (with BENCH_DB, no demo was built in it).
echo "http: server peak RSS (VmHWM): $(awk '/^VmHWM/ {printf "%.0f MiB", $2 / 1024}' /proc/$serve_pid/status)"

kill "$nginx_pid" 2>/dev/null || true
nginx_pid=""
exec 3>&-
wait

# Decisions over HTTP, beside the same decisions in-process (on the demo).
[ -n "${BENCH_DB:-}" ] && exit 0
"$bench" "$patients" 2>/dev/null
