# The web UI built into corridor: `serve` without --static answers with the
# copy of web/static made at build time (every file, byte for byte, with its
# content type and ETag), says so in its log and its help, and --static DIR
# still overrides it.
source "$2/lib.sh"

STATIC=$(cd "$TESTS/../web/static" && pwd)

run 0 serve --help
has out "--static"
has out "instead of the copy of web/static built into corridor"
run 0 --help
has out "the web UI (built into corridor)"

run 0 init --db t.db

# start_server ARGS...: `corridor serve --db t.db ARGS` on a free port; sets
# SERVER and URL.
start_server() {
  "$CORRIDOR" serve --db t.db --listen 127.0.0.1:0 "$@" >serve.out 2>serve.err &
  SERVER=$!
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
}
stop_server() {
  kill -TERM "$SERVER"
  wait "$SERVER"
  same "$?" 0 "serve's exit status after SIGTERM"
  SERVER=
}
trap '[ -n "${SERVER:-}" ] && kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT

# get PATH: the body in got, the headers in headers.
get() { curl --noproxy '*' -fsS -D "$WORK/headers" -o "$WORK/got" "$URL$1"; }

# --- no --static: the embedded copy -----------------------------------------------
start_server
cp serve.err err
expected=$(cd "$STATIC" && find . -type f -not -path '*/.*' -not -path '*/node_modules/*' | wc -l)
has err "static=embedded static_files=$expected "

checks=$((checks + 1))
get / && cmp -s got "$STATIC/index.html" || fail "$URL/ is not web/static/index.html"
has headers "Content-Type: text/html; charset=utf-8"
checks=$((checks + 1))
get /js/app.js && cmp -s got "$STATIC/js/app.js" || fail "$URL/js/app.js is not web/static/js/app.js"
has headers "Content-Type: text/javascript; charset=utf-8"
has headers "Content-Security-Policy: default-src 'self'"
checks=$((checks + 1))
get /vendor/uPlot.esm.js && cmp -s got "$STATIC/vendor/uPlot.esm.js" ||
  fail "$URL/vendor/uPlot.esm.js is not npm's uPlot as web/scripts/vendor.mjs copied it"
has headers "Content-Type: text/javascript; charset=utf-8"
# A deep link of the UI is its index.html.
checks=$((checks + 1))
get /queue && cmp -s got "$STATIC/index.html" || fail "$URL/queue is not index.html"

# Every file of web/static, byte for byte.
while IFS= read -r f; do
  checks=$((checks + 1))
  get "/${f#./}" && cmp -s got "$STATIC/$f" || fail "$URL/${f#./} differs from web/static/$f"
done < <(cd "$STATIC" && find . -type f -not -path '*/.*' -not -path '*/node_modules/*')

# A strong ETag: the same bytes revalidate to 304.
get /js/app.js
ETAG=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\("[0-9a-f]*"\).*/\1/p' headers)
checks=$((checks + 1))
[ ${#ETAG} -eq 34 ] || fail "no strong ETag on /js/app.js: '$ETAG'"
checks=$((checks + 1))
code=$(curl --noproxy '*' -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $ETAG" "$URL/js/app.js")
same "$code" 304 "If-None-Match with the ETag"
stop_server

# --- --static DIR overrides it ----------------------------------------------------
mkdir -p web/js
printf '<!doctype html><title>Development copy</title>\n' >web/index.html
printf 'export const development = true;\n' >web/js/app.js
start_server --static web
cp serve.err err
has err "static=dir static_files=2 "
checks=$((checks + 1))
get / && cmp -s got web/index.html || fail "--static web: $URL/ is not web/index.html"
checks=$((checks + 1))
get /js/app.js && cmp -s got web/js/app.js || fail "--static web: $URL/js/app.js is not web/js/app.js"
checks=$((checks + 1))
curl --noproxy '*' -fs -o /dev/null "$URL/vendor/uPlot.esm.js" &&
  fail "--static web still serves the embedded /vendor/uPlot.esm.js"
stop_server

finish
