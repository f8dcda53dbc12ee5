// The patients' part of `plan calibrate` (calibrate_observe.hpp): one scan
// of the patient category's exit cases (store::case_outlines: no names or
// documents), each derived by core::derive at `now` and just before each
// of its decisions, as the dashboard's decision times are
// (app/stats_series.cpp). Counts only leave this file.

#include <corridor/plan/calibrate_observe.hpp>

#include <corridor/plan/calibrate.hpp>

#include <corridor/app/timezone.hpp>
#include <corridor/core/workflow.hpp>
#include <corridor/store/crossing_repo.hpp>
#include <corridor/store/plan_repo.hpp>

#include <algorithm>
#include <optional>
#include <tuple>

namespace corridor::plan::calibration {
namespace {

constexpr double k_day = core::k_seconds_per_day;

// The case's facts as they stood when `d` (its i-th decision) was made.
core::CaseFacts before_decision(const core::CaseFacts& f, std::size_t i) {
  core::CaseFacts out = f;
  out.decisions.assign(f.decisions.begin(), f.decisions.begin() + static_cast<std::ptrdiff_t>(i));
  out.closure.reset();
  out.travel.reset();
  out.scheduled_on.reset();
  out.snapshot_at = std::min(f.snapshot_at, f.decisions[i].at);
  return out;
}

// The stages of the lowest step not wholly approved: the model's "pending
// stages of one step"; empty when every stage stands approved (cleared).
std::vector<std::string> pending_step(const core::CaseView& v) {
  std::optional<int> step;
  std::vector<std::string> out;
  for (const core::StageView& s : v.stages) {
    if (s.status == core::StageStatus::approved) continue;
    if (!step) step = s.def->step;
    if (s.def->step == *step) out.push_back(s.def->id);
  }
  return out;
}

// Marks the window's days that a stage had a patient pending, as a
// difference array over day indexes (day 0 = the window's first).
class BusyDays {
public:
  BusyDays(std::vector<core::Timestamp> midnights) : m_midnights(std::move(midnights)) {}

  // Pending from `a` to `b` (instants): every day they touch in the window.
  void mark(const std::string& stage, core::Timestamp a, core::Timestamp b) {
    const std::int64_t days = static_cast<std::int64_t>(m_midnights.size()) - 1;
    if (b < m_midnights.front() || a >= m_midnights.back() || b < a) return;
    auto& diff = m_diff[stage];
    diff.resize(static_cast<std::size_t>(days) + 1);
    ++diff[static_cast<std::size_t>(index(a))];
    --diff[static_cast<std::size_t>(index(b)) + 1];
  }

  // The day index of instant `t` (clamped to the window).
  std::int64_t index(core::Timestamp t) const {
    auto it = std::upper_bound(m_midnights.begin(), m_midnights.end() - 1, t);
    const auto i = static_cast<std::int64_t>(it - m_midnights.begin()) - 1;
    return std::clamp<std::int64_t>(i, 0, static_cast<std::int64_t>(m_midnights.size()) - 2);
  }

  // Whether each day of the window was busy for `stage`.
  std::vector<bool> busy(const std::string& stage) const {
    std::vector<bool> out(m_midnights.size() - 1, false);
    auto it = m_diff.find(stage);
    if (it == m_diff.end()) return out;
    std::int64_t running = 0;
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = (running += it->second[i]) > 0;
    return out;
  }

private:
  std::vector<core::Timestamp> m_midnights;  // each day's start, and the end of the last
  std::map<std::string, std::vector<std::int64_t>> m_diff;
};

using BacklogKey = std::tuple<int, bool, std::vector<std::string>, std::int64_t>;

class Scan {
public:
  Scan(const core::Config& config, const Roles& roles, const core::Date& start, Observations& obs,
       BusyDays busy, std::map<std::string, core::Timestamp> gate_ends)
      : m_pooled(config.urgencies.size() == 1 && config.urgencies[0] == k_pooled_class),
        m_config(config),
        m_roles(roles),
        m_start(start),
        m_obs(obs),
        m_busy(std::move(busy)),
        m_gate_ends(std::move(gate_ends)) {}

