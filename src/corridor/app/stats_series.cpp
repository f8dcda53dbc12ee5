// The dashboard's figures over time (issue 15): the backlog day by day and
// the parties' decision times. Each is core::derive run on a case's facts
// as they stood at a past moment, so the figures follow the same rules as
// the case's state today.

#include <corridor/app/stats_series.hpp>

#include <algorithm>
#include <cmath>

namespace corridor::app::stats_detail {
// The facts of a case as they stood just before `t`: the decisions and the
// closure made before it, the gate's outcome if it came on `day` or
// earlier. The snapshot is the current one (amendments are not undone).
core::CaseFacts facts_before(const core::CaseFacts& f, core::Timestamp t, const GateEnd* end,
                             const core::Date& day) {
  core::CaseFacts out;
  out.registered_at = f.registered_at;
  out.snapshot = f.snapshot;
  out.snapshot_at = std::min(f.snapshot_at, t);
  for (const core::Decision& d : f.decisions)
    if (d.at < t) out.decisions.push_back(d);
  if (f.closure && f.closure->at < t) out.closure = f.closure;
  if (end && end->on <= day) out.travel = end->travel;
  return out;
}

std::string role_of(const core::Config& config, const std::string& category) {
  const core::CategoryDef* cat = config.find_category(category);
  if (cat && cat->group_of) return "companion";
  if (cat && cat->needs_urgency) return "patient";
  return "other";
}

bool passes(const StatsFilter& f, const core::CaseRecord& r) {
  if (f.direction && r.direction != *f.direction) return false;
  if (f.category && r.category != *f.category) return false;
  if (f.urgency && r.urgency != *f.urgency) return false;
  return true;
}

double percentile(const std::vector<double>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

Backlog::Backlog(const core::Config& config,
                 std::vector<std::pair<core::Date, core::Timestamp>> ends)
    : m_config(config), m_ends(std::move(ends)) {
  for (const auto& [date, t] : m_ends) m_days.push_back(Stats::BacklogDay{date, 0, {}});
}

void Backlog::add(const store::StoredCase& sc, const core::WorkflowDef& wf, const GateEnd* end) {
  const std::string role = role_of(m_config, sc.record.category);
  for (std::size_t i = 0; i < m_ends.size(); ++i) {
    const auto& [day, t] = m_ends[i];
    if (sc.facts.registered_at >= t) continue;
    const core::CaseView v = core::derive(wf, facts_before(sc.facts, t, end, day), t);
    if (!core::is_open(v.state)) continue;
    ++m_days[i].waiting;
    ++m_days[i].by_role[role];
  }
}

DecisionClock::DecisionClock(const core::Config& config, core::Timestamp from, core::Timestamp to)
    : m_config(config), m_from(from), m_to(to) {}

std::optional<std::int64_t> decision_wait(const core::CaseFacts& facts, const core::WorkflowDef& wf,
                                          std::size_t i) {
  const auto& all = facts.decisions;
  const core::Decision& d = all[i];
  if (d.outcome == core::Outcome::revoke) return std::nullopt;
  // The case as the party found it: the decisions before this one.
  core::CaseFacts before = facts;
  before.decisions.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(i));
  before.closure.reset();
  before.travel.reset();
  before.snapshot_at = std::min(facts.snapshot_at, d.at);
  const core::CaseView v = core::derive(wf, before, d.at);
  const core::StageView* s = v.find(d.stage);
  if (!s || !s->actionable() || s->since > d.at) return std::nullopt;
  return d.at - s->since;
}

void DecisionClock::add(const store::StoredCase& sc, const core::WorkflowDef& wf) {
  const auto& all = sc.facts.decisions;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const core::Decision& d = all[i];
    if (d.at < m_from || d.at >= m_to) continue;
    auto wait = decision_wait(sc.facts, wf, i);
    if (!wait) continue;
    m_waits[{d.stage, d.party}].push_back(static_cast<double>(*wait) / 3600.0);
  }
}

std::vector<Stats::DecisionTimes> DecisionClock::take() {
  std::vector<Stats::DecisionTimes> out;
  for (const core::WorkflowDef& wf : m_config.workflows)
    for (const core::StageDef& s : wf.stages) {
      const bool seen = std::any_of(out.begin(), out.end(), [&](const Stats::DecisionTimes& t) {
        return t.stage == s.id && t.party == s.party;
      });
      if (seen) continue;
      Stats::DecisionTimes t{s.id, s.party, s.deadline_hours, 0, 0, std::nullopt, std::nullopt};
      auto it = m_waits.find({s.id, s.party});
      if (it != m_waits.end() && !it->second.empty()) {
        std::vector<double>& w = it->second;
        std::sort(w.begin(), w.end());
        t.decisions = static_cast<std::int64_t>(w.size());
        if (s.deadline_hours > 0)
          t.over_deadline = std::count_if(w.begin(), w.end(), [&](double h) {
            return h > static_cast<double>(s.deadline_hours);
          });
        t.median_hours = percentile(w, 0.5);
        t.p90_hours = percentile(w, 0.9);
      }
      out.push_back(std::move(t));
    }
  return out;
}

}  // namespace corridor::app::stats_detail
