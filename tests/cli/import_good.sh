# A good file imports whole, flags do not block, and a second import of the
# same refs is refused whole.
source "$2/lib.sh"

setup t.db
run 0 import --db t.db "$DATA/good.csv" --key "$(key pa gate.1)"
has out "imported 12 cases (4 patients, 3 companions, 1 dual-national, 1 humanitarian-staff, 1 returnee, 2 student); 1 flagged"
has out "good.csv:8: flag id-check-digit (WHO-2025-0104-C1): check digit fails (got 406275316)"
same "$(count_cases t.db)" 12 "cases after import"

run 0 cases --db t.db --direction entry --json
same "$(grep -c '"ref"' out)" 3 "entry cases"
run 0 cases --db t.db --category companion
has out "3 cases"
run 0 case --db t.db WHO-2025-0104
has out "Abu Jamous, Hassan Ibrahim"
has out "companions WHO-2025-0104-C1"
run 0 case --db t.db WHO-2025-0102-C1 --json
has out '"group_ref": "WHO-2025-0102"'
has out '"status": "pending"'

# The same file again: every row is refused against the store, nothing changes.
run 65 import --db t.db "$DATA/good.csv" --key "$(key pa gate.1)"
has err "good.csv:2: ref: case WHO-2025-0101 already exists in the store"
has err "good.csv:2: national_id: this person already has an open exit case in the store (WHO-2025-0101)"
has err "nothing imported"
same "$(count_cases t.db)" 12 "cases after refused re-import"

# --dry-run checks everything and writes nothing.
setup d.db
run 0 import --db d.db --dry-run "$DATA/good.csv" --key "$(key pa gate.1)"
has out "dry run: would import 12 cases"
same "$(count_cases d.db)" 0 "cases after dry run"

# import creates a missing database with the default config, but only when
# the import commits: a failed or dry run leaves no database behind.
run 65 import --db typo.db "$DATA/bad_many.csv" --key "$(key pa gate.1)"
[ ! -e typo.db ] || fail "a failed import left typo.db behind"
run 0 import --db typo.db --dry-run "$DATA/good.csv" --key "$(key pa gate.1)"
[ ! -e typo.db ] || fail "a dry run left typo.db behind"
run 0 import --db new.db "$DATA/good.csv" --key "$(key pa gate.1)"
has err "created new.db"
same "$(count_cases new.db)" 12 "cases in a database import created"
run 64 import --db new.db --config x.toml "$DATA/good.csv" --key "$(key pa gate.1)"
has err "--config applies only when import creates a new database"
# A failed import that would create a database never removes a key file that
# was there before it.
printf 'PRIVATE+KEY+someone+00000000+AQ==\n' >kept.db.logkey
run 69 import --db kept.db "$DATA/good.csv" --key "$(key pa gate.1)"
has err "kept.db.logkey: already exists"
[ -e kept.db.logkey ] || fail "a failed import removed an existing log key file"
[ ! -e kept.db ] || fail "a failed import left kept.db behind"
finish
