# shellcheck shell=bash
# Shared set-up of the HTTP benchmarks (bench_http.sh, bench_inquiry.sh,
# bench_scale.sh), sourced, not run: a bench server in the background, nginx
# serving a static file beside it, and one wrk run printed as a line.
# The caller sets `work` (a scratch directory it removes) before sourcing,
# and BENCH_PREFIX (e.g. "http") for the printed lines.

bench_server_pid=""
bench_nginx_pid=""
bench_nginx_port=""

bench_cleanup() {
  [ -n "$bench_nginx_pid" ] && kill "$bench_nginx_pid" 2>/dev/null || true
  bench_nginx_pid=""
  exec 3>&- 2>/dev/null || true
}

# bench_need TOOL...: exits with a message naming the first missing tool.
bench_need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || {
      echo "$(basename "$0"): $tool is missing (scripts/install-deps.sh)"
      exit 1
    }
  done
}

# bench_start_server CMD...: starts a bench server whose standard input is
# our fd 3 (closing it stops the server), waits (up to `BENCH_SERVER_WAIT`
# seconds, default 300) for its first line "port=..." and leaves that line
# in $work/serve.out; the server's pid in bench_server_pid.
bench_start_server() {
  mkfifo "${work:?}/in"
  "$@" <"$work/in" >"$work/serve.out" 2>"$work/serve.err" &
  bench_server_pid=$!
  exec 3>"$work/in"
  local _
  for _ in $(seq 1 $((${BENCH_SERVER_WAIT:-300} * 2))); do
    grep -q '^port=' "$work/serve.out" 2>/dev/null && return 0
    kill -0 "$bench_server_pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "$(basename "$0"): the bench server did not start:" >&2
  cat "$work/serve.err" >&2
  exit 1
}

# bench_stop_server: closes its standard input and waits for it.
bench_stop_server() {
  exec 3>&- 2>/dev/null || true
  [ -n "$bench_server_pid" ] && wait "$bench_server_pid" 2>/dev/null || true
  bench_server_pid=""
}

# bench_kv KEY: the value of KEY=... in the server's "port=..." line.
bench_kv() {
  grep '^port=' "$work/serve.out" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print substr($0, length(k) + 2)}'
}

# bench_start_nginx PORT NAME BYTES...: nginx (2 workers, no logging) on
# 127.0.0.1:PORT serving, for each NAME BYTES pair, a file /NAME of BYTES
# bytes.
bench_start_nginx() {
  bench_nginx_port=$1
  shift
  mkdir -p "$work/www" "$work/nginx"
  while [ $# -ge 2 ]; do
    head -c "$2" /dev/zero | tr '\0' 'x' >"$work/www/$1"
    chmod 644 "$work/www/$1"
    shift 2
  done
  chmod 755 "$work" "$work/www" # nginx's workers run as nobody
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
    listen 127.0.0.1:$bench_nginx_port;
    root $work/www;
  }
}
CONF
  nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
  bench_nginx_pid=$!
  sleep 1
}

# bench_wrk NAME URL [WRK ARGS...]: one wrk -t2 -c256 run of
# SECONDS_PER_RUN (default 10) seconds; prints requests/s, p50, p99 and any
# errors, and leaves them in wrk_rps, wrk_p50, wrk_p99 (p99 in ms).
bench_wrk() {
  local name=$1 url=$2 out
  shift 2
  out=$(wrk -t2 -c256 -d"${SECONDS_PER_RUN:-10}s" --latency "$@" "$url")
  wrk_rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  wrk_p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  wrk_p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  local errors
  errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
  printf '%s: %-46s %10s req/s  p50 %8s  p99 %8s  %s\n' "${BENCH_PREFIX:-bench}" "$name" \
    "$wrk_rps" "$wrk_p50" "$wrk_p99" "$errors"
  wrk_p99=$(bench_ms "$wrk_p99")
}

# bench_ms 1.5ms|230us|2.01s: milliseconds.
bench_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.2f", n }'
}