  void add(const store::StoredCase& sc);
  void finish();

private:
  void referral(const core::CaseRecord& r, ClassCounts& c);
  void decisions(const store::StoredCase& sc);
  void pending_at_end(const store::StoredCase& sc, const core::CaseView& now_view);
  core::Timestamp waited_until(const store::StoredCase& sc, const core::CaseView& v) const;
  void backlog(const core::CaseRecord& r, const core::CaseView& v, int rank);

  bool m_pooled;  // the config's urgencies pooled (calibrate's pool_urgency)
  const core::Config& m_config;
  const Roles& m_roles;
  core::Date m_start;
  Observations& m_obs;
  BusyDays m_busy;
  std::map<std::string, core::Timestamp> m_gate_ends;             // ref -> crossed or turned back
  std::map<std::string, std::vector<core::Timestamp>> m_decided;  // stage -> decision times
  std::map<BacklogKey, std::pair<core::Date, std::int64_t>> m_backlog;
};

void Scan::add(const store::StoredCase& sc) {
  const core::CaseRecord& r = sc.record;
  std::optional<int> rank = m_config.urgency_rank(r.urgency);
  if (m_pooled && !r.urgency.empty()) rank = 0;  // every level in the one class
  if (!rank) return;                             // no class to count it in
  ClassCounts& c = m_obs.classes[m_config.urgencies[static_cast<std::size_t>(*rank)]];
  const Window& w = m_obs.window;
  referral(r, c);
  const core::CaseView view = core::derive(*m_roles.workflow, sc.facts, w.now);
  const core::Timestamp from = std::max(r.registered_at, w.from);
  const core::Timestamp until = std::min(waited_until(sc, view), w.now);
  if (until > from) c.exposure_days += static_cast<double>(until - from) / k_day;
  const auto& closure = sc.facts.closure;
  if (closure && closure->kind == core::ClosureKind::deceased && closure->at >= w.from &&
      closure->at <= w.now)
    ++c.deaths;
  decisions(sc);
  pending_at_end(sc, view);
  if (core::is_open(view.state)) backlog(r, view, *rank);
}

// A referral counts on its referral date (else its registration's), as
// the priority's days waiting do (docs/policy.md).
void Scan::referral(const core::CaseRecord& r, ClassCounts& c) {
  const core::Date on = r.requested_on.value_or(core::utc_date(r.registered_at));
  if (on < m_obs.window.first || on > m_obs.window.today) return;
  ++c.referrals;
  if (core::age_on(r.person.date_of_birth, on) < m_config.crossing.child_age) ++c.children;
}

// When the patient stopped waiting: died or withdrawn, crossed or turned
// back at the gate, denied; `now` while it waits.
core::Timestamp Scan::waited_until(const store::StoredCase& sc, const core::CaseView& v) const {
  if (sc.facts.closure) return sc.facts.closure->at;
  if (v.state == core::CaseState::crossed || v.state == core::CaseState::turned_back) {
    auto it = m_gate_ends.find(sc.record.ref);
    return it == m_gate_ends.end() ? m_obs.window.now : it->second;
  }
  if (v.state == core::CaseState::denied)
    for (const core::StageView& s : v.stages)
      if (s.status == core::StageStatus::denied && s.decision) return s.decision->at;
  return m_obs.window.now;
}

void Scan::decisions(const store::StoredCase& sc) {
  const auto& all = sc.facts.decisions;
  const Window& w = m_obs.window;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const core::Decision& d = all[i];
    if (d.outcome == core::Outcome::revoke || d.at < w.from || d.at > w.now) continue;
    if (!m_roles.workflow->find_stage(d.stage)) continue;
    StageCounts& st = m_obs.stages[d.stage];
    if (d.outcome == core::Outcome::approve) ++st.approved;
    if (d.outcome == core::Outcome::deny) ++st.denied;
    if (d.outcome == core::Outcome::ret) ++st.returned;
    m_decided[d.stage].push_back(d.at);
    // The stage as its party found it: decidable since when?
    const core::CaseView v = core::derive(*m_roles.workflow, before_decision(sc.facts, i), d.at);
    const core::StageView* s = v.find(d.stage);
    if (!s || !s->actionable() || s->since > d.at) continue;
    st.wait_days.push_back(static_cast<double>(d.at - s->since) / k_day);
    m_busy.mark(d.stage, s->since, d.at);
  }
}

// The stages still pending when the case stopped (its closure) or now.
void Scan::pending_at_end(const store::StoredCase& sc, const core::CaseView& now_view) {
  auto mark = [&](const core::CaseView& v, core::Timestamp end) {
    for (const core::StageView& s : v.stages)
      if (s.actionable() && s.status != core::StageStatus::returned)
        m_busy.mark(s.def->id, s.since, end);
  };
  if (core::is_open(now_view.state)) return mark(now_view, m_obs.window.now);
  if (!sc.facts.closure) return;  // crossed, turned back or denied: no stage left waiting
  core::CaseFacts f = sc.facts;
  f.closure.reset();
  mark(core::derive(*m_roles.workflow, f, sc.facts.closure->at), sc.facts.closure->at);
}

// Grouped by urgency, child, pending stages and week of referral: weeks
// counted back from day 0.
// A row is dated by the first day of its week, not by a referral in it: a
// row of one patient would otherwise give that patient's referral date.
void Scan::backlog(const core::CaseRecord& r, const core::CaseView& v, int rank) {
  core::Date since = r.requested_on.value_or(core::utc_date(r.registered_at));
  since = std::min(since, m_obs.window.today);
  const bool child = core::age_on(r.person.date_of_birth, m_start) < m_config.crossing.child_age;
  const std::int64_t last = m_start.days_since_epoch() - 1;  // the last day of week 0
  const std::int64_t week = (last - since.days_since_epoch()) / 7;
  auto& [first, count] = m_backlog[BacklogKey{rank, child, pending_step(v), week}];
  first = core::Date::from_days_since_epoch(last - 7 * week - 6);
  ++count;
}

void Scan::finish() {
  for (auto& [key, value] : m_backlog) {
    const auto& [rank, child, pending, week] = key;
    m_obs.backlog.push_back(BacklogEntry{m_config.urgencies[static_cast<std::size_t>(rank)], child,
                                         pending, value.first, value.second});
  }
  // Most urgent first, adults first, pending as the model lists them,
  // oldest week first.
  std::stable_sort(m_obs.backlog.begin(), m_obs.backlog.end(), [&](const auto& a, const auto& b) {
    auto ra = *m_config.urgency_rank(a.urgency), rb = *m_config.urgency_rank(b.urgency);
    return std::tie(ra, a.child, a.pending, a.waiting_since) <
           std::tie(rb, b.child, b.pending, b.waiting_since);
  });
  for (const core::StageDef& s : m_roles.workflow->stages) {
    StageCounts& st = m_obs.stages[s.id];
    std::sort(st.wait_days.begin(), st.wait_days.end());
    const std::vector<bool> busy = m_busy.busy(s.id);
    st.busy_days = std::count(busy.begin(), busy.end(), true);
    for (core::Timestamp t : m_decided[s.id])
      if (busy[static_cast<std::size_t>(m_busy.index(t))]) ++st.busy_decisions;
  }
}

// Each day's first instant from the window's first day, and the end of today.
core::Result<std::vector<core::Timestamp>> midnights(const Window& w, const std::string& tz) {
  std::vector<core::Timestamp> out;
  for (core::Date d = w.first; d <= w.today.plus_days(1); d = d.plus_days(1)) {
    auto t = app::local_instant(d, "00:00", tz);
    if (!t) return std::move(t).error();
    out.push_back(*t);
  }
  return out;
}

}  // namespace

core::Result<void> observe_cases(store::Database& db, const core::Config& config,
                                 const Roles& roles, const core::Date& start, Observations& obs) {
  auto days = midnights(obs.window, config.crossing.time_zone);
  if (!days) return std::move(days).error();
  auto events = store::gate_events_since(db, core::Date{1, 1, 1});
  if (!events) return std::move(events).error();
  std::map<std::string, core::Timestamp> ends;
  for (const store::GateEvent& e : *events)
    if (e.outcome == "crossed" || e.outcome == "turned-back") ends[e.case_ref] = e.at;
  for (const std::string& u : config.urgencies) obs.classes[u];
  for (const core::StageDef& s : roles.workflow->stages) obs.stages[s.id];
  Scan scan(config, roles, start, obs, BusyDays(std::move(days).value()), std::move(ends));
  auto cases = store::for_each_case_outline(db, core::Direction::exit, roles.patient,
                                            [&](store::StoredCase&& sc) { scan.add(sc); });
  if (!cases) return std::move(cases).error();
  scan.finish();
  return {};
}

}  // namespace corridor::plan::calibration
