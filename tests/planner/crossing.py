"""One open crossing day of the SimPy reference model (docs/planner.md, step
4): the entry list, the in = out cap, the main list in the priority order of
docs/policy.md, standby, no-shows, the gate."""

import heapq

# A patient's state (reference.py's Patient.state).
IN_STEP, CLEARED, CROSSED, DEAD, DENIED = range(5)
INF = float("inf")


def score(sc, p, t):
    """docs/policy.md's score: urgency, waiting (capped), child."""
    levels_above = len(sc.classes) - 1 - p.u
    waiting = min(sc.points_per_day * max(t - p.ws, 0), sc.max_aging_points)
    return sc.urgency_points * levels_above + waiting + (sc.child_points if p.child else 0)


class Order:
    """Cleared patients in priority order: the higher score, then the earlier
    waiting_since, then the more urgent, then children, then the lower id. Within one (urgency, child) class the
    heap order (ws, id) is that order, so this merges the classes' heads.
    Everything taken out is remembered; put_back() returns what did not
    cross."""

    def __init__(self, run, t):
        self.run, self.t, self.taken, self.merge = run, t, [], []
        for key, heap in run.cleared.items():
            self._refill(key, heap)

    def _refill(self, key, heap):
        while heap:
            ws, pid, p = heapq.heappop(heap)
            if p.state != CLEARED:
                continue  # died while cleared
            heapq.heappush(self.merge, (-score(self.run.sc, p, self.t), ws, p.u, not p.child,
                                        pid, key, p))
            return

    def next(self):
        if not self.merge:
            return None
        key, p = heapq.heappop(self.merge)[-2:]
        self._refill(key, self.run.cleared[key])
        self.taken.append(p)
        return p

    def put_back(self):
        for p in self.taken:
            if p.state == CLEARED:
                heapq.heappush(self.run.cleared[(p.u, p.child)], (p.ws, p.id, p))
        for entry in self.merge:
            p = entry[-1]
            heapq.heappush(self.run.cleared[entry[-2]], (p.ws, p.id, p))


class Left:
    """Places left: patients, companions, total (0: none) and the cap."""

    def __init__(self, sc, cap):
        self.p, self.c = sc.patient_places, sc.companion_places
        self.tot = sc.total_places if sc.total_places > 0 else INF
        self.cap = cap

    def fits(self, c):
        return 1 <= self.p and c <= self.c and 1 + c <= self.tot and 1 + c <= self.cap

    def take(self, c, sign=1):
        self.p -= sign
        self.c -= sign * c
        self.tot -= sign * (1 + c)
        self.cap -= sign * (1 + c)


def crossing_day(run, t):
    sc, rng = run.sc, run.rng
    entry_list = min(run.entry_queue, sc.entry_places)
    cap = entry_list if sc.equal_in_out else INF
    left, empty = Left(sc, cap), Left(sc, cap)
    order = Order(run, t)
    # docs/policy.md: each patient examined in order goes on the main list if
    # its group fits the places left; if not, on standby while standby has
    # room, if its group would fit an empty day. Examining stops when no
    # group of the smallest size fits and the standby list is full.
    main, standby = [], []
    while left.fits(run.c_min) or len(standby) < sc.standby:
        p = order.next()
        if p is None:
            break
        c = run.draw_companions()
        if left.fits(c):
            left.take(c)
            main.append((p, c))
        elif len(standby) < sc.standby and empty.fits(c):
            standby.append((p, c))
    came = []
    for p, c in main:
        if rng.random() < sc.no_show:
            left.take(c, -1)
        else:
            came.append((p, c))
    for p, c in standby:
        if left.fits(c):
            left.take(c)
            if rng.random() < sc.no_show:
                left.take(c, -1)
            else:
                came.append((p, c))
    exit_travellers = 0
    for p, c in came:
        if rng.random() < sc.turn_back:
            continue
        run.leave(p, CROSSED)
        run.crossed += 1
        exit_travellers += 1 + c
    entering = min(entry_list, exit_travellers) if sc.equal_in_out else entry_list
    run.entry_queue -= entering
    order.put_back()
