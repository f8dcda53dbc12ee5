#!/usr/bin/python3
"""ctest `planner.reference`: Corridor's planner against the SimPy reference
model (docs/planner.md, "Checked against SimPy").

0. The statistics' p-values against tabled critical values.
1. The arithmetic scenario (16,500 cleared, 50 a day, nothing random): both
   models clear the backlog in exactly 330 days, in every run.
2. On config/plan/rafah.toml, rafah-200.toml and rafah-suspend.toml:
   `corridor plan run --samples` (CORRIDOR_RUNS runs) and reference.py
   (REFERENCE_RUNS runs), the same horizon, compared per run on days to clear
   (all, and each urgency; a run that does not clear within the horizon
   counts as days + 1) and deaths (all, and each urgency), each with the
   two-sample Kolmogorov-Smirnov test and Welch's t. A metric constant and
   equal in both samples passes. Then the same on rafah.toml with
   `--set equal_in_out=true` on both sides (IN_OUT_RUNS SimPy runs), for
   the in = out cap, which none of the three scenarios turns on.
3. The self-test of the statistics: the reference model with fewer places
   (--set patient_places=SELF_TEST_PLACES, SELF_TEST_RUNS runs) against
   Corridor's unchanged Rafah samples must FAIL the same comparison, or the
   test has no power.

Runs: 365 days (not 730: SimPy does about 2.5 runs a second a core at 365
days), Corridor 500 runs, SimPy 40 (the power is SimPy's few runs: with
n and m runs a test sees about n m / (n + m), 37 here); the
environment's PLANNER_DAYS, PLANNER_REFERENCE_RUNS and PLANNER_CORRIDOR_RUNS
change them for a longer check by hand.

Tolerance: the test fails when any p-value is below ALPHA = 0.001. With k
comparisons (printed), the chance of a false failure if both models agree
is at most k x 0.001 (Bonferroni): about 0.08 for the 80 here. Seeds are
fixed, so a run's verdict never changes: it is deterministic, not flaky.

Usage: test_reference.py CORRIDOR SOURCE_DIR [--quick]
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

from stats import ks_2samp, q_ks, student_two_sided, welch  # noqa: E402

ALPHA = 0.001
DAYS = int(os.environ.get("PLANNER_DAYS", 365))
REFERENCE_RUNS = int(os.environ.get("PLANNER_REFERENCE_RUNS", 40))
CORRIDOR_RUNS = int(os.environ.get("PLANNER_CORRIDOR_RUNS", 500))
SELF_TEST_RUNS = 30
IN_OUT_RUNS = 30
SELF_TEST_PLACES = 46
JOBS = 2


def read_samples(path):
    with open(path) as f:
        lines = [ln.strip().split(",") for ln in f if ln.strip()]
    head, rows = lines[0], lines[1:]
    return {k: [r[i] for r in rows] for i, k in enumerate(head)}


def corridor_samples(corridor, scenario, runs, days, out, seed=1, sets=()):
    cmd = [corridor, "plan", "run", scenario, "--runs", str(runs), "--days", str(days),
           "--seed", str(seed), "--samples", out]
    for kv in sets:
        cmd += ["--set", kv]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return read_samples(out)


def reference_samples(scenario, runs, days, out, seed=1000, sets=()):
    cmd = [sys.executable, os.path.join(HERE, "reference.py"), scenario, "--runs", str(runs),
           "--days", str(days), "--seed", str(seed), "--samples", out, "--jobs", str(JOBS)]
    for kv in sets:
        cmd += ["--set", kv]
    subprocess.run(cmd, check=True)
    return read_samples(out)


def metrics(samples, days):
    """The compared columns as numbers: not cleared (empty) = days + 1."""
    out = {}
    for k, col in samples.items():
        if k.startswith("clear_days_") or k.startswith("deaths"):
            out[k] = [days + 1 if v == "" else int(v) for v in col]
    return out


def compare(name, a, b):
    """Rows (metric, mean a, mean b, KS D, KS p, t, Welch p) and the failures."""
    rows, failed = [], []
    if sorted(a) != sorted(b):
        raise SystemExit(f"{name}: different columns: {sorted(a)} vs {sorted(b)}")
    for k in sorted(a):
        d, p_ks = ks_2samp(a[k], b[k])
        t, _, p_t = welch(a[k], b[k])
        ma, mb = sum(a[k]) / len(a[k]), sum(b[k]) / len(b[k])
        rows.append((k, ma, mb, d, p_ks, t, p_t))
        if min(p_ks, p_t) < ALPHA:
            failed.append(k)
    print(f"\n{name}: corridor {len(next(iter(a.values())))} runs vs SimPy "
          f"{len(next(iter(b.values())))} runs, {DAYS} days")
    print(f"  {'metric':28} {'corridor':>9} {'simpy':>9} {'KS D':>6} {'KS p':>8} {'t':>7} {'Welch p':>8}")
    for k, ma, mb, d, p_ks, t, p_t in rows:
        flag = "  <-- differs" if k in failed else ""
        print(f"  {k:28} {ma:9.2f} {mb:9.2f} {d:6.3f} {p_ks:8.4f} {t:7.2f} {p_t:8.4f}{flag}")
    return len(rows) * 2, failed


def check_statistics():
    """The p-values against tabled critical values: Student's t (two-sided
    0.05 at t = 2.228 with 10 df, 12.706 with 1 df; 0.01 at 2.576 with
    infinite df) and Kolmogorov's (0.05 at 1.358, 0.01 at 1.628)."""
    for got, want in ((student_two_sided(2.228, 10), 0.05), (student_two_sided(12.706, 1), 0.05),
                      (student_two_sided(2.576, 1e9), 0.01), (q_ks(1.358), 0.05),
                      (q_ks(1.628), 0.01)):
        if abs(got - want) > 0.0005:
            raise SystemExit(f"statistics: p = {got:.5f}, the table says {want}")
    print("statistics: Student's t and Kolmogorov's p-values match their tables")


