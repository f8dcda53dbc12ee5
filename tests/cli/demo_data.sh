# demo-data is deterministic for a seed, and its output imports cleanly.
source "$2/lib.sh"

run 0 demo-data --patients 300 --seed 7 --today 2026-01-15 --out a.csv
run 0 demo-data --patients 300 --seed 7 --today 2026-01-15 --out b.csv
run 0 demo-data --patients 300 --seed 8 --today 2026-01-15 --out c.csv
same "$(sha256sum <a.csv | cut -d' ' -f1)" "$(sha256sum <b.csv | cut -d' ' -f1)" "same seed"
[ "$(sha256sum <a.csv)" != "$(sha256sum <c.csv)" ] || fail "a different seed gave the same file"
run 0 demo-data --patients 300 --seed 7 --today 2026-01-15
same "$(sha256sum <out | cut -d' ' -f1)" "$(sha256sum <a.csv | cut -d' ' -f1)" "stdout = --out"
same "$(grep -c ',medical,' a.csv)" 300 "patients"

setup t.db
run 0 import --db t.db a.csv --key "$(key pa gate.1)"
has out "300 patients"
same "$(count_cases t.db)" "$(($(wc -l <a.csv) - 1))" "every generated row imported"

# The demo itself, small: it walks cases through every party's stages.
run 0 demo --db demo.db --patients 1000 --seed 3
has out "Pending decisions"
has err "demo: imported"
[ "$(sqlite3 demo.db "SELECT count(DISTINCT party) FROM decisions")" -ge 4 ] ||
  fail "the demo did not record decisions by every deciding party"
[ "$(sqlite3 demo.db "SELECT count(*) FROM closures WHERE kind = 'deceased'")" -ge 1 ] ||
  fail "the demo recorded no deaths"
run 69 demo --db demo.db --patients 1000
has err "pass --fresh"
finish
