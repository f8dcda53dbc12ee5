// The public figures in one pass over the log (docs/figures.md). Each
// case's stages come from core::derive, run when a statement about the case
// arrives or when one of its approvals expires, never per day; the cases
// pending at each (party, stage) are kept ordered by when they started
// waiting, so closing a day walks only the pending cases.

#include <corridor/ledger/figures.hpp>

#include <corridor/core/workflow.hpp>

#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>

#include <algorithm>
#include <deque>
#include <limits>
#include <queue>
#include <set>
#include <tuple>
#include <unordered_map>

namespace corridor::ledger {
namespace {

// A crossing statement covers at most this many days: the store never
// applies a longer change (core/days.hpp), and a hostile export's longer
// range must not multiply into memory.
constexpr std::int64_t k_max_covered_days = 366;

// The nearest-rank percentile's rank (1-based) for p = num/den of n values:
// ceil(n * num / den).
std::size_t rank_of(std::size_t n, std::size_t num, std::size_t den) {
  return std::max<std::size_t>(1, (n * num + den - 1) / den);
}

struct DayAcc {
  std::vector<CrossingItem> crossing;
  std::optional<core::Capacity> capacity;  // the last opening covering the day
  std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> decisions;
  std::vector<PendingFigure> pending;  // set when the day is closed
  std::map<std::pair<std::string, std::string>, std::int64_t> crossed;  // (direction, category)
  std::set<std::string> no_shows;  // the cases: the gate's no-shows and the day report's
  std::map<std::string, std::int64_t> turn_backs;
  std::int64_t deaths = 0;
  std::vector<std::int64_t> to_crossing;  // seconds from registration to crossing
};

// Instants, each with the id of the slot that put it there (so equal
// instants stay distinct), ordered, with ranks in O(log n): a day's median,
// p90 and overdue count cost O(log n), not a walk of the pending cases.
using Ranked = std::pair<core::Timestamp, std::uint64_t>;
using RankedSet =
    __gnu_pbds::tree<Ranked, __gnu_pbds::null_type, std::less<Ranked>, __gnu_pbds::rb_tree_tag,
                     __gnu_pbds::tree_order_statistics_node_update>;

// The cases pending at one (party, stage), across workflows.
struct StageKey {
  std::string party, stage;
  RankedSet since;          // when each started waiting
  RankedSet overdue_after;  // since + deadline, where one applies
};

struct Slot {
  std::size_t key = 0;
  std::uint64_t id = 0;
  core::Timestamp since = 0;
  std::optional<core::Timestamp> overdue_after;
};

struct Case {
  const core::WorkflowDef* wf = nullptr;
  const std::vector<std::size_t>* keys = nullptr;  // the StageKey of each workflow stage
  std::string direction, category;
  core::CaseFacts facts;
  std::vector<Slot> slots;  // what the case adds to the pending sets now
  bool open = false;
  std::uint64_t generation = 0;
};

struct Expiry {
  core::Timestamp at = 0;
  std::size_t case_idx = 0;
  std::uint64_t generation = 0;
  bool operator>(const Expiry& o) const {
    return std::tie(at, case_idx) > std::tie(o.at, o.case_idx);
  }
};

}  // namespace

struct FiguresBuilder::Impl {
  const core::Config& config;
  const DayClock& clock;
  std::vector<StageKey> keys;
  std::map<const core::WorkflowDef*, std::vector<std::size_t>> wf_keys;
  std::unordered_map<std::string, std::size_t> case_index;
  std::deque<Case> cases;  // grows without moving the cases
  std::priority_queue<Expiry, std::vector<Expiry>, std::greater<>> expiries;
  std::map<core::Date, DayAcc> days;
  bool started = false;
  core::Date current{}, first{}, last{};
  core::Timestamp now = std::numeric_limits<core::Timestamp>::min();
  std::int64_t registered = 0, crossed = 0, deaths = 0, open_cases = 0;
  std::uint64_t slots_made = 0;

  Impl(const core::Config& c, const DayClock& k) : config(c), clock(k) {
    for (const core::WorkflowDef& wf : config.workflows) {
      std::vector<std::size_t>& ids = wf_keys[&wf];
      for (const core::StageDef& s : wf.stages) {
        auto it = std::find_if(keys.begin(), keys.end(), [&](const StageKey& k) {
          return k.party == s.party && k.stage == s.id;
        });
        if (it == keys.end()) it = keys.insert(keys.end(), StageKey{s.party, s.id, {}, {}});
        ids.push_back(static_cast<std::size_t>(it - keys.begin()));
      }
    }
  }

