# The verifier misses nothing (issue 13): every entry, past the latest
# checkpoint too; the projection tables replayed and compared, one tamper
# per table; rebuild --check leaves the file byte for byte; the witness
# quorum decides the exit code of verify DIR, verify --db and verify-proof;
# the log's key, to pin.
source "$2/lib.sh"

# The demo deployment fills every projection table: cases, decisions,
# amendments, closures, officers, crossing days and events, manifests with
# their entries and approvals, gate events, re-examinations, day reports.
run 0 demo --db d.db --patients 400 --seed 7 --fresh
for t in officers cases decisions amendments closures days crossing_events manifests \
  manifest_entries manifest_approvals gate_events reexaminations day_reports; do
  [ "$(sqlite3 d.db "SELECT count(*) FROM $t")" -gt 0 ] || fail "the demo left $t empty"
done

# Overdue is the exception in the demo (issue 15): under a fifth of the
# stages waiting for a party are past their deadline.
run 0 stats --db d.db
read -r pending overdue < <(awk '/^Pending decisions/ {p = 1; next} p && NF == 0 {p = 0}
  p && $3 ~ /^[0-9,]+$/ {gsub(",", "", $3); gsub(",", "", $4); n += $3; o += $4}
  END {print n + 0, o + 0}' "$WORK/out")
[ "$pending" -gt 0 ] || fail "the demo left no stage pending"
[ $((overdue * 5)) -lt "$pending" ] || fail "the demo has $overdue of $pending stages overdue"

# digest DB: the database file and its WAL, byte for byte.
digest() { cat "$1" "$1-wal" 2>/dev/null | sha256sum; }

# --- the quorum decides the exit code -------------------------------------------
# The demo's five witnesses cosigned its latest checkpoint: 0 without a flag.
ref=$(sqlite3 d.db "SELECT ref FROM cases ORDER BY id LIMIT 1")
run 0 verify --db d.db
has out "projection: every table identical to the log's replay"
has out "cosigned by 5 of 5 witnesses (quorum 3): witnessed"
run 0 log export --db d.db --out y
run 0 verify y
run 0 log proof --db d.db --ref "$ref" --out q.json
run 0 verify-proof q.json
# A quorum the verifier sets above the cosignatures: not witnessed.
run 75 verify --db d.db --quorum 6
run 75 verify y --quorum 6
run 75 verify-proof q.json --quorum 6
# Two cosignatures of the latest checkpoint, then none: 75 unless allowed.
size=$(sqlite3 d.db "SELECT max(size) FROM checkpoints")
cp d.db two.db
sqlite3 two.db "DELETE FROM cosignatures WHERE size = $size AND party NOT IN ('who', 'egypt')"
run 75 verify --db two.db
has out "cosigned by 2 of 5 witnesses (quorum 3): NOT witnessed yet"
has err "not witnessed yet (exit 75); pass --allow-unwitnessed"
cp d.db none.db
sqlite3 none.db "DELETE FROM cosignatures WHERE size = $size"
run 75 verify --db none.db
has out "ok: "
run 0 verify --db none.db --allow-unwitnessed
has out "NOT witnessed yet"
run 75 verify --db none.db --json
has out '"witnessed": false'
run 0 log export --db none.db --out x
run 75 verify x
has err "not witnessed yet"
run 0 verify x --allow-unwitnessed
run 0 log proof --db none.db --ref "$ref" --out p.json
run 75 verify-proof p.json
has err "not witnessed yet"
run 0 verify-proof p.json --allow-unwitnessed

# --- the log's key --------------------------------------------------------------
vkey=$(sqlite3 d.db "SELECT value FROM meta WHERE key = 'log_vkey'")
run 0 log key --db d.db
line out "$vkey"
run 0 log key --db d.db --json
has out "\"key\": \"$vkey\""
has out '"origin": "corridor.rafah/log"'

# --- a tail past the latest checkpoint is verified too ---------------------------
cp d.db tail.db
size=$(sqlite3 tail.db "SELECT count(*) FROM log_entries")
keep=$((size - 5))
sqlite3 tail.db "DELETE FROM cosignatures; DELETE FROM checkpoints WHERE size > $keep"
latest=$(sqlite3 tail.db "SELECT max(size) FROM checkpoints")
[ "$latest" -lt "$size" ] || fail "no checkpoint left below the log's size"
run 75 verify --db tail.db
has out "not yet in a checkpoint"
has err "entries are not yet in a checkpoint"
run 0 verify --db tail.db --allow-unwitnessed
has out "not yet in a checkpoint"
run 75 verify --db tail.db --json
has out "\"not_in_checkpoint\": $((size - latest))"
# An entry after the new latest checkpoint, edited: today's main said "ok".
edited=$((size - 1))
sqlite3 tail.db "UPDATE log_entries SET note = CAST(replace(CAST(note AS TEXT), 'corridor-statement/v2',
  'corridor-statement/v2 ') AS BLOB) WHERE idx = $edited"
