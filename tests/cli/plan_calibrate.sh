# corridor plan calibrate (docs/planner.md, "Calibration"): a scenario
# estimated from a demo deployment, which `plan run` reads back; the
# database read-only and untouched; nothing personal in the file; the
# assumed parameters on stderr; --since; and the exit codes of a bad
# --since (64), a missing database (66) and a file that is no deployment.
source "$2/lib.sh"

run 0 demo --db d.db --patients 300 --seed 11 --fresh
before=$(sha256sum d.db)

run 0 plan calibrate --help
has out "--since"
has out "assumed = true"

run 0 plan calibrate --db d.db
cp out c.toml
has out 'format = "corridor-plan-scenario/v1"'
has out "[calibration]"
has out '"stage.security.capacity_per_day" = { n = '
has out '"crossing.no_show" = { n = '
has out '"class.critical.death_hazard" = { n = '
has out "grouped by week of referral"
has err "plan calibrate: Calibrated from Rafah crossing on "
has err "parameters assumed (too little data; defaults from DOMAIN.md)"
# Counts and rates only: no ref, no ID number, no name.
lacks out "MOH-"
grep -qE '[0-9]{9}' c.toml && fail "a 9-digit number (an ID?) in the scenario"
sqlite3 d.db "SELECT name_en FROM cases LIMIT 50" | while read -r name; do
  grep -qF -- "$name" c.toml && fail "a name in the scenario: $name"
done
# Read-only: the database is the same bytes.
same "$(sha256sum d.db)" "$before" "the database after calibrate"

# The engine reads it back and runs it.
run 0 plan run c.toml --runs 20 --days 60
has out "Scenario rafah: 20 runs of 60 days from "

# --out writes the file whole, and nothing to stdout.
run 0 plan calibrate --db d.db --out o.toml
same "$(cat out)" "" "stdout with --out"
[ -s o.toml ] || fail "--out wrote nothing"
[ ! -e o.toml.partial ] || fail "--out left its temporary file"
run 0 plan run o.toml --runs 10 --days 30

# --since: the window starts there.
run 0 plan calibrate --db d.db --since 2000-01-01
has out "(events from 2000-01-01)"
run 64 plan calibrate --db d.db --since 2026-13-01
has err "--since: not a date YYYY-MM-DD: 2026-13-01"
run 64 plan calibrate --db d.db --since 2999-01-01
has err "--since: 2999-01-01 is after today"

# Errors: a missing database, a database that is no deployment, no --db.
run 66 plan calibrate --db nope.db
has err "nope.db: no such database"
sqlite3 other.db 'CREATE TABLE x(y)'
run 66 plan calibrate --db other.db
has err "not a corridor database"
echo "not a database" >text.db
run 65 plan calibrate --db text.db
run 64 plan calibrate
finish
