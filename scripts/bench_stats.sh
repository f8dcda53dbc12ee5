#!/usr/bin/env bash
# Dashboard stats at scale (issue 18): the whole `corridor stats --db DB
# --json` process, figures from the maintained aggregates, beside the
# same-run baseline `sqlite3 DB "SELECT state, count(*) FROM cases GROUP BY
# state"` (also a whole process) on the same store. Each is run RUNS times
# (default 7) after one warm-up; the median and the best are printed.
#
#   scripts/bench_stats.sh DB [corridor binary]
#
# The first open of a store made before migration 11 fills its figures
# (once, every case derived): the warm-up does it, and its time is printed.
set -euo pipefail
db=${1:?usage: bench_stats.sh DB [corridor]}
corridor=${2:-${CORRIDOR:-build/corridor}}
runs=${RUNS:-7}

ms() {  # runs "$@", prints its wall time in ms
  local s e
  s=$(date +%s%N)
  "$@" >/dev/null
  e=$(date +%s%N)
  echo $(((e - s) / 1000000))
}

series() {  # label, command...: median and best of $runs
  local label=$1
  shift
  local all=()
  for _ in $(seq "$runs"); do all+=("$(ms "$@")"); done
  local sorted
  sorted=$(printf '%s\n' "${all[@]}" | sort -n)
  printf '%-44s median %6d ms   best %6d ms   (%s)\n' "$label" \
    "$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")" "$(echo "$sorted" | head -1)" \
    "$(echo "${all[@]}")"
}

cases=$(sqlite3 "$db" "SELECT count(*) FROM cases")
echo "store: $db ($cases cases); machine load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "warm-up (fills the figures of an older store once): $(ms "$corridor" stats --db "$db" --json) ms"
series "baseline: sqlite3 GROUP BY state" sqlite3 "$db" "SELECT state, count(*) FROM cases GROUP BY state"
series "corridor stats --db --json" "$corridor" stats --db "$db" --json
series "corridor stats --db --json --since (30 days)" "$corridor" stats --db "$db" --json \
  --since "$(date -u -d '30 days ago' +%F)"
