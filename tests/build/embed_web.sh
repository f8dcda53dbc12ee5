#!/usr/bin/env bash
# scripts/embed_web.cmake, the build step that puts web/static into the
# binary, on a made-up web/ directory: which files it takes (load's rules),
# that it rewrites its output only when a file was added, changed or
# removed, and that a missing or stale web/static/vendor stops the build
# with the remedy.
#
#   tests/build/embed_web.sh CMAKE SOURCE_DIR
set -uo pipefail
CMAKE=$1
SCRIPT=$2/scripts/embed_web.cmake
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
checks=0 failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
has() { checks=$((checks + 1)); grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }
lacks() { checks=$((checks + 1)); ! grep -qF -- "$2" "$1" || fail "$1 should not contain: $2"; }
embed() { "$CMAKE" -DWEB="$WORK/web" -DOUT="$WORK/out.cpp" -P "$SCRIPT" >log 2>&1; }

mkdir -p web/scripts web/static/js web/static/.git web/static/node_modules/x web/static/vendor
echo '{}' >web/package-lock.json
echo '// copies' >web/scripts/vendor.mjs
touch -d '1 hour ago' web/package-lock.json web/scripts/vendor.mjs
echo '<!doctype html>' >web/static/index.html
echo 'export {};' >web/static/js/a.js
echo 'SECRET=1' >web/static/.env
echo '[core]' >web/static/.git/config
echo 'module.exports = 1;' >web/static/node_modules/x/i.js
echo 'secret beside' >outside.txt
ln -s "$WORK/outside.txt" web/static/link.js
ln -s "$WORK" web/static/up
echo 'export default 1;' >web/static/vendor/v.js

checks=$((checks + 1))
embed || { fail "embed_web failed"; cat log; }
for path in '"/index.html"' '"/js/a.js"' '"/vendor/v.js"' '.incbin'; do has out.cpp "$path"; done
for path in .env .git node_modules link.js '/up/' outside.txt; do lacks out.cpp "$path"; done
has out.cpp "3 files"
has out.cpp "$(sha256sum web/static/js/a.js | cut -d' ' -f1)"

# Nothing changed: the file is not rewritten (so nothing recompiles).
touch -d '1 hour ago' out.cpp
before=$(stat -c %Y out.cpp)
embed
checks=$((checks + 1))
[ "$(stat -c %Y out.cpp)" = "$before" ] || fail "out.cpp rewritten with nothing changed"

# A changed, an added and a removed file each change it.
echo 'export const a = 2;' >web/static/js/a.js
embed
checks=$((checks + 1))
[ "$(stat -c %Y out.cpp)" != "$before" ] || fail "out.cpp not rewritten after a file changed"
has out.cpp "$(sha256sum web/static/js/a.js | cut -d' ' -f1)"
echo 'body{}' >web/static/app.css
embed
has out.cpp '"/app.css"'
rm web/static/app.css
embed
lacks out.cpp '"/app.css"'

# A missing, empty or stale vendor directory stops the build.
mv web/static/vendor vendor.away
checks=$((checks + 1))
embed && fail "embed_web succeeded without web/static/vendor"
has log "web/static/vendor is missing or empty"
has log "make web"
mkdir web/static/vendor
checks=$((checks + 1))
embed && fail "embed_web succeeded with an empty web/static/vendor"
rmdir web/static/vendor
mv vendor.away web/static/vendor
touch -d '2 hours ago' web/static/vendor/v.js
checks=$((checks + 1))
embed && fail "embed_web succeeded with a vendor file older than package-lock.json"
has log "is older than"
has log "package-lock.json"
touch web/static/vendor/v.js
checks=$((checks + 1))
embed || { fail "embed_web failed after vendor was refreshed"; cat log; }

echo "$checks checks, $failures failed"
[ "$failures" -eq 0 ]
