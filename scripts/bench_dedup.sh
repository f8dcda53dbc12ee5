#!/usr/bin/env bash
# Duplicate finding (issue 19, bench/README.md): BENCH_DEDUP_N persons
# (default 100,000) with BENCH_DEDUP_RATE (0.05) planted duplicates from
# demo-data --duplicates. bench_dedup imports the file with and without the
# possible-duplicate check and scores the whole-store pass against the
# planted pairs (precision/recall curve: BUILD/dedup_pr.svg); then
# `corridor duplicates` on that store beside the exact-ID join that finds
# only exact duplicates (sqlite3, GROUP BY national_id), both whole
# processes, same store, same run.
# Usage: scripts/bench_dedup.sh [BUILD_DIR]
set -euo pipefail

build=${1:-build}
corridor=$build/corridor
n=${BENCH_DEDUP_N:-100000}
rate=${BENCH_DEDUP_RATE:-0.05}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

"$build/bench/bench_dedup" "$n" "$rate" "$work" "$build/dedup_pr.svg"

db=$work/with-check.db
t2=$(now)
exact=$(sqlite3 "$db" "SELECT count(*) FROM (SELECT national_id, count(*) FROM cases \
  WHERE national_id <> '' GROUP BY national_id HAVING count(*) > 1)")
t3=$(now)
echo "dedup: exact-ID join (baseline)   $(secs "$t2" "$t3") s, the process (sqlite3 GROUP BY national_id HAVING count(*) > 1): $exact IDs found twice"
if [ -x "$corridor" ]; then
  t0=$(now)
  "$corridor" duplicates --db "$db" >/dev/null 2>"$work/pass.txt"
  t1=$(now)
  comparisons=$(sed -n 's/.* \([0-9]*\) comparisons.*/\1/p' "$work/pass.txt")
  echo "dedup: corridor duplicates --db   $(secs "$t0" "$t1") s, the process: $(cat "$work/pass.txt"); $(awk -v c="$comparisons" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", c / (b - a) }') comparisons/s"
fi