def arithmetic(corridor, tmp):
    path = os.path.join(HERE, "data", "arithmetic.toml")
    for who, s in (("corridor", corridor_samples(corridor, path, 3, 400, f"{tmp}/a_c.csv")),
                   ("simpy", reference_samples(path, 2, 400, f"{tmp}/a_r.csv"))):
        got = set(s["clear_days_all"]) | set(s["clear_days_routine"])
        if got != {"330"} or set(s["clear_days_critical"]) != {"130"} or set(s["deaths"]) != {"0"}:
            raise SystemExit(f"arithmetic: {who} cleared in {sorted(got)} days, "
                             f"critical in {sorted(set(s['clear_days_critical']))}; expected 330 and 130")
    print("arithmetic: both models clear 16,500 at 50 a day in 330 days (critical's 6,500 in 130)")


def main(argv):
    corridor, source = argv[0], argv[1]
    scenarios = [os.path.join(source, "config", "plan", n)
                 for n in ("rafah.toml", "rafah-200.toml", "rafah-suspend.toml")]
    total, failures = 0, []
    with tempfile.TemporaryDirectory() as tmp:
        check_statistics()
        arithmetic(corridor, tmp)
        kept = {}
        runs = [(sc, (), REFERENCE_RUNS) for sc in scenarios]
        runs.append((scenarios[0], ("equal_in_out=true",), IN_OUT_RUNS))
        for sc, sets, ref_runs in runs:
            name = os.path.basename(sc) + "".join(" --set " + kv for kv in sets)
            c = metrics(corridor_samples(corridor, sc, CORRIDOR_RUNS, DAYS, f"{tmp}/c.csv",
                                         sets=sets), DAYS)
            r = metrics(reference_samples(sc, ref_runs, DAYS, f"{tmp}/r.csv", sets=sets), DAYS)
            kept[name] = c
            n, failed = compare(name, c, r)
            total += n
            failures += [f"{name}: {k}" for k in failed]
        r = metrics(reference_samples(scenarios[0], SELF_TEST_RUNS, DAYS, f"{tmp}/s.csv",
                                      sets=[f"patient_places={SELF_TEST_PLACES}"]), DAYS)
        _, detected = compare(f"self-test: rafah.toml against SimPy with patient_places="
                              f"{SELF_TEST_PLACES}", kept["rafah.toml"], r)
    print(f"\n{total} comparisons, each failing below p = {ALPHA} "
          f"(a false failure at most {total * ALPHA:.3f} by Bonferroni)")
    if not detected:
        print("FAIL: the self-test's changed model was not detected: the comparison has no power")
        return 1
    print(f"self-test: the changed model is detected on {', '.join(detected)}")
    if failures:
        print("FAIL: Corridor and SimPy differ on " + "; ".join(failures))
        return 1
    print("OK: Corridor's distributions agree with SimPy's")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
