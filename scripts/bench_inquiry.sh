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
nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  exec 3>&- 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "bench_inquiry.sh: $tool is missing (scripts/install-deps.sh)"; exit 1; }
done

mkfifo "$work/in"
TMPDIR=$work "$bench" "$patients" <"$work/in" >"$work/serve.out" 2>"$work/serve.err" &
exec 3>"$work/in"
for _ in $(seq 1 600); do
  grep -q '^port=' "$work/serve.out" 2>/dev/null && break
  sleep 0.5
done
read -r port_kv dir_kv bytes_kv cases_kv <"$work/serve.out"
port=${port_kv#port=}
dir=${dir_kv#dir=}
bytes=${bytes_kv#bytes=}
cases=${cases_kv#cases=}

# nginx: a static file of a matching answer's size, 2 workers, no logging.
mkdir -p "$work/www" "$work/nginx"
head -c "$bytes" /dev/zero | tr '\0' 'x' >"$work/www/answer.json"
chmod 755 "$work" "$work/www"
chmod 644 "$work/www/answer.json"
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

# run NAME URL [BODIES]: one wrk run; prints requests/s, p50, p99 and any non-2xx.
run() {
  local name=$1 url=$2 out
  if [ $# -gt 2 ]; then
    out=$(INQUIRY_BODIES=$3 wrk -t2 -c256 -d"${seconds}s" --latency -s "$src/bench/inquiry.lua" "$url")
  else
    out=$(wrk -t2 -c256 -d"${seconds}s" --latency "$url")
  fi
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
  printf 'inquiry: %-46s %10s req/s  p50 %8s  p99 %8s  %s\n' "$name" "$rps" "$p50" "$p99" "$errors"
}

echo "inquiry: wrk -t2 -c256 -d${seconds}s; $cases refs; a matching answer is $bytes bytes"
run "baseline: nginx static file ($bytes bytes)" "http://127.0.0.1:$nginx_port/answer.json"
run "POST inquiry, matches (read logged)" "http://127.0.0.1:$port" "$dir/found.txt"
run "POST inquiry, wrong date of birth" "http://127.0.0.1:$port" "$dir/wrong.txt"
run "POST inquiry, unknown ref" "http://127.0.0.1:$port" "$dir/unknown.txt"

kill "$nginx_pid" 2>/dev/null || true
nginx_pid=""
exec 3>&-
wait
