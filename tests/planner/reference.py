#!/usr/bin/python3
"""The planner's reference model in SimPy, one patient at a time.

An independent implementation of the model in docs/planner.md (the issue 17
contract), written from the model's text and docs/policy.md, not from the
C++ engine (src/corridor/plan/). tests/planner/test_reference.py compares
its per-run figures with `corridor plan run --samples` (docs/planner.md,
"Checked against SimPy").

Each patient is a record. Each day is a sequence of SimPy events at fixed
offsets in the day: the referrals (t + 0.0), the deaths (t + 0.1: every
patient's death day is drawn once, as a geometric number of days from the
day it starts waiting, the same in distribution as a daily Bernoulli with
the class's hazard, and scheduled as an event), each stage's decisions in
scenario order (t + 0.2 + 0.01 k), the crossing (t + 0.5) and the record of
the day (t + 0.9). Randomness: random.Random(seed + run) only.

Usage:
  reference.py SCENARIO.toml [--runs N] [--days D] [--seed S]
               [--samples FILE] [--set key=value ...] [--jobs J] [--time]
"""

import argparse
import heapq
import math
import multiprocessing
import random
import sys
import time
from collections import deque

import simpy

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from crossing import CLEARED, CROSSED, DEAD, DENIED, IN_STEP, crossing_day
from scenario import ScenarioError, apply_set, load_scenario



def poisson(rng, lam):
    """Poisson(lam) by inversion (sums of halves above 500: no underflow)."""
    if lam <= 0:
        return 0
    if lam > 500:
        return poisson(rng, lam / 2) + poisson(rng, lam / 2)
    u = rng.random()
    p = math.exp(-lam)
    f, k = p, 0
    while u > f:
        k += 1
        p *= lam / k
        f += p
        if p == 0.0:  # float tail: u within rounding of 1
            break
    return k


def geometric(rng, h):
    """Days survived before death with a daily hazard h: P(G >= k) = (1-h)^k."""
    if h <= 0:
        return None
    if h >= 1:
        return 0
    return int(math.log(1.0 - rng.random()) / math.log1p(-h))


class Patient:
    __slots__ = ("id", "u", "child", "ws", "backlog", "state", "step", "pending",
                 "ver", "comps")

    def __init__(self, pid, u, child, ws, backlog):
        self.id, self.u, self.child, self.ws, self.backlog = pid, u, child, ws, backlog
        self.state, self.step, self.pending, self.ver = IN_STEP, 0, set(), 0