  // Re-derives a case at `now` and puts its actionable stages in the
  // pending sets (StageView::actionable; overdue as StageView::overdue).
  void refresh(std::size_t idx) {
    Case& c = cases[idx];
    ++c.generation;
    for (const Slot& s : c.slots) {
      StageKey& k = keys[s.key];
      k.since.erase({s.since, s.id});
      if (s.overdue_after) k.overdue_after.erase({*s.overdue_after, s.id});
    }
    c.slots.clear();
    if (!c.wf) return;
    const core::CaseView v = core::derive(*c.wf, c.facts, now);
    const bool open = core::is_open(v.state);
    if (open != c.open) open_cases += open ? 1 : -1;
    c.open = open;
    if (!open) return;
    std::optional<core::Timestamp> next;
    for (std::size_t i = 0; i < v.stages.size(); ++i) {
      const core::StageView& s = v.stages[i];
      if (s.status == core::StageStatus::approved && s.expires_at &&
          (!next || *s.expires_at < *next))
        next = s.expires_at;
      if (!s.actionable()) continue;
      Slot slot{(*c.keys)[i], ++slots_made, s.since, std::nullopt};
      if (s.status != core::StageStatus::returned && s.def->deadline_hours > 0)
        slot.overdue_after = s.since + std::int64_t{s.def->deadline_hours} * 3600;
      keys[slot.key].since.insert({slot.since, slot.id});
      if (slot.overdue_after) keys[slot.key].overdue_after.insert({*slot.overdue_after, slot.id});
      c.slots.push_back(slot);
    }
    if (next) expiries.push({*next, idx, c.generation});
  }

  // The pending figures at the end of `day`, after the approvals that
  // expire by then.
  void close_day(const core::Date& day) {
    const core::Timestamp end = clock.end_of(day);
    now = std::max(now, end);
    while (!expiries.empty() && expiries.top().at <= end) {
      const Expiry e = expiries.top();
      expiries.pop();
      if (cases[e.case_idx].generation == e.generation) refresh(e.case_idx);
    }
    std::vector<PendingFigure>& out = days[day].pending;
    out.clear();
    for (const StageKey& k : keys) {
      PendingFigure p{k.party, k.stage, static_cast<std::int64_t>(k.since.size()), 0, 0, 0};
      const std::size_t n = k.since.size();
      if (n > 0) {
        // Waits ascending are starts descending: the r-th shortest wait is
        // the start at (0-based) order n - r.
        auto wait_at = [&](std::size_t r) {
          const core::Timestamp start = k.since.find_by_order(n - r)->first;
          return tenths_of_days(std::max<std::int64_t>(0, end - start));
        };
        p.median_tenths = wait_at(rank_of(n, 1, 2));
        p.p90_tenths = wait_at(rank_of(n, 9, 10));
      }
      // Slot ids start at 1: (end, 0) is below every (end, id).
      p.overdue = static_cast<std::int64_t>(k.overdue_after.order_of_key({end, 0}));
      out.push_back(std::move(p));
    }
  }

  // The index of a registered case, or nullopt.
  std::optional<std::size_t> find(const std::string& id) const {
    auto it = case_index.find(id);
    if (it == case_index.end()) return std::nullopt;
    return it->second;
  }

  void registration(const Statement& s, const Registration& r) {
    if (case_index.count(s.case_ref)) return;
    ++registered;
    Case c;
    c.wf = config.workflow_for(r.direction, r.category);
    if (c.wf) c.keys = &wf_keys.at(c.wf);
    c.direction = std::string(core::to_string(r.direction));
    c.category = r.category;
    c.facts.registered_at = s.time;
    c.facts.snapshot = r.snapshot;
    c.facts.snapshot_at = s.time;
    case_index.emplace(s.case_ref, cases.size());
    cases.push_back(std::move(c));
    refresh(cases.size() - 1);
  }

