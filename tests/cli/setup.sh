# init, --config, --help and the schema version guard.
source "$2/lib.sh"

for c in init import cases case decide amend close same-person different-persons stats demo-data demo keygen officer witness log verify verify-proof submit rebuild; do
  run 0 $c --help
  has out "Usage:"
done
run 0 --help
has out "demo-data"
run 64 no-such-command

run 0 init --db t.db
has out "for Rafah crossing (5 parties, 7 categories, 11 workflows)"
run 69 init --db t.db
has err "already exists"

# A bad config is refused at start, naming file:line:column.
printf '[crossing]\nid = "x"\nname = "X"\ntime_zone = "Asia/Gaza"\ndirections = ["exit"]\nbogus = 1\n' >bad.toml
run 65 init --db b.db --config bad.toml
has err "bad.toml:6:1:"
[ ! -e b.db ] || fail "init with a bad config left b.db behind"

# An SQLite file that is no deployment is not adopted by a read.
sqlite3 other.db 'CREATE TABLE x(y)'
run 66 stats --db other.db
has err "not a corridor database"
same "$(sqlite3 other.db .tables)" "x" "tables of a foreign database after stats"
run 66 init --db no-such-dir/t.db

# A database written by a newer corridor is refused with a clear message.
sqlite3 t.db 'PRAGMA user_version = 999'
run 69 stats --db t.db
has err "newer than this corridor"
finish
