# corridor plan run / compare (docs/planner.md): text and JSON, the same
# bytes for a seed on 1 or 2 threads, --set, --samples, and the exit codes
# of a bad scenario (65, the key named), a missing one (66) and bad options
# (64).
source "$2/lib.sh"
PLANS=$TESTS/../config/plan

# --- run: text and JSON ------------------------------------------------------------
run 0 plan run "$PLANS/rafah.toml" --runs 50 --days 200
has out "Scenario rafah: 50 runs of 200 days from 2025-12-01, seed 1; 16500 patients waiting on day 0"
has out "Days until the day-0 backlog of each class is cleared"
has out "Deaths while waiting"
has out "patients an open day"
has out "Pending at each party"
same "$(cat err)" "" "stderr when it is not a terminal (no progress)"

run 0 plan run "$PLANS/rafah.toml" --runs 50 --days 200 --json --threads 1
cp out one.json
/usr/bin/python3 - one.json <<'PY' || fail "the result JSON"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["format"] == "corridor-plan-result/v1" and j["runs"] == 50 and j["days"] == 200, j
assert j["backlog"]["patients"] == 16500 and j["urgencies"][0] == "life-saving"
assert set(j["clear_days"]) == {"life-saving", "critical", "urgent", "routine", "all"}
assert set(j["series"]["queues"]) == {"who", "egypt", "cogat"}
assert len(j["series"]["days"]) == len(j["series"]["backlog"]["p50"])
PY
run 0 plan run "$PLANS/rafah.toml" --runs 50 --days 200 --json --threads 2
same "$(cat out)" "$(cat one.json)" "the JSON on 2 threads"
run 0 plan run "$PLANS/rafah.toml" --runs 50 --days 200 --json --seed 2
[ "$(cat out)" != "$(cat one.json)" ] || fail "another seed gives other figures"

# --- --set: the sliders ------------------------------------------------------------
run 0 plan run "$PLANS/rafah.toml" --runs 20 --days 100 --json --set patient_places=200 \
  --set companion_places=400 --set days_open_per_week=7 --set suspend_probability=0 \
  --set equal_in_out=false --set min_days.security=10 --set capacity_per_day.security=80
cp out set.json
run 0 plan run "$PLANS/rafah-200.toml" --runs 20 --days 100 --json --set days_open_per_week=7 \
  --set suspend_probability=0 --set min_days.security=10 --set capacity_per_day.security=80
/usr/bin/python3 -c '
import json, sys
a, b = json.load(open("set.json")), json.load(open(sys.argv[1]))
a["scenario"] = b["scenario"]
assert a == b, "--set patient_places=200 companion_places=400 is rafah-200"' out ||
  fail "--set gives the same result as the file with those values"
run 64 plan run "$PLANS/rafah.toml" --set nosuch=1
has err "--set nosuch: unknown key"
run 64 plan run "$PLANS/rafah.toml" --set min_days.nosuch=3
has err "min_days.nosuch"
run 64 plan run "$PLANS/rafah.toml" --set patient_places=lots
has err "--set patient_places: not a valid value 'lots'"
run 64 plan run "$PLANS/rafah.toml" --set days_open_per_week=8
has err "days_open_per_week"

# --- --samples: one CSV row per run ---------------------------------------------------
run 0 plan run "$PLANS/rafah-suspend.toml" --runs 30 --days 300 --samples runs.csv --json
line runs.csv "run,deaths,crossed,denied,clear_days_all,clear_days_life-saving,clear_days_critical,clear_days_urgent,clear_days_routine,deaths_life-saving,deaths_critical,deaths_urgent,deaths_routine"
same "$(wc -l <runs.csv)" "31" "rows of --samples"
same "$(sed -n 2p runs.csv | cut -d, -f1)" "0" "the first run"
/usr/bin/python3 - runs.csv out <<'PY' || fail "the samples' mean is the JSON's"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
j = json.load(open(sys.argv[2]))
mean = sum(int(r["deaths"]) for r in rows) / len(rows)
assert abs(mean - j["deaths"]["mean"]) < 0.001, (mean, j["deaths"]["mean"])
assert all(r["clear_days_all"] == "" for r in rows)  # 300 days are too few
PY

# --- compare ----------------------------------------------------------------------------
run 0 plan compare "$PLANS/rafah.toml" "$PLANS/rafah-200.toml" --runs 40 --days 365
has out "rafah-200 against rafah"
has out "clear_days.all.mean"
has out "counts as 366 days"
grep -E '^  deaths.mean .* \*$' out >/dev/null || fail "200 a day saves lives beyond the noise"
run 0 plan compare "$PLANS/rafah.toml" "$PLANS/rafah-suspend.toml" --runs 20 --days 100 --json
/usr/bin/python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["format"] == "corridor-plan-compare/v1" and j["scenarios"] == ["rafah", "rafah-suspend"]
assert j["differences"][0][0]["scenario"] == "rafah-suspend"' out || fail "compare JSON"
run 64 plan compare "$PLANS/rafah.toml"
has err "at least two scenarios"

# --- bad files and options ---------------------------------------------------------
sed 's/^approve = 0.92$/approve = 1.5/' "$PLANS/rafah.toml" >bad.toml
run 65 plan run bad.toml --runs 2
has err "bad.toml:"
has err "[[stage]] 2: 'approve' must be between 0 and 1 (got 1.5)"
sed 's/^no_show = 0.26$/no_shows = 0.26/' "$PLANS/rafah.toml" >typo.toml
run 65 plan run typo.toml --runs 2
has err "[crossing]: 'no_shows' unknown key"
run 65 plan compare "$PLANS/rafah.toml" bad.toml --runs 2
run 66 plan run nosuch.toml
has err "nosuch.toml: cannot open file"
run 64 plan run "$PLANS/rafah.toml" --runs 0
run 64 plan run "$PLANS/rafah.toml" --days 3651
run 64 plan
run 0 plan --help
has out "run"
has out "compare"

finish