  void decision(const Statement& s, const Decision& d, DayAcc& acc) {
    ++acc.decisions[{s.party, d.stage, std::string(core::to_string(d.outcome))}];
    const auto idx = find(s.case_ref);
    Case* c = idx ? &cases[*idx] : nullptr;
    if (!c) return;
    core::Decision cd;
    cd.stage = d.stage;
    cd.party = s.party;
    cd.outcome = d.outcome;
    cd.reason = d.reason;
    cd.snapshot = d.snapshot;
    cd.at = s.time;
    c->facts.decisions.push_back(std::move(cd));
    refresh(*idx);
  }

  void amendment(const Statement& s, const Amendment& a) {
    const auto idx = find(s.case_ref);
    Case* c = idx ? &cases[*idx] : nullptr;
    if (!c || a.snapshot == c->facts.snapshot) return;
    c->facts.snapshot = a.snapshot;
    c->facts.snapshot_at = s.time;
    refresh(*idx);
  }

  void closure(const Statement& s, const Closure& k, DayAcc& acc) {
    // A sealed kind (docs/log_format.md, "Sealed reasons") is private:
    // closed, but not counted as a death.
    const std::string reason = k.sealed ? "private" : std::string(core::to_string(k.kind));
    if (reason == "deceased") {
      ++acc.deaths;
      ++deaths;
    }
    const auto idx = find(s.case_ref);
    Case* c = idx ? &cases[*idx] : nullptr;
    if (!c || c->facts.closure) return;
    core::Closure cl;
    cl.kind = reason == "deceased" ? core::ClosureKind::deceased : core::ClosureKind::withdrawn;
    cl.party = s.party;
    cl.at = s.time;
    c->facts.closure = cl;
    refresh(*idx);
  }

  // A duplicate is closed: its person waits once, as the kept case.
  void same_person(const Statement& s) {
    const auto idx = find(s.case_ref);
    Case* c = idx ? &cases[*idx] : nullptr;
    if (!c || c->facts.closure) return;
    core::Closure cl;
    cl.kind = core::ClosureKind::duplicate;
    cl.party = s.party;
    cl.at = s.time;
    c->facts.closure = cl;
    refresh(*idx);
  }

  void crossing(std::uint64_t entry, const Statement& s, const CrossingChange& x) {
    const core::Date until = x.until.value_or(x.day);
    CrossingItem item{std::string(to_string(x.action)), s.party, public_reason(x.reason), entry};
    for (std::int64_t i = 0; i <= k_max_covered_days; ++i) {
      const core::Date d = x.day.plus_days(i);
      if (d > until) break;
      DayAcc& acc = days[d];
      acc.crossing.push_back(item);
      if (x.action == CrossingAction::open && x.capacity) acc.capacity = x.capacity;
    }
  }

