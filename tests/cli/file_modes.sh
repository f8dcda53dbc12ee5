# Files holding personal data are created 0600 whatever the umask: the
# database (SQLite gives its -wal and -shm files the same mode, see
# store/database_test.cpp), the log key and officers' key files.
source "$2/lib.sh"

mode() { stat -c %a "$1"; }

for mask in 022 000; do
  umask $mask
  run 0 init --db m$mask.db
  same "$(mode m$mask.db)" 600 "mode of a new database under umask $mask"
  same "$(mode m$mask.db.logkey)" 600 "mode of the log key under umask $mask"
  run 0 keygen --party pa --officer gate.$mask --out k$mask.key
  same "$(mode k$mask.key)" 600 "mode of a key file under umask $mask"
  run 0 officer add --db m$mask.db --party pa --name gate.$mask --key "$(cat out)"
  run 0 import --db m$mask.db --key k$mask.key "$DATA/good.csv"
  same "$(mode m$mask.db)" 600 "mode of the database after an import under umask $mask"
  # An import into a new database creates it.
  run 0 import --db n$mask.db --key k$mask.key "$DATA/good.csv"
  same "$(mode n$mask.db)" 600 "mode of a database import made under umask $mask"
done
umask 022
finish
