# Key rotation through the CLI: `officer rotate` replaces an officer's key;
# the old key signs nothing after it (retired-key), the new one does;
# verify, rebuild and a case's proof follow the key history in log order,
# and a statement by the old key slipped into the log after the rotation
# is caught.
source "$2/lib.sh"

P=WHO-2025-0102   # exit/medical: referral (who) first

run 0 officer rotate --help
has out "--key"
has out "the old key signs nothing after it"

setup t.db
run 0 import --db t.db "$DATA/good.csv" --key "$(key pa gate.1)"
old=$(key who dr.rana)
run 0 keygen --party who --officer dr.rana --out new.key
new_vkey=$(cat "$WORK/out")
run 0 keygen --party who --officer dr.rana --out witness.key --witness
witness_vkey=$(cat "$WORK/out")
run 0 keygen --party egypt --officer dr.rana --out egypt.key
egypt_vkey=$(cat "$WORK/out")

# --- refusals: nothing enters the log ------------------------------------------
size=$(sqlite3 t.db 'SELECT count(*) FROM log_entries')
run 69 officer rotate --db t.db --party who --name nobody --key "$new_vkey"
has err "unknown-key"
run 69 officer rotate --db t.db --party who --name dr.rana --key "not-a-key"
has err "bad-key"
run 69 officer rotate --db t.db --party who --name dr.rana --key "$egypt_vkey"
has err "bad-key"
run 69 officer rotate --db t.db --party who --name dr.rana --key "$witness_vkey"
has err "bad-key"
run 69 officer rotate --db t.db --party who --name dr.rana --key "$(cat "$old.vkey")"
has err "key-reused"
same "$(sqlite3 t.db 'SELECT count(*) FROM log_entries')" "$size" "log size after refused rotations"

# --- the rotation ----------------------------------------------------------------
run 0 officer rotate --db t.db --party who --name dr.rana --key "$new_vkey"
has out "rotated the key of who/dr.rana (a statement signed by the log key)"
rotation=$(sqlite3 t.db 'SELECT max(idx) FROM log_entries')
run 0 officer list --db t.db
has out "who/dr.rana  active  $new_vkey"
run 69 decide --db t.db $P referral approve --key "$old"
has err "retired-key"
has err "was replaced by a rotation at"
run 0 decide --db t.db $P referral approve --key new.key
decision=$(sqlite3 t.db 'SELECT max(idx) FROM log_entries')
# Never back to a retired key.
run 69 officer rotate --db t.db --party who --name dr.rana --key "$(cat "$old.vkey")"
has err "key-reused"
same "$(sqlite3 t.db "SELECT count(*) FROM officer_keys WHERE party = 'who' AND name = 'dr.rana'")" 2 "keys in who/dr.rana's history"

# --- a revoked officer gets a new key by rotation, not a new account -------------------
run 0 officer revoke --db t.db --party cogat --name desk.7
run 69 decide --db t.db $P security approve --key "$(key cogat desk.7)"
has err "revoked-key"
run 0 keygen --party cogat --officer desk.7 --out desk7.new.key
run 0 officer rotate --db t.db --party cogat --name desk.7 --key "$(cat "$WORK/out")"
run 69 decide --db t.db $P security approve --key "$(key cogat desk.7)"
has err "retired-key"
run 0 decide --db t.db $P security approve --key desk7.new.key

# --- verify, rebuild and the proof report the history -------------------------------
run 0 verify --db t.db --allow-unwitnessed
has out "key rotation at entry $rotation: who/dr.rana signs with key"
has out "projection: every table identical"
run 0 verify --db t.db --allow-unwitnessed --json
has out '"rotations": ['
has out "\"previous\": \"$(cat "$old.vkey")\""
run 0 rebuild --db t.db --check
has out "identical"
run 0 log export --db t.db --out x
run 0 verify x --allow-unwitnessed
has out "key rotation at entry $rotation: who/dr.rana"
run 0 log proof --db t.db --ref $P --out p.json
run 0 verify-proof p.json --allow-unwitnessed
has out "entry $decision: decision referral approve by who/dr.rana"
has out "key rotations of the signers:"
has out "entry $rotation: officer-rotate of who/dr.rana"

# --- a statement signed with the old key before the rotation, submitted after ------
# A copy of the deployment from before the rotation signs it; the log's
# order decides, not the statement's time.
setup u.db
run 0 import --db u.db "$DATA/good.csv" --key "$(key pa gate.1)"
sqlite3 u.db ".backup pre.db"
cp u.db.logkey pre.db.logkey
run 0 decide --db pre.db $P referral approve --key "$old"
sqlite3 pre.db "SELECT writefile('signed.note', note) FROM log_entries WHERE idx = (SELECT max(idx) FROM log_entries)" >/dev/null
run 0 officer rotate --db u.db --party who --name dr.rana --key "$new_vkey"
run 69 submit --db u.db signed.note
has err "retired-key"

# --- tampering: a reordered rotation ---------------------------------------------
# The rotation and the new key's decision after it swap places: the new
# key's decision would come before its key.
a=$(sqlite3 t.db "SELECT hex(note) FROM log_entries WHERE idx = $rotation")
b=$(sqlite3 t.db "SELECT hex(note) FROM log_entries WHERE idx = $decision")
same "$decision" "$((rotation + 1))" "the decision right after the rotation"
sqlite3 t.db "UPDATE log_entries SET note = X'$b' WHERE idx = $rotation; UPDATE log_entries SET note = X'$a' WHERE idx = $decision"
run 65 verify --db t.db --allow-unwitnessed
has err "entry $rotation:"
run 65 rebuild --db t.db --check
has err "entry $rotation"
# An edited rotation (another previous key) is caught too.
sqlite3 t.db "UPDATE log_entries SET note = X'$a' WHERE idx = $rotation; UPDATE log_entries SET note = X'$b' WHERE idx = $decision"
run 0 verify --db t.db --allow-unwitnessed
sqlite3 t.db "UPDATE log_entries SET note = CAST(replace(CAST(note AS TEXT), 'previous who/dr.rana+', 'previous who/dr.rana+0') AS BLOB) WHERE idx = $rotation"
run 65 verify --db t.db --allow-unwitnessed
has err "entry $rotation:"
finish
