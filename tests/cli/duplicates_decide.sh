# Deciding possible duplicates (docs/dedup.md): same-person and
# different-persons, signed with --key; their refusals; rebuild reproduces
# them and the tampered decision is found.
source "$2/lib.sh"

run 0 same-person --help
has out "--keep"
has out "--duplicate"
has out "[registration]"
run 0 different-persons --help
has out "REF"

setup t.db
run 0 import --db t.db "$DATA/good.csv" --key "$(key pa gate.1)"
run 64 same-person --db t.db --keep WHO-2025-0102 --duplicate WHO-2025-0101
has err "--key is required"
run 64 different-persons --db t.db WHO-2025-0103 --key "$(key who dr.rana)"

# Only a party that may register both categories; never one case twice.
run 69 same-person --db t.db --keep WHO-2025-0102 --duplicate WHO-2025-0101 --key "$(key cogat desk.7)"
has err "pair-party"
run 69 different-persons --db t.db WHO-2025-0103 MOE-2025-0007 --key "$(key who dr.rana)"
has err "pair-party"
run 69 different-persons --db t.db WHO-2025-0103 WHO-2025-0103 --key "$(key pa gate.1)"
has err "pair-self"

run 0 same-person --db t.db --keep WHO-2025-0102 --duplicate WHO-2025-0101 --key "$(key who dr.rana)"
line out "WHO-2025-0101: closed as duplicate of WHO-2025-0102, signed by who/dr.rana"
same "$(sqlite3 t.db "SELECT group_ref FROM cases WHERE ref = 'WHO-2025-0101-C1'")" WHO-2025-0102 \
  "the duplicate's companion's group"
run 0 different-persons --db t.db WHO-2025-0103 MOE-2025-0007 --key "$(key pa gate.1)"
line out "WHO-2025-0103 and MOE-2025-0007: different persons, signed by pa/gate.1"
run 69 different-persons --db t.db MOE-2025-0007 WHO-2025-0103 --key "$(key pa gate.1)"
has err "pair-decided"
run 69 same-person --db t.db --keep WHO-2025-0103 --duplicate WHO-2025-0101 --key "$(key pa gate.1)"
has err "case-closed"
same "$(sqlite3 t.db "SELECT count(*) FROM dedup_decisions")" 2 "decisions stored"

# The log names both cases by public id only.
same "$(sqlite3 t.db "SELECT count(*) FROM log_entries WHERE CAST(note AS TEXT) LIKE '%kind same-person%' OR CAST(note AS TEXT) LIKE '%WHO-2025%'")" 1 \
  "one same-person entry and no ref in the log"

run 0 rebuild --db t.db --check
has out "identical"
sqlite3 t.db "UPDATE dedup_pairs SET decision = 'same-person' WHERE decision = 'different-persons'"
run 65 rebuild --db t.db --check
has out "dedup_decisions"
run 65 rebuild --db t.db
has out "the tables now hold what the log says"
run 0 rebuild --db t.db --check
same "$(sqlite3 t.db "SELECT count(*) FROM dedup_decisions WHERE decision = 'different-persons'")" 1 \
  "the decision after rebuild"
finish
