# The log through the CLI: keys, signed changes, verify (a database and an
# export), rebuild, proofs and witnesses, and what tampering does to them.
source "$2/lib.sh"

P=WHO-2025-0102   # exit/medical: referral (who), then acceptance (egypt) || security (cogat)

# matches FILE REGEX: FILE has a line matching the extended REGEX.
matches() {
  checks=$((checks + 1))
  grep -qE -- "$2" "$WORK/$1" || { fail "$1 has no line matching: $2"; sed 's/^/  | /' "$WORK/$1" | head -20; }
}

# last_index DB: the index of the newest log entry.
last_index() { sqlite3 "$1" 'SELECT max(idx) FROM log_entries'; }

# --- keygen: a private file, a verifier key line, never an overwrite -----------
run 0 keygen --party who --officer k.test --out k.key
same "$(stat -c %a k.key)" 600 "mode of a new key file"
# type 0x01 then 32 key bytes: 44 base64 characters, the first 'A'.
matches out '^who/k\.test\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$'
has err "wrote the private key to k.key"
keyfile=$(sha256sum <k.key)
run 69 keygen --party who --officer k.test --out k.key
has err "k.key: already exists"
same "$(sha256sum <k.key)" "$keyfile" "a key file after a refused keygen"
run 0 keygen --party who --officer w.test --out w.key --witness
matches out '^who/w\.test\+[0-9a-f]{8}\+B[A-Za-z0-9+/]{43}$'   # type 0x04

# --- every change is signed: no --key, no change -------------------------------
run 64 import --db nokey.db "$DATA/good.csv"
has err "--key is required"
[ ! -e nokey.db ] || fail "an import without --key made nokey.db"
setup t.db
run 0 import --db t.db "$DATA/good.csv" --key "$(key pa gate.1)"
entries=$(last_index t.db)
run 64 decide --db t.db $P referral approve
has err "--key is required"
run 64 amend --db t.db $P phone="+970 59 000 0000"
has err "--key is required"
run 64 close --db t.db $P withdrawn
has err "--key is required"
run 64 import --db t.db "$DATA/good.csv"
has err "--key is required"
same "$(last_index t.db)" "$entries" "log after commands without --key"

# A key whose officer is not enrolled, and one that was revoked.
run 69 decide --db t.db $P referral approve --key "$(key who stranger)"
has err "unknown-key"
enrol t.db who dr.sami
run 0 officer revoke --db t.db --party who --name dr.sami
run 0 officer list --db t.db
has out "who/dr.sami  revoked"
run 69 decide --db t.db $P referral approve --key "$(key who dr.sami)"
has err "revoked-key"
run 0 decide --db t.db $P referral approve --key "$(key who dr.rana)"
decision=$(last_index t.db)
run 0 decide --db t.db $P security approve --key "$(key cogat desk.7)"

# --- verify, export, rebuild ----------------------------------------------------
run 75 verify --db t.db
has out "ok: $((decision + 2)) entries"
has out "NOT witnessed yet"
has err "not witnessed yet (exit 75)"
run 0 verify --db t.db --allow-unwitnessed
run 0 rebuild --db t.db
has out "case tables identical"
run 0 rebuild --db t.db --check
has out "identical"
same "$(stat -c %a t.db.logkey)" 600 "mode of the log key file"
# A corrupted case table: --check reports it and writes nothing; rebuild fixes it.
sqlite3 t.db "UPDATE cases SET state = 'cleared' WHERE ref = 'WHO-2025-0103'"
run 65 rebuild --db t.db --check
has out "case tables DIFFERED"
has out "nothing written"
same "$(sqlite3 t.db "SELECT state FROM cases WHERE ref = 'WHO-2025-0103'")" cleared "state after rebuild --check"
run 65 rebuild --db t.db
has out "the tables now hold what the log says"
same "$(sqlite3 t.db "SELECT state FROM cases WHERE ref = 'WHO-2025-0103'")" registered "state after rebuild"
run 0 rebuild --db t.db --check
has out "identical"
run 0 log export --db t.db --out x
run 0 verify x --allow-unwitnessed
has out "ok: $((decision + 2)) entries"
run 69 log export --db t.db --out x

# --- proofs -----------------------------------------------------------------------
run 0 init --db another.db
other=$(sed -n 's/^log verifier key: //p' "$WORK/out")
[ -n "$other" ] || fail "init printed no log verifier key"
run 0 log proof --db t.db --ref $P --out p.json
run 0 verify-proof p.json --allow-unwitnessed
has out "ok: case $P, 3 statement(s)"
has out "entry $decision: decision referral approve by who/dr.rana"
has out "cosigned by 0 witnesses (quorum 3): NOT witnessed"
run 65 verify-proof p.json --log "$other"
has err "not signed by the log key"
mine=$(sqlite3 t.db "SELECT value FROM meta WHERE key = 'log_vkey'")
run 0 verify-proof p.json --log "$mine" --allow-unwitnessed

# --- witnesses: three parties cosign, and the checkpoint is witnessed --------------
for party in who egypt cogat; do
  run 0 keygen --party $party --officer witness --out $party.w.key --witness
  run 0 officer add --db t.db --party $party --name witness --key "$(cat "$WORK/out")"
done
for party in who egypt cogat; do
  run 0 witness --state $party.state --key $party.w.key --db t.db
  matches out "^— $party/witness [A-Za-z0-9+/]+=*\$"
done
run 0 verify --db t.db
has out "latest checkpoint cosigned by 3 of 5 witnesses (quorum 3): witnessed"
run 0 log checkpoint --db t.db
line out "corridor.rafah/log"
line out "$(($(last_index t.db) + 1))"
for party in who egypt cogat; do matches out "^— $party/witness "; done
matches out "^— corridor.rafah/log "
# The cosignatures travel with an export and with a proof.
run 0 log export --db t.db --out y
run 0 verify y
has out "latest checkpoint cosigned by 3 of 5 witnesses (quorum 3): witnessed"
run 0 log proof --db t.db --ref $P --out q.json
run 0 verify-proof q.json
has out "cosigned by 3 witnesses (quorum 3): witnessed"
# A second round from the size the witness holds.
held=$(($(last_index t.db) + 1))
run 0 decide --db t.db $P acceptance approve --key "$(key egypt cairo.1)"
run 0 witness --state who.state --key who.w.key --db t.db
has err "witness: cosigned checkpoint $(($(last_index t.db) + 1)) (from $held)"

# --- the log key ------------------------------------------------------------------
# Without the log key file nothing can be appended (no checkpoint could be
# signed), but a witness's cosignature can still be stored; a file with
# another key is refused.
mv t.db.logkey away.logkey
size=$(($(last_index t.db) + 1))
run 64 decide --db t.db WHO-2025-0101 referral approve --key "$(key who dr.rana)"
has err "the log key is needed to append: "
has err "t.db.logkey: no such key file"
same "$(($(last_index t.db) + 1))" "$size" "log size after a write without the log key"
run 0 witness --state egypt.state --key egypt.w.key --db t.db
run 69 decide --db t.db WHO-2025-0101 referral approve --key "$(key who dr.rana)" --log-key another.db.logkey
has err "another.db.logkey: this is not the log key of t.db"
mv away.logkey t.db.logkey

# --- tampering --------------------------------------------------------------------
sqlite3 t.db "UPDATE log_entries SET note = CAST(replace(CAST(note AS TEXT), 'approve', 'deny') AS BLOB)
  WHERE idx = $decision"
run 65 verify --db t.db
has err "entry $decision:"
finish