  void gate(const Statement& s, const GateEvent& g, DayAcc& acc) {
    if (g.outcome == GateOutcome::no_show) {
      days[g.day].no_shows.insert(s.case_ref);
      return;
    }
    if (g.outcome == GateOutcome::turned_back) ++acc.turn_backs[public_reason(g.reason)];
    const auto idx = find(s.case_ref);
    Case* c = idx ? &cases[*idx] : nullptr;
    if (!c) return;
    if (g.outcome == GateOutcome::crossed) {
      ++crossed;
      ++acc.crossed[{c->direction, c->category}];
      acc.to_crossing.push_back(std::max<std::int64_t>(0, s.time - c->facts.registered_at));
    }
    if (c->facts.travel) return;
    c->facts.travel =
        g.outcome == GateOutcome::crossed ? core::Travel::crossed : core::Travel::turned_back;
    refresh(*idx);
  }
};

FiguresBuilder::FiguresBuilder(const core::Config& config, const DayClock& clock)
    : m(std::make_unique<Impl>(config, clock)) {}
FiguresBuilder::~FiguresBuilder() = default;

core::Result<void> FiguresBuilder::add(std::uint64_t entry, const Statement& s) {
  const core::Date day = m->clock.day_of(s.time);
  if (m->started) {
    const std::int64_t from = m->first.days_since_epoch(), to = m->last.days_since_epoch();
    const std::int64_t d = day.days_since_epoch();
    if (d - from > k_figures_max_days || to - d > k_figures_max_days)
      return core::make_error(core::Errc::bad_input,
                              "entry " + std::to_string(entry) + ": its time (" +
                                  core::format_timestamp(s.time) +
                                  ") is more than ten years from the log's other entries");
  }
  if (!m->started) {
    m->started = true;
    m->current = m->first = m->last = day;
  }
  while (m->current < day) {
    m->close_day(m->current);
    m->current = m->current.plus_days(1);
  }
  m->first = std::min(m->first, day);
  m->last = std::max(m->last, day);
  m->now = std::max(m->now, s.time);
  DayAcc& acc = m->days[day];
  if (auto* r = s.as<Registration>()) m->registration(s, *r);
  if (auto* d = s.as<Decision>()) m->decision(s, *d, acc);
  if (auto* a = s.as<Amendment>()) m->amendment(s, *a);
  if (auto* c = s.as<Closure>()) m->closure(s, *c, acc);
  if (s.as<SamePerson>()) m->same_person(s);
  if (auto* x = s.as<CrossingChange>()) m->crossing(entry, s, *x);
  if (auto* g = s.as<GateEvent>()) m->gate(s, *g, acc);
  // Closing a day makes a no-show of every main-list traveller who did not
  // come, with no gate statement: its report lists them.
  if (auto* r = s.as<DayReport>())
    m->days[r->day].no_shows.insert(r->no_shows.begin(), r->no_shows.end());
  return {};
}

namespace {

Durations durations_of(std::vector<std::int64_t> secs) {
  Durations d;
  d.count = static_cast<std::int64_t>(secs.size());
  if (secs.empty()) return d;
  std::sort(secs.begin(), secs.end());
  d.median_tenths = tenths_of_days(secs[rank_of(secs.size(), 1, 2) - 1]);
  d.p90_tenths = tenths_of_days(secs[rank_of(secs.size(), 9, 10) - 1]);
  return d;
}

// The (direction, category) rows of a day: those crossed or given places,
// and each direction's total when the opening capped it.
std::vector<CrossedFigure> crossings_of(const DayAcc& acc) {
  std::map<std::pair<std::string, std::string>, CrossedFigure> rows;
  auto row = [&](const std::string& dir, const std::string& cat) -> CrossedFigure& {
    CrossedFigure& r = rows[{dir, cat}];
    r.direction = dir;
    r.category = cat;
    return r;
  };
  for (const auto& [k, n] : acc.crossed) row(k.first, k.second).crossed += n;
  if (acc.capacity)
    for (core::Direction d : {core::Direction::exit, core::Direction::entry}) {
      const std::string dir(core::to_string(d));
      const core::DirectionCapacity& cap = acc.capacity->of(d);
      for (const auto& [cat, places] : cap.places) row(dir, cat).capacity = places;
      if (cap.total) {
        CrossedFigure& total = row(dir, "total");
        total.capacity = *cap.total;
        total.crossed = 0;
        for (const auto& [k, n] : acc.crossed)
          if (k.first == dir) total.crossed += n;
      }
    }
  std::vector<CrossedFigure> out;
  for (auto& [k, r] : rows) out.push_back(std::move(r));
  return out;
}

}  // namespace

Figures FiguresBuilder::finish(FiguresCheckpoint checkpoint) {
  Figures f;
  f.checkpoint = std::move(checkpoint);
  f.timezone = m->config.crossing.time_zone;
  if (m->started) {
    m->close_day(m->current);
    for (core::Date d = m->first; d <= m->last; d = d.plus_days(1)) {
      const DayAcc& acc = m->days[d];
      FiguresDay day;
      day.date = d;
      day.crossing = acc.crossing;
      for (const auto& [k, n] : acc.decisions)
        day.decisions.push_back({std::get<0>(k), std::get<1>(k), std::get<2>(k), n});
      day.pending = acc.pending;
      if (day.pending.empty())  // a day before the first entry's (times out of order)
        for (const StageKey& k : m->keys) day.pending.push_back({k.party, k.stage, 0, 0, 0, 0});
      day.crossings = crossings_of(acc);
      day.no_shows = static_cast<std::int64_t>(acc.no_shows.size());
      day.turn_backs = acc.turn_backs;
      day.deaths = acc.deaths;
      day.registration_to_crossing = durations_of(acc.to_crossing);
      f.days.push_back(std::move(day));
    }
  }
  f.registered = m->registered;
  f.crossed = m->crossed;
  f.deaths = m->deaths;
  f.pending = m->open_cases;
  return f;
}

}  // namespace corridor::ledger