class Run:
    """One run of the model: the SimPy environment and the corridor's state."""

    def __init__(self, sc, days, rng):
        self.sc, self.days, self.rng = sc, days, rng
        self.env = simpy.Environment()
        self.next_id = 0
        ncls = len(sc.classes)
        self.deaths = [0] * ncls
        self.crossed = self.denied = 0
        # Per stage: patients waiting to become ready (ready day, ver, p), in
        # the order they entered, and the ready ones as a heap in the stages'
        # order: oldest waiting_since, most urgent, children, entered the
        # step earlier, then id (the same at every stage).
        self.fifo = [deque() for _ in sc.stages]
        self.ready = [[] for _ in sc.stages]
        # Cleared patients: one heap per (urgency, child) by (ws, id); within
        # one such class that is also the crossing's priority order.
        self.cleared = {(u, c): [] for u in range(ncls) for c in (False, True)}
        self.backlog_left = [0] * ncls
        self.clear_day = [None] * ncls
        self.clear_all = None
        self.entry_queue = 0
        self.prev_suspended = False
        self.c_min = next(k for k, q in enumerate(sc.companions) if q > 0)
        self.comp_cdf = []
        acc = 0.0
        for q in sc.companions:
            acc += q
            self.comp_cdf.append(acc)

    # --- patients -----------------------------------------------------------
    def new_patient(self, u, child, ws, backlog, today):
        p = Patient(self.next_id, u, child, ws, backlog)
        self.next_id += 1
        g = geometric(self.rng, self.sc.classes[u].death_hazard)
        if g is not None and today + g < self.days:
            ev = self.env.timeout(today + g + 0.1 - self.env.now)
            ev.callbacks.append(lambda _ev, p=p: self.die(p))
        return p

    def enter_step(self, p, step, today, pending=None):
        """p enters `step` today with `pending` (default: all) of its stages."""
        p.step, p.ver = step, p.ver + 1
        stages = self.sc.steps[step] if pending is None else pending
        if not stages:
            return self.clear(p)
        p.state, p.pending = IN_STEP, set(stages)
        for s in stages:
            self.fifo[s].append((today + self.sc.stages[s].min_days, p.ver, p))

    def clear(self, p):
        p.state = CLEARED
        heapq.heappush(self.cleared[(p.u, p.child)], (p.ws, p.id, p))

    def leave(self, p, state):
        p.state = state
        if p.backlog:
            self.backlog_left[p.u] -= 1

    def die(self, p):
        if p.state in (IN_STEP, CLEARED):
            self.leave(p, DEAD)
            self.deaths[p.u] += 1

    # --- the day's processes --------------------------------------------------
    def referrals(self):
        while True:
            t = int(self.env.now)
            for u, cls in enumerate(self.sc.classes):
                for _ in range(poisson(self.rng, cls.referrals_per_day)):
                    child = self.rng.random() < cls.child_share
                    self.enter_step(self.new_patient(u, child, t, False, t), 0, t)
            yield self.env.timeout(1)

    def stage(self, s):
        st = self.sc.stages[s]
        fifo, ready = self.fifo[s], self.ready[s]
        yield self.env.timeout(0.2 + 0.01 * s)
        while True:
            t = int(self.env.now)
            while fifo and fifo[0][0] <= t:
                ready_day, ver, p = fifo.popleft()
                entered = ready_day - st.min_days
                heapq.heappush(ready, (p.ws, p.u, not p.child, entered, p.id, ver, p))
            budget = poisson(self.rng, st.capacity_per_day)
            while budget > 0 and ready:
                ver, p = heapq.heappop(ready)[-2:]
                if p.state != IN_STEP or p.ver != ver or s not in p.pending:
                    continue  # dead, denied, returned or moved on: not pending here
                budget -= 1
                self.decide(p, s, st, t)
            yield self.env.timeout(1)

    def decide(self, p, s, st, t):
        r = self.rng.random()
        if r < st.approve:
            p.pending.discard(s)
            if not p.pending:
                if p.step + 1 < len(self.sc.steps):
                    self.enter_step(p, p.step + 1, t)
                else:
                    p.ver += 1
                    self.clear(p)
        elif r < st.approve + st.deny:
            self.leave(p, DENIED)
            self.denied += 1
        else:
            self.enter_step(p, 0, t)  # returned: the first step again

    def crossing(self):
        yield self.env.timeout(0.5)
        while True:
            t = int(self.env.now)
            self.entry_queue += poisson(self.rng, self.sc.entry_per_day)
            if (self.sc.start_weekday + t) % 7 in self.sc.open_weekdays:
                q = self.sc.suspend_repeat if self.prev_suspended else self.sc.suspend_probability
                self.prev_suspended = self.rng.random() < q
                if not self.prev_suspended:
                    crossing_day(self, t)
            yield self.env.timeout(1)

    def record(self):
        yield self.env.timeout(0.9)
        while True:
            t = int(self.env.now)
            for u, left in enumerate(self.backlog_left):
                if left == 0 and self.clear_day[u] is None:
                    self.clear_day[u] = t + 1
            if self.clear_all is None and sum(self.backlog_left) == 0:
                self.clear_all = t + 1
            yield self.env.timeout(1)

    # --- the run ----------------------------------------------------------------
    def start(self):
        sc = self.sc
        for b in sc.backlog:
            for _ in range(b.count):
                p = self.new_patient(b.u, b.child, b.ws, True, 0)
                self.backlog_left[b.u] += 1
                if b.pending:  # entered its step when referred: waiting_since
                    self.enter_step(p, b.step, b.ws, b.pending)
                else:
                    self.clear(p)
        for fifo in self.fifo:  # in the order of the days they become ready
            ordered = sorted(fifo, key=lambda e: e[0])
            fifo.clear()
            fifo.extend(ordered)
        for u, left in enumerate(self.backlog_left):
            if left == 0:
                self.clear_day[u] = 0
        if sum(self.backlog_left) == 0:
            self.clear_all = 0
        self.env.process(self.referrals())
        for s in range(len(sc.stages)):
            self.env.process(self.stage(s))
        self.env.process(self.crossing())
        self.env.process(self.record())
        self.env.run(until=self.days)
        return self

    def draw_companions(self):
        u = self.rng.random()
        for k, f in enumerate(self.comp_cdf):
            if u < f:
                return k
        return len(self.comp_cdf) - 1


def run_model(sc, days, seed, run):
    return Run(sc, days, random.Random(seed + run)).start()


def run_rows(sc, days, seed, runs, jobs):
    """Every run's CSV row, in run order; the same for any number of jobs
    (run i depends on seed + i only)."""
    if jobs <= 1:
        return [row(i, run_model(sc, days, seed, i)) for i in range(runs)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return pool.starmap(_one, [(sc, days, seed, i) for i in range(runs)], chunksize=1)


def _one(sc, days, seed, i):
    return row(i, run_model(sc, days, seed, i))


def header(sc):
    names = [c.urgency for c in sc.classes]
    return (["run", "deaths", "crossed", "denied", "clear_days_all"] +
            ["clear_days_" + n for n in names] + ["deaths_" + n for n in names])


def row(i, r):
    cell = lambda v: "" if v is None else str(v)
    return ([str(i), str(sum(r.deaths)), str(r.crossed), str(r.denied), cell(r.clear_all)] +
            [cell(v) for v in r.clear_day] + [str(d) for d in r.deaths])


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--days", type=int, default=730)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--samples", help="CSV file: one row per run")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    ap.add_argument("--jobs", type=int, default=1, help="processes (results do not change)")
    ap.add_argument("--time", action="store_true", help="print runs per second")
    a = ap.parse_args(argv)
    if not 1 <= a.runs <= 100000 or not 1 <= a.days <= 3650:
        ap.error("--runs must be 1..100000 and --days 1..3650")
    try:
        sc = load_scenario(a.scenario)
        for kv in a.set:
            apply_set(sc, kv)
    except OSError as e:
        print(f"reference.py: {e}", file=sys.stderr)
        return 66
    except ScenarioError as e:
        print(f"reference.py: {a.scenario}: {e}", file=sys.stderr)
        return 65
    t0 = time.perf_counter()
    rows = run_rows(sc, a.days, a.seed, a.runs, a.jobs)
    elapsed = time.perf_counter() - t0
    if a.samples:
        with open(a.samples, "w") as f:
            f.write(",".join(header(sc)) + "\n")
            for r in rows:
                f.write(",".join(r) + "\n")
    if a.time:
        print(f"{a.runs / elapsed:.2f} runs/s ({a.runs} runs x {a.days} days in {elapsed:.2f} s)")
    elif not a.samples:
        print(",".join(header(sc)))
        for r in rows:
            print(",".join(r))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
