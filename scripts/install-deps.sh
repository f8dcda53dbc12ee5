#!/usr/bin/env bash
# Installs the Debian packages that Corridor's build, tests, benchmarks,
# fuzzers and demo need, and nothing else. Skips what is present; runs
# apt-get update only when something is missing.
set -euo pipefail

packages=(
  # build
  g++ cmake make pkg-config ccache
  # libraries
  libsqlite3-dev libsodium-dev libssl-dev libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libicu-dev
  libboost1.81-dev libspdlog-dev libfmt-dev
  # tests, benchmarks, fuzzing
  libgtest-dev libgmock-dev libbenchmark-dev sqlite3 clang libclang-rt-14-dev
  wrk nginx-light curl
  # the planner's independent reference model (tests/planner/reference.py,
  # ctest planner.reference, bench/plan_simpy.sh): SimPy for Debian's python3
  python3-simpy3
  # the web UI's browser tests (Debian's chromium, driven by playwright-core
  # from npm) and fonts for Arabic and Latin text
  chromium fonts-noto-core fonts-dejavu-core nodejs
  # formatting
  clang-format
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Debian's nodejs has npm apart; NodeSource's carries its own.
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The web UI's npm packages, exactly as pinned in web/package-lock.json
# (uPlot for the dashboard, playwright-core for the browser tests; no
# browser download: the tests use Debian's chromium). Again only when the
# lock file changed since the last install.
web="$(cd "$(dirname "$0")/.." && pwd)/web"
stamp="$web/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$web/package-lock.json" -nt "$stamp" ]; then
  echo "install-deps: npm ci in web/"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
fi
