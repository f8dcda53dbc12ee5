# Possible duplicates (docs/dedup.md): planted by demo-data --duplicates,
# flagged at import (never blocking), listed by corridor duplicates.
source "$2/lib.sh"

run 0 demo-data --patients 300 --seed 7 --today 2026-01-15 --out plain.csv
run 0 demo-data --patients 300 --seed 7 --today 2026-01-15 --duplicates 0.1 \
  --duplicates-truth truth.csv --out dup.csv
has err "planted duplicates"
same "$(head -1 truth.csv)" "ref_a,ref_b,variation" "truth header"
same "$(head -n "$(wc -l <plain.csv)" dup.csv | sha256sum)" "$(sha256sum <plain.csv)" \
  "the other rows as without --duplicates"
run 64 demo-data --patients 10 --duplicates 1.5

setup t.db
run 0 import --db t.db dup.csv --key "$(key pa gate.1)"
same "$(count_cases t.db)" "$(($(wc -l <dup.csv) - 1))" "every row imported (flags do not block)"
has out "flag possible-duplicate"
# A flag names the other ref and the score, never the other person's name.
grep 'possible-duplicate' out | grep -qv 'may be the same person as [^ ]* (score [01]\.[0-9][0-9])$' &&
  fail "a possible-duplicate flag says more than the ref and the score"
flagged=$(grep -c 'possible-duplicate' out)
[ "$flagged" -ge $(($(wc -l <truth.csv) / 2)) ] || fail "only $flagged flags for $(wc -l <truth.csv) planted pairs"
[ "$(sqlite3 t.db "SELECT count(*) FROM dedup_pairs")" -ge "$flagged" ] || fail "pairs not stored"

run 0 duplicates --db t.db
has err "pairs kept by blocking"
found=0
for p in $(tail -n +2 truth.csv | cut -d, -f1,2); do
  grep -qE "(${p%,*} +${p#*,}|${p#*,} +${p%,*})" out && found=$((found + 1))
done
[ "$found" -ge $(($(wc -l <truth.csv) / 2)) ] || fail "duplicates listed only $found planted pairs"

run 0 duplicates --db t.db --json --min-score 0.5
same "$(jq -r 'type' out)" "array" "--json is an array"
same "$(jq -r '.[0] | keys | join(",")' out)" "a,b,features,score" "a pair's keys"
same "$(jq -r '.[0].features[0] | keys | join(",")' out)" "level,name,weight" "a feature's keys"
same "$(jq '[.[].score] == ([.[].score] | sort | reverse)' out)" "true" "best first"

run 64 duplicates --db t.db --min-score 2
has err "--min-score: not a number from 0 to 1: 2"
run 64 duplicates --db t.db --min-score abc
has err "--min-score"
finish
