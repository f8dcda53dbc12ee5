"""The scenario file (corridor-plan-scenario/v1, docs/planner.md) for the
SimPy reference model: read with tomllib, and the `--set key=value` changes
of `corridor plan run`. Checks what the model needs; the full checks of
every key are the C++ parser's (plan::parse_scenario)."""

import datetime
import tomllib
from types import SimpleNamespace

WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]


class ScenarioError(Exception):
    pass


def _date(v, key):
    if isinstance(v, datetime.date):
        return v
    try:
        return datetime.date.fromisoformat(str(v))
    except ValueError:
        raise ScenarioError(f"{key}: not a date: {v!r}")


def _prob(v, key):
    if not isinstance(v, (int, float)) or not 0 <= v <= 1:
        raise ScenarioError(f"{key}: must be a probability in [0, 1]")
    return float(v)


def load_scenario(path):
    with open(path, "rb") as f:
        try:
            doc = tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            raise ScenarioError(str(e))
    try:
        return _read(doc)
    except KeyError as e:
        raise ScenarioError(f"{e.args[0]}: is missing")


def _read(doc):
    if doc.get("format") != "corridor-plan-scenario/v1":
        raise ScenarioError("format: must be \"corridor-plan-scenario/v1\"")
    sc = SimpleNamespace(name=doc.get("name", ""), start=_date(doc.get("start"), "start"))
    x = doc.get("crossing", {})
    sc.open_weekdays = {WEEKDAYS.index(d) for d in x["open_weekdays"]}
    sc.suspend_probability = _prob(x.get("suspend_probability", 0.0), "crossing.suspend_probability")
    sc.suspend_repeat = _prob(x.get("suspend_repeat", sc.suspend_probability), "crossing.suspend_repeat")
    sc.patient_places = int(x["patient_places"])
    sc.companion_places = int(x["companion_places"])
    sc.total_places = int(x.get("total_places", 0))
    sc.equal_in_out = bool(x.get("equal_in_out", False))
    sc.entry_per_day = float(x.get("entry_per_day", 0.0))
    sc.entry_places = int(x.get("entry_places", 0))
    sc.standby = int(x.get("standby", 0))
    sc.no_show = _prob(x.get("no_show", 0.0), "crossing.no_show")
    sc.turn_back = _prob(x.get("turn_back", 0.0), "crossing.turn_back")
    sc.companions = [float(q) for q in x["companions"]]
    if abs(sum(sc.companions) - 1) > 1e-6:
        raise ScenarioError("crossing.companions: must sum to 1")
    pr = doc.get("priority", {})
    sc.urgency_points = int(pr.get("urgency_points", 1000))
    sc.points_per_day = int(pr.get("points_per_day", 5))
    sc.max_aging_points = int(pr.get("max_aging_points", 1500))
    sc.child_points = int(pr.get("child_points", 100))
    sc.classes = []
    for i, c in enumerate(doc.get("class", [])):
        sc.classes.append(SimpleNamespace(
            urgency=c["urgency"], referrals_per_day=float(c.get("referrals_per_day", 0.0)),
            child_share=_prob(c.get("child_share", 0.0), f"class[{i}].child_share"),
            death_hazard=_prob(c.get("death_hazard", 0.0), f"class[{i}].death_hazard")))
    _stages(sc, doc)
    _backlog(sc, doc)
    return sc


def _stages(sc, doc):
    sc.stages = []
    for i, s in enumerate(doc.get("stage", [])):
        st = SimpleNamespace(id=s["id"], step=int(s.get("step", 1)),
                             min_days=int(s.get("min_days", 1)),
                             capacity_per_day=float(s.get("capacity_per_day", 0.0)),
                             approve=_prob(s["approve"], f"stage[{i}].approve"),
                             deny=_prob(s.get("deny", 0.0), f"stage[{i}].deny"))
        if st.min_days < 1:
            raise ScenarioError(f"stage[{i}].min_days: must be at least 1")
        sc.stages.append(st)
    numbers = sorted({st.step for st in sc.stages})
    # steps[k]: the indices of the stages of the k-th step, in scenario order.
    sc.steps = [[i for i, st in enumerate(sc.stages) if st.step == n] for n in numbers]
    sc.step_of = {st.id: numbers.index(st.step) for st in sc.stages}
    sc.stage_index = {st.id: i for i, st in enumerate(sc.stages)}


def _backlog(sc, doc):
    levels = [c.urgency for c in sc.classes]
    sc.backlog = []
    for i, b in enumerate(doc.get("backlog", [])):
        if b["urgency"] not in levels:
            raise ScenarioError(f"backlog[{i}].urgency: not a class: {b['urgency']!r}")
        pending = [sc.stage_index[n] for n in b.get("pending", [])]
        step = sc.step_of[b["pending"][0]] if pending else None
        ws = (_date(b["waiting_since"], f"backlog[{i}].waiting_since") - sc.start).days
        sc.backlog.append(SimpleNamespace(u=levels.index(b["urgency"]), child=bool(b.get("child", False)),
                                          pending=pending, step=step, ws=ws,
                                          count=int(b.get("count", 0))))
    sc.start_weekday = (sc.start.weekday() + 1) % 7  # 0 = Sunday


def apply_set(sc, kv):
    """One `--set key=value` of `corridor plan run` (the contract's Changes)."""
    key, sep, value = kv.partition("=")
    if not sep:
        raise ScenarioError(f"--set {kv}: expected key=value")
    try:
        if key in ("patient_places", "companion_places"):
            setattr(sc, key, int(value))
        elif key == "days_open_per_week":
            n = int(value)
            if not 1 <= n <= 7:
                raise ValueError
            sc.open_weekdays = set(range(n))
        elif key == "suspend_probability":
            sc.suspend_probability = _prob(float(value), key)
        elif key == "equal_in_out":
            if value not in ("true", "false"):
                raise ValueError
            sc.equal_in_out = value == "true"
        elif key.startswith("min_days.") or key.startswith("capacity_per_day."):
            field, _, stage = key.partition(".")
            st = sc.stages[sc.stage_index[stage]]
            setattr(st, field, int(value) if field == "min_days" else float(value))
        else:
            raise ScenarioError(f"--set {key}: unknown key")
    except (ValueError, KeyError):
        raise ScenarioError(f"--set {key}: bad value or stage: {value!r}")
