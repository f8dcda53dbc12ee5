#!/usr/bin/env bash
# Installs the Debian packages that Corridor's build, tests, benchmarks,
# fuzzers and demo need, and nothing else. Skips what is present; runs
# apt-get update only when something is missing.
set -euo pipefail

packages=(
  # build
  g++ cmake make pkg-config ccache
  # libraries
  libsqlite3-dev libsodium-dev libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libicu-dev
  libboost1.81-dev libspdlog-dev libfmt-dev
  # tests, benchmarks, fuzzing
  libgtest-dev libgmock-dev libbenchmark-dev sqlite3 clang libclang-rt-14-dev
  wrk nginx-light curl
  # formatting
  clang-format
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