run 65 verify --db tail.db --allow-unwitnessed
has err "entry $edited:"

# --- rebuild --check writes nothing -----------------------------------------------
# Over the unsealed tail (today it signed a checkpoint over it) and over a
# tampered table: the file and its WAL stay byte for byte.
cp d.db rb.db
sqlite3 rb.db "DELETE FROM cosignatures; DELETE FROM checkpoints WHERE size > $keep"
cps=$(sqlite3 rb.db "SELECT count(*) FROM checkpoints")
before=$(digest rb.db)
run 0 rebuild --db rb.db --check
has out "nothing written"
same "$(digest rb.db)" "$before" "rb.db after rebuild --check"
same "$(sqlite3 rb.db "SELECT count(*) FROM checkpoints")" "$cps" "checkpoints after rebuild --check"
sqlite3 rb.db "UPDATE cases SET state = 'cleared' WHERE id = (SELECT min(id) FROM cases WHERE state <> 'cleared')"
before=$(digest rb.db)
run 65 rebuild --db rb.db --check
has out "table cases, row ref "
has out "column state"
same "$(digest rb.db)" "$before" "rb.db after rebuild --check of a tampered table"

# --- one tamper per projection table: verify --db and rebuild --check name it ----
# tamper TABLE COLUMN KEY SQL: SQL edits a copy; both name TABLE, KEY, COLUMN.
tamper() {
  cp d.db tamper.db
  sqlite3 tamper.db "$4" || fail "sqlite3: $4"
  run 65 verify --db tamper.db --allow-unwitnessed
  has err "the projection differs from the log: table $1, row $3, column $2:"
  run 65 rebuild --db tamper.db --check
  has out "table $1, row $3, column $2:"
}
first() { sqlite3 d.db "$1"; }

c=$(first "SELECT ref FROM cases ORDER BY id LIMIT 1")
tamper cases state "ref $c" "UPDATE cases SET state = CASE state WHEN 'cleared' THEN 'denied' ELSE 'cleared' END WHERE ref = '$c'"
# A private medical field: the replay copies case_private into cases.
c=$(first "SELECT ref FROM cases WHERE category = 'medical' ORDER BY id LIMIT 1")
tamper cases diagnosis "ref $c" "UPDATE case_private SET diagnosis = 'edited' WHERE ref = '$c'"
tamper cases urgency "ref $c" "UPDATE cases SET urgency = urgency || 'x' WHERE ref = '$c'"
read -r id ref <<<"$(first "SELECT d.id, c.ref FROM decisions d JOIN cases c ON c.id = d.case_id
  WHERE outcome = 'approve' ORDER BY d.id LIMIT 1" | tr '|' ' ')"
tamper decisions outcome "id $id (case $ref)" "UPDATE decisions SET outcome = 'deny' WHERE id = $id"
read -r id ref <<<"$(first "SELECT a.id, c.ref FROM amendments a JOIN cases c ON c.id = a.case_id
  ORDER BY a.id LIMIT 1" | tr '|' ' ')"
