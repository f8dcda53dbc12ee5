#!/usr/bin/env bash
# The web UI end to end, in Debian's chromium driven by playwright-core
# (web/tests/*.test.mjs): a small demo deployment, one account per party
# and an administrator, `corridor serve` with the web UI built into it (what
# a user who installs the binary gets), then the browser tests. Screenshots
# of every page go to $CORRIDOR_SCREENSHOTS (default: build/web-screenshots).
#
#   tests/web/e2e.sh CORRIDOR SOURCE_DIR [OUTPUT_DIR]
#   E2E_STATIC=1   serve SOURCE_DIR/web/static instead (--static), to try a
#                  change to the web UI without rebuilding corridor
#   E2E_TESTS="tests/e2e_dup.test.mjs ..."
#                  run only these files of web/ (default: all of tests/)
set -euo pipefail
CORRIDOR=$1
SRC=$2
OUT=${3:-$PWD/web-screenshots}
WORK=$(mktemp -d)
SERVER=
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

for need in node /usr/bin/chromium "$SRC/web/node_modules/playwright-core" "$SRC/web/node_modules/axe-core/axe.min.js" "$SRC/web/static/vendor/uPlot.esm.js"; do
  if ! command -v "$need" >/dev/null 2>&1 && [ ! -e "$need" ]; then
    echo "e2e: $need is missing: run scripts/install-deps.sh and make build" >&2
    exit 1
  fi
done

# 400 patients: every party has work, and today is an open crossing day.
"$CORRIDOR" demo --db "$WORK/e2e.db" --patients 400 --fresh >"$WORK/demo.out" 2>&1 ||
  { cat "$WORK/demo.out"; exit 1; }
PASSWORD="e2e $(head -c 12 /dev/urandom | base64)"
for party in who egypt cogat pa; do
  "$CORRIDOR" account add --db "$WORK/e2e.db" --name "$party-officer" --role officer --party "$party" <<<"$PASSWORD" >/dev/null
done
"$CORRIDOR" account add --db "$WORK/e2e.db" --name eubam-monitor --role monitor --party eubam <<<"$PASSWORD" >/dev/null
# A WHO officer whose browser data is cleared: a new key by rotation (e2e_rotate.test.mjs).
"$CORRIDOR" account add --db "$WORK/e2e.db" --name who-rotating --role officer --party who <<<"$PASSWORD" >/dev/null
"$CORRIDOR" account add --db "$WORK/e2e.db" --name admin --role admin <<<"$PASSWORD" >/dev/null

# Keys are registered by the administrator here, not on first use.
static=()
if [ "${E2E_STATIC:-0}" = 1 ]; then static=(--static "$SRC/web/static"); fi
"$CORRIDOR" serve --db "$WORK/e2e.db" --listen 127.0.0.1:0 "${static[@]}" \
  >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER=$!
URL=
for _ in $(seq 100); do
  URL=$(sed -n 's/^listening on //p' "$WORK/serve.out")
  [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "$URL" ] || { echo "e2e: serve printed no address" >&2; cat "$WORK/serve.err" >&2; exit 1; }

for _ in $(seq 50); do curl --noproxy '*' -fs -o /dev/null "$URL/healthz" && break; sleep 0.1; done
# The UI built into corridor is web/static as it is now, file for file: a
# binary older than a change there would test yesterday's pages.
while IFS= read -r f; do
  curl --noproxy '*' -fs -o "$WORK/static.got" "$URL/${f#./}" && cmp -s "$WORK/static.got" "$SRC/web/static/$f" ||
    { echo "e2e: the server's /${f#./} is not web/static/${f#./}: rebuild corridor (or E2E_STATIC=1)" >&2; exit 1; }
done < <(cd "$SRC/web/static" && find . -type f -not -path '*/.*' -not -path '*/node_modules/*')

rm -rf "$OUT"
mkdir -p "$OUT"
status=0
(cd "$SRC/web" && CORRIDOR_URL=$URL CORRIDOR=$CORRIDOR CORRIDOR_PASSWORD=$PASSWORD \
  CORRIDOR_SCREENSHOTS=$OUT node --test --test-concurrency=1 --test-reporter=spec ${E2E_TESTS:-tests/}) || status=$?

# The server stops cleanly and its database verifies whole.
kill -TERM "$SERVER"
wait "$SERVER" || { echo "e2e: serve did not exit 0 on SIGTERM" >&2; status=1; }
SERVER=
"$CORRIDOR" verify --db "$WORK/e2e.db" --allow-unwitnessed >"$WORK/verify.out" 2>&1 || { cat "$WORK/verify.out"; status=1; }
if [ $status -ne 0 ]; then
  echo "--- server log (last 40 lines) ---" >&2
  tail -40 "$WORK/serve.err" >&2
fi
echo "e2e: screenshots in $OUT"
exit $status
