# A failed import leaves the store exactly as it was, byte for byte in
# every table; so does a person's second open case against the store.
source "$2/lib.sh"

dump() { sqlite3 t.db .dump | sha256sum; }

run 0 init --db t.db
run 0 import --db t.db "$DATA/good.csv"
run 0 decide --db t.db WHO-2025-0101 referral approve --party who --officer dr.rana
before=$(dump)
run 65 import --db t.db "$DATA/bad_many.csv"
same "$(dump)" "$before" "store after a failed import"

# Good rows whose persons already have open exit cases in the store, mixed
# with a new ref: the whole file is refused.
head -1 "$DATA/good.csv" | sed 's/^\xEF\xBB\xBF//' >again.csv
sed -n 2p "$DATA/good.csv" | sed 's/^WHO-2025-0101,/NEW-1,/' >>again.csv
run 65 import --db t.db again.csv
has err "again.csv:2: national_id: this person already has an open exit case in the store (WHO-2025-0101)"
same "$(dump)" "$before" "store after a refused duplicate person"
finish
