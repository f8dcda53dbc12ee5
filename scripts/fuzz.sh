#!/usr/bin/env bash
# Builds every libFuzzer target (fuzz/*_fuzz.cpp) with clang and the address
# and undefined-behaviour sanitizers in build-fuzz/, then runs each for
# FUZZ_SECONDS seconds (default 20) over a temporary copy of its seed corpus
# fuzz/corpus/<name>/, so the repository's corpus is never modified.
# Prints one line per target with its execs; exits 1 if any target crashed
# (the crashing input is kept in fuzz/crashes/).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-fuzz
seconds=${FUZZ_SECONDS:-20}

names=()
for src in "$root"/fuzz/*_fuzz.cpp; do
  [ -e "$src" ] && names+=("$(basename "$src" .cpp)")
done
if [ ${#names[@]} -eq 0 ]; then
  echo "fuzz.sh: no fuzz/*_fuzz.cpp targets"
  exit 0
fi

cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCORRIDOR_FUZZ=ON \
  -DCORRIDOR_TESTS=OFF -DCORRIDOR_BENCH=OFF \
  -DCMAKE_CXX_FLAGS='-fsanitize=address,undefined -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link' \
  >/dev/null
cmake --build "$build" --target "${names[@]}" -j "${FUZZ_JOBS:-2}" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$root/fuzz/crashes"

# run NAME: fuzzes one target; prints its line; returns non-zero on a crash.
run() {
  local name=$1 corpus=$work/$1 log=$work/$1.log status=ok execs
  mkdir -p "$corpus"
  if [ -d "$root/fuzz/corpus/$name" ]; then cp -R "$root/fuzz/corpus/$name/." "$corpus/"; fi
  "$build/fuzz/$name" -max_total_time="$seconds" -max_len=65536 \
    -artifact_prefix="$root/fuzz/crashes/$name-" "$corpus" >"$log" 2>&1 || status=CRASHED
  # "Done N runs" at the end, or the last "#N" status line before a crash.
  execs=$(sed -n -e 's/^Done \([0-9]*\) runs.*/\1/p' -e 's/^#\([0-9]*\)[[:space:]].*/\1/p' "$log" |
    tail -n 1)
  echo "$name: $status, ${execs:-?} execs in ${seconds} s, $(find "$corpus" -type f | wc -l) corpus files"
  if [ "$status" != ok ]; then
    tail -n 40 "$log"
    return 1
  fi
}

failed=0
for name in "${names[@]}"; do
  run "$name" || failed=1
done
exit "$failed"
