#!/usr/bin/env bash
# The capacity planner beside its SimPy baseline (bench/README.md), in the
# same run on the same file, config/plan/rafah.toml, 730 days:
# `corridor plan run` (BENCH_PLAN_RUNS runs, default 10,000; 2 threads), the
# command from start to end, and the SimPy reference model
# (tests/planner/reference.py, BENCH_SIMPY_RUNS runs, default 4, one
# process), each in runs per second, and the ratio.
# Usage: bench/plan_simpy.sh [BUILD_DIR]
set -euo pipefail

build=${1:-build}
src=$(cd "$(dirname "$0")/.." && pwd)
scenario=$src/config/plan/rafah.toml
runs=${BENCH_PLAN_RUNS:-10000}
simpy_runs=${BENCH_SIMPY_RUNS:-4}
python=/usr/bin/python3   # Debian's, with python3-simpy3

if ! "$python" -c 'import simpy' 2>/dev/null; then
  echo "plan: skipped: $python has no simpy (scripts/install-deps.sh installs python3-simpy3)"
  exit 0
fi

now() { date +%s.%N; }
t0=$(now)
"$build/corridor" plan run "$scenario" --runs "$runs" --days 730 --seed 1 --threads 2 --json >/dev/null
t1=$(now)
corridor_rate=$(awk -v n="$runs" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')
seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')

# reference.py --time prints "R runs/s (...)".
simpy_rate=$("$python" "$src/tests/planner/reference.py" "$scenario" --runs "$simpy_runs" \
  --days 730 --seed 1 --time | awk '{ print $1 }')

echo "plan: corridor plan run rafah.toml  $runs runs x 730 days in $seconds s: $corridor_rate runs/s (2 threads, the command start to end; target: 10,000 runs in under 1 s)"
echo "plan: SimPy reference model         $simpy_runs runs x 730 days: $simpy_rate runs/s (baseline: tests/planner/reference.py, one patient at a time, one process)"
awk -v c="$corridor_rate" -v s="$simpy_rate" 'BEGIN { printf "plan: corridor / SimPy = %.0fx the runs per second\n", c / s }'