tamper amendments officer "id $id (case $ref)" "UPDATE amendments SET officer = 'someone' WHERE id = $id"
ref=$(first "SELECT c.ref FROM closures x JOIN cases c ON c.id = x.case_id ORDER BY x.rowid LIMIT 1")
tamper closures on_date "case $ref" "UPDATE closures SET on_date = '2020-01-01' WHERE case_id = (SELECT id FROM cases WHERE ref = '$ref')"
o=$(first "SELECT party || '/' || name FROM officers ORDER BY id DESC LIMIT 1")
other=$("$CORRIDOR" keygen --party "${o%%/*}" --officer "${o#*/}" --out other.key 2>/dev/null)
tamper officers vkey "$o" "UPDATE officers SET vkey = '$other' WHERE party || '/' || name = '$o'"
d=$(first "SELECT date FROM days ORDER BY rowid LIMIT 1")
tamper days reason "date $d" "UPDATE days SET reason = 'edited' WHERE date = '$d'"
read -r id d <<<"$(first "SELECT id, date FROM crossing_events ORDER BY id LIMIT 1" | tr '|' ' ')"
tamper crossing_events capacity "id $id ($d)" "UPDATE crossing_events SET capacity = 'exit/medical=999' WHERE id = $id"
read -r id d dir <<<"$(first "SELECT id, date, direction FROM manifests ORDER BY id LIMIT 1" | tr '|' ' ')"
tamper manifests officer "id $id ($d $dir)" "UPDATE manifests SET officer = 'someone' WHERE id = $id"
read -r m p <<<"$(first "SELECT manifest_id, position FROM manifest_entries ORDER BY rowid LIMIT 1" | tr '|' ' ')"
tamper manifest_entries case_ref "manifest $m position $p" "UPDATE manifest_entries SET case_ref = 'MOH-0000-000000' WHERE manifest_id = $m AND position = $p"
read -r m p <<<"$(first "SELECT manifest_id, party FROM manifest_approvals ORDER BY rowid LIMIT 1" | tr '|' ' ')"
tamper manifest_approvals at "manifest $m party $p" "UPDATE manifest_approvals SET at = at + 1 WHERE manifest_id = $m AND party = '$p'"
read -r d r <<<"$(first "SELECT date, case_ref FROM gate_events WHERE outcome = 'crossed' ORDER BY id LIMIT 1" | tr '|' ' ')"
tamper gate_events outcome "$d $r" "UPDATE gate_events SET outcome = 'no-show' WHERE date = '$d' AND case_ref = '$r'"
read -r d r <<<"$(first "SELECT date, case_ref FROM reexaminations ORDER BY rowid LIMIT 1" | tr '|' ' ')"
tamper reexaminations ordered_by "$d $r" "UPDATE reexaminations SET ordered_by = 'eubam/someone' WHERE date = '$d' AND case_ref = '$r'"
d=$(first "SELECT date FROM day_reports ORDER BY rowid LIMIT 1")
tamper day_reports attested_by "date $d" "UPDATE day_reports SET attested_by = NULL WHERE date = '$d'"
# A row the log never made, and a row deleted.
ref=$(first "SELECT ref FROM cases ORDER BY id DESC LIMIT 1")
id=$(first "SELECT max(id) FROM decisions")
tamper decisions "(row)" "id $((id + 1)) (case $ref)" "INSERT INTO decisions(id, case_id, stage, party, officer, outcome, reason, note, snapshot, at, signature)
  SELECT $((id + 1)), id, 'security', 'cogat', 'x', 'approve', '', '', snapshot, 0, '' FROM cases WHERE ref = '$ref'"

# --- private rows the log commits to ----------------------------------------------
# An identity edited in the private table only: its snapshot no longer holds.
cp d.db priv.db
sqlite3 priv.db "UPDATE identities SET name_en = name_en || 'x' WHERE snapshot = (SELECT snapshot FROM identities ORDER BY snapshot DESC LIMIT 1)"
run 65 verify --db priv.db --allow-unwitnessed
has err "does not"
# An identity and the cases row alike: still found (the snapshot hash).
cp d.db priv.db
snap=$(sqlite3 priv.db "SELECT hex(snapshot) FROM cases ORDER BY id DESC LIMIT 1")
sqlite3 priv.db "UPDATE identities SET name_en = 'Someone Else' WHERE hex(snapshot) = '$snap';
  UPDATE cases SET name_en = 'Someone Else' WHERE hex(snapshot) = '$snap'"
run 65 verify --db priv.db --allow-unwitnessed
has err "does not hash to"
# Issue 16: a ref moved to another case's public id (two identities'
# refs swapped), which would make the log's statements about one case
# count for another: found, though every snapshot still holds.
cp d.db priv.db
sqlite3 priv.db "UPDATE identities SET case_ref = CASE case_ref
    WHEN (SELECT min(case_ref) FROM identities) THEN (SELECT max(case_ref) FROM identities)
    ELSE (SELECT min(case_ref) FROM identities) END
  WHERE case_ref IN ((SELECT min(case_ref) FROM identities), (SELECT max(case_ref) FROM identities))"
run 65 verify --db priv.db --allow-unwitnessed
has err "its public id is not its ref's"
# A note's text, in the private table and the decision alike.
cp d.db priv.db
nh=$(sqlite3 priv.db "SELECT hex(hash) FROM notes ORDER BY hash LIMIT 1")
if [ -n "$nh" ]; then
  sqlite3 priv.db "UPDATE decisions SET note = 'edited' WHERE note = (SELECT text FROM notes WHERE hex(hash) = '$nh');
    UPDATE closures SET note = 'edited' WHERE note = (SELECT text FROM notes WHERE hex(hash) = '$nh');
    UPDATE notes SET text = 'edited' WHERE hex(hash) = '$nh'"
  run 65 verify --db priv.db --allow-unwitnessed
  has err "private table notes, hash "
fi

finish
