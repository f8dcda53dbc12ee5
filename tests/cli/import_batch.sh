# An import is one signed registration batch and a log entry per row
# (docs/log_format.md 2.1): each case stays provable and attributable to
# the officer who signed the batch, and verify, rebuild and proofs say so.
source "$2/lib.sh"

setup t.db
run 0 import --db t.db "$DATA/good.csv" --key "$(key pa gate.1)"
has out "imported 12 cases"
# One signature for the file: one batch statement, twelve unsigned rows.
same "$(sqlite3 t.db "SELECT count(*) FROM log_entries WHERE CAST(note AS TEXT) LIKE '%kind registration-batch%'")" 1 "batch statements"
same "$(sqlite3 t.db "SELECT count(*) FROM log_entries WHERE CAST(note AS TEXT) LIKE 'corridor-registration-row/v2%'")" 12 "row entries"
batch=$(sqlite3 t.db "SELECT idx FROM log_entries WHERE CAST(note AS TEXT) LIKE '%kind registration-batch%'")

run 0 verify --db t.db --allow-unwitnessed
run 0 rebuild --check --db t.db
has out "identical"

# A case's proof: its row, the signed batch, and the row's path to its root.
run 0 decide --db t.db WHO-2025-0102 referral approve --key "$(key who dr.rana)"
run 0 log proof --db t.db --ref WHO-2025-0102 --out p.json
run 0 verify-proof p.json --allow-unwitnessed
has out "ok: case WHO-2025-0102, 2 statement(s)"
# The rows are in the order of their public ids, not the file's
# (docs/log_format.md 2.1): the case's row is wherever its id falls.
entry=$(sqlite3 t.db "SELECT min(idx) FROM log_cases WHERE ref = 'WHO-2025-0102'")
row=$((entry - batch - 1))
has out "entry $entry: registration (row $row of the batch at entry $batch) by pa/gate.1 at "
has out "decision referral approve by who/dr.rana"
# The row's path in the batch's tree is checked: another path fails.
python3 - p.json q.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for s in d["statements"]:
    if "batch_path" in s:
        s["batch_path"][0] = "0" * 64
json.dump(d, open(sys.argv[2], "w"))
PY
run 65 verify-proof q.json --allow-unwitnessed
has err "not row $row of the root the batch at entry $batch signs"

# A row rewritten in the database: its entry no longer hashes as stored.
cp t.db e.db
exit_row=$(sqlite3 e.db "SELECT min(idx) FROM log_entries WHERE CAST(note AS TEXT) LIKE 'corridor-registration-row/v2%direction exit%'")
sqlite3 e.db "UPDATE log_entries SET note = CAST(replace(CAST(note AS TEXT), 'direction exit', 'direction entry') AS BLOB) WHERE idx = $exit_row"
run 65 verify --db e.db --allow-unwitnessed
has err "entry $exit_row: its bytes do not match the leaf hash stored for it"
# The rows are sorted by public id: the file's order is not in the log.
ids=$(sqlite3 t.db "SELECT substr(CAST(note AS TEXT), 30, 37) FROM log_entries WHERE CAST(note AS TEXT) LIKE 'corridor-registration-row/v2%' ORDER BY idx")
same "$ids" "$(printf '%s\n' "$ids" | LC_ALL=C sort)" "rows in public-id order"

# A batch statement cannot be submitted without its rows.
sqlite3 t.db "SELECT writefile('batch.note', note) FROM log_entries WHERE idx = $batch" >/dev/null
run 69 submit --db t.db batch.note
has err "batch-rows"
finish
