# corridor account: add, list, disable and passwd (docs/accounts.md). The
# password comes from standard input; the database keeps only its Argon2id
# hash.
source "$2/lib.sh"

PASSWORD='correct horse battery staple'
run 0 init --db t.db

# --- add ----------------------------------------------------------------------
run 0 account add --db t.db --name ana --role officer --party who <<<"$PASSWORD"
line out "added account ana (officer, who)"
run 0 account add --db t.db --name mo --role monitor <<<"$PASSWORD"
line out "added account mo (monitor, eubam)"
run 0 account add --db t.db --name root --role admin <<<"$PASSWORD"
line out "added account root (admin)"
# A trailing \r (a file saved on Windows) is not part of the password.
printf 'another password\r\n' >pw.txt
run 0 account add --db t.db --name cairo.1 --role officer --party egypt <pw.txt

# --- refused --------------------------------------------------------------------
run 64 account add --db t.db --name eve --role superuser --party who <<<"$PASSWORD"
has err "--role: must be officer, admin or monitor"
run 64 account add --db t.db --name eve --role officer <<<"$PASSWORD"
has err "party: an officer acts for one party"
run 64 account add --db t.db --name eve --role officer --party unrwa <<<"$PASSWORD"
has err "party: no party 'unrwa'"
run 64 account add --db t.db --name eve --role admin --party who <<<"$PASSWORD"
has err "party: an admin acts for no party"
run 64 account add --db t.db --name eve --role monitor --party who <<<"$PASSWORD"
has err "party: a monitor acts for the monitor party 'eubam'"
run 64 account add --db t.db --name Eve --role officer --party who <<<"$PASSWORD"
has err "name: must be"
run 64 account add --db t.db --name eve --role officer --party who </dev/null
has err "password: empty"
run 64 account add --db t.db --name eve --role officer --party who <<<""
has err "password: empty"
run 64 account add --db t.db --name eve --role officer --party who <<<"short"
has err "password: must be at least 12 bytes"
run 69 account add --db t.db --name ana --role admin <<<"$PASSWORD"
has err "name: an account named 'ana' exists"
run 64 account add --db t.db --name eve <<<"$PASSWORD"
run 66 account add --db none.db --name eve --role admin <<<"$PASSWORD"
same "$(sqlite3 t.db "SELECT count(*) FROM accounts WHERE name = 'eve'")" 0 "eve's accounts"

# --- what the database holds ------------------------------------------------------
same "$(sqlite3 t.db "SELECT count(*) FROM accounts WHERE password_hash LIKE '\$argon2id\$%'")" 4 \
  "argon2id hashes"
sqlite3 t.db .dump >dump.sql
checks=$((checks + 1))
if grep -qF "$PASSWORD" dump.sql; then fail "the database holds a password in plain text"; fi
same "$(sqlite3 t.db "SELECT party IS NULL FROM accounts WHERE name = 'root'")" 1 "root's party"

# --- list -------------------------------------------------------------------------
run 0 account list --db t.db
has out "ana"
has out "monitor  eubam"
lacks out "argon2"
lacks out "disabled"
run 0 account list --db t.db --json
has out '"name": "cairo.1"'
has out '"party": null'
has out '"disabled": false'
lacks out "argon2"

# --- disable and passwd -----------------------------------------------------------
run 0 account disable --db t.db --name ana
line out "disabled account ana; its sessions are revoked"
run 0 account list --db t.db --json
has out '"disabled": true'
same "$(sqlite3 t.db "SELECT disabled_at IS NOT NULL FROM accounts WHERE name = 'ana'")" 1 \
  "ana disabled"
run 0 account disable --db t.db --name ana
run 66 account disable --db t.db --name nobody
has err "no account 'nobody'"

before=$(sqlite3 t.db "SELECT password_hash FROM accounts WHERE name = 'mo'")
run 0 account passwd --db t.db --name mo <<<"a brand new password"
line out "changed the password of mo; its sessions are revoked"
after=$(sqlite3 t.db "SELECT password_hash FROM accounts WHERE name = 'mo'")
checks=$((checks + 1))
[ "$before" != "$after" ] || fail "passwd left the hash as it was"
run 64 account passwd --db t.db --name mo <<<"mo"
has err "password: must be at least 12 bytes"
run 66 account passwd --db t.db --name nobody <<<"a brand new password"

# The account tables are not the log's projection: rebuild keeps them.
run 0 rebuild --db t.db
same "$(sqlite3 t.db 'SELECT count(*) FROM accounts')" 4 "accounts after rebuild"
finish
