# A failed import leaves the store exactly as it was, byte for byte in
# every table, whether it fails in validation, against the store, or in
# the middle of writing its rows.
source "$2/lib.sh"

# dump DB: a hash of every table's contents.
dump() {
  local text
  text=$(sqlite3 "$1" .dump) || fail "sqlite3 .dump $1 failed"
  [ -n "$text" ] || fail "empty dump of $1"
  echo "$text" | sha256sum
}

setup t.db
run 0 import --db t.db "$DATA/good.csv" --key "$(key pa gate.1)"
run 0 decide --db t.db WHO-2025-0101 referral approve --key "$(key who dr.rana)"
before=$(dump t.db)
run 65 import --db t.db "$DATA/bad_many.csv" --key "$(key pa gate.1)"
same "$(dump t.db)" "$before" "store after a failed import"

# Good rows whose persons already have open exit cases in the store, mixed
# with a new ref: the whole file is refused.
head -1 "$DATA/good.csv" | sed 's/^\xEF\xBB\xBF//' >again.csv
sed -n 2p "$DATA/good.csv" | sed 's/^WHO-2025-0101,/NEW-1,/' >>again.csv
run 65 import --db t.db again.csv --key "$(key pa gate.1)"
has err "again.csv:2: national_id: this person already has an open exit case in the store (WHO-2025-0101)"
same "$(dump t.db)" "$before" "store after a refused duplicate person"

# A failure after eleven rows are written (a trigger aborts the twelfth):
# the eleven are rolled back with it.
setup f.db
sqlite3 f.db "CREATE TRIGGER boom BEFORE INSERT ON cases WHEN NEW.ref = 'MOE-2025-0008'
  BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
before=$(dump f.db)
run 69 import --db f.db "$DATA/good.csv" --key "$(key pa gate.1)"
has err "injected failure"
same "$(count_cases f.db)" 0 "cases after a failure mid-import"
same "$(dump f.db)" "$before" "store after a failure mid-import"
finish
