// A case's figures over time (stats_tally.hpp): what it counts in at a
// moment, the moments after which that changes by itself, and the changes
// summed for one write.

#include <corridor/app/stats_series.hpp>
#include <corridor/app/stats_tally.hpp>
#include <corridor/app/timezone.hpp>
#include <corridor/core/workflow.hpp>

#include <algorithm>
#include <limits>

namespace corridor::app::tally {
namespace {

constexpr core::Timestamp k_forever = std::numeric_limits<core::Timestamp>::max();
// More moments than a case can have (each stage expires and falls overdue
// at most once after each decision): a guard, never reached.
constexpr int k_max_moments = 1024;

std::string stage_key(const std::string& kind, const core::StageView& s) {
  return kind + ":" + s.def->id + ":" + s.def->party;
}

// The first day a person born on `dob` is `age` years old (29 February:
// 1 March in a common year, as core::age_on counts).
core::Date birthday(const core::Date& dob, int age) {
  core::Date b{dob.year + age, dob.month, dob.day};
  if (core::Date::from_days_since_epoch(b.days_since_epoch()) != b)
    b = core::Date{dob.year + age, 3, 1};
  return b;
}

// The case at one moment: its view, and the instant its person stops
// being a child (nullopt if never, or already not).
struct Moment {
  core::Timestamp at = 0;
  core::CaseView view;
};

// The first moment after m.at at which the case's figures may change by
// themselves: an approval expiring, a stage falling overdue, a birthday.
std::optional<core::Timestamp> next_change(const Moment& m, std::optional<core::Timestamp> adult) {
  std::optional<core::Timestamp> next;
  auto consider = [&](core::Timestamp t) {
    if (t > m.at && (!next || t < *next)) next = t;
  };
  for (const core::StageView& s : m.view.stages) {
    if (s.status == core::StageStatus::approved && s.expires_at) consider(*s.expires_at);
    if (s.actionable() && s.status != core::StageStatus::returned && s.def->deadline_hours > 0)
      consider(s.since + std::int64_t{s.def->deadline_hours} * 3600 + 1);
  }
  if (adult && core::is_open(m.view.state)) consider(*adult);
  return next;
}

std::map<std::string, std::int64_t> counted(const std::vector<std::string>& figures) {
  std::map<std::string, std::int64_t> out;
  for (const std::string& f : figures) ++out[f];
  return out;
}

}  // namespace

std::vector<std::string> figures_at(const core::Config& config, const core::WorkflowDef& wf,
                                    const store::StoredCase& sc, core::Timestamp now,
                                    const core::Date& today) {
  const core::CaseView v = core::derive(wf, sc.facts, now);
  // A duplicate is the kept case's person: counted there, once (docs/dedup.md).
  if (v.state == core::CaseState::duplicate) return {};
  std::vector<std::string> out{"state:" + std::string(core::to_string(v.state))};
  if (v.state == core::CaseState::denied)
    for (const core::StageView& s : v.stages)
      if (s.status == core::StageStatus::denied && s.decision)
        out.push_back("denied:" + s.def->id + ":" + s.decision->reason);
  if (!core::is_open(v.state)) return out;
  out.emplace_back("open");
  if (core::age_on(sc.record.person.date_of_birth, today) < config.crossing.child_age)
    out.emplace_back("open-child");
  for (const core::StageView& s : v.stages) {
    if (!s.actionable()) continue;
    if (s.status == core::StageStatus::returned) {
      out.push_back(stage_key("returned", s));
      continue;
    }
    out.push_back(stage_key("pending", s));
    if (s.overdue(now)) out.push_back(stage_key("overdue", s));
  }
  return out;
}

namespace {

struct CaseTimeline {
  const core::Config& config;
  const core::WorkflowDef& wf;
  const store::StoredCase& sc;
  std::optional<core::Timestamp> adult;
  ZoneCache& zone;

  Moment at(core::Timestamp t) const { return Moment{t, core::derive(wf, sc.facts, t)}; }
  core::Result<std::vector<std::string>> figures(core::Timestamp t) const {
    auto today = zone.day_of(t);
    if (!today) return std::move(today).error();
    return figures_at(config, wf, sc, t, *today);
  }
};

// When each stage was decidable (not returned), from the registration on.
std::vector<store::WaitRow> waits_of(const CaseTimeline& c) {
  std::vector<store::WaitRow> out;
  std::map<std::string, std::size_t> open;  // stage -> its row in out
  Moment m = c.at(c.sc.facts.registered_at);
  for (int i = 0; i < k_max_moments; ++i) {
    std::map<std::string, std::size_t> still;
    for (const core::StageView& s : m.view.stages) {
      // A closed case (denied, withdrawn, died, through the gate) waits for no one.
      if (!core::is_open(m.view.state)) break;
      if (!s.actionable() || s.status == core::StageStatus::returned) continue;
      auto it = open.find(s.def->id);
      if (it != open.end() && out[it->second].since == s.since) {
        still.insert(*it);
        continue;
      }
      still[s.def->id] = out.size();
      out.push_back(store::WaitRow{s.def->id, s.def->party, s.since, m.at, k_forever});
    }
    for (const auto& [stage, row] : open)
      if (auto it = still.find(stage); it == still.end() || it->second != row)
        out[row].to_at = m.at;
    open = std::move(still);
    auto next = next_change(m, c.adult);
    if (!next) break;
    m = c.at(*next);
  }
  return out;
}

std::vector<store::DecisionWait> decisions_of(const CaseTimeline& c) {
  std::vector<store::DecisionWait> out;
  const auto& all = c.sc.facts.decisions;
  for (std::size_t i = 0; i < all.size(); ++i)
    if (auto wait = stats_detail::decision_wait(c.sc.facts, c.wf, i))
      out.push_back(store::DecisionWait{all[i].at, all[i].stage, all[i].party, *wait});
  return out;
}

// The days on whose end the case's openness changes: (day, +1 or -1).
core::Result<std::vector<std::pair<core::Date, int>>> backlog_of(
    const CaseTimeline& c, std::optional<core::Date> travelled) {
  const core::CaseFacts& f = c.sc.facts;
  std::vector<core::Date> days;
  auto day_of = [&](core::Timestamp t) -> core::Result<void> {
    auto d = c.zone.day_of(t);
    if (!d) return std::move(d).error();
    days.push_back(*d);
    return {};
  };
  if (auto r = day_of(f.registered_at); !r) return std::move(r).error();
  for (const core::Decision& d : f.decisions)
    if (auto r = day_of(d.at); !r) return std::move(r).error();
  if (f.closure)
    if (auto r = day_of(f.closure->at); !r) return std::move(r).error();
  std::optional<stats_detail::GateEnd> end;
  if (f.travel && travelled) {
    end = stats_detail::GateEnd{*travelled, *f.travel};
    days.push_back(*travelled);
  }
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  std::vector<std::pair<core::Date, int>> out;
  bool was_open = false;
  for (const core::Date& day : days) {
    auto t = c.zone.midnight(day.plus_days(1));
    if (!t) return std::move(t).error();
    bool open = false;
    if (f.registered_at < *t) {
      const core::CaseFacts before = stats_detail::facts_before(f, *t, end ? &*end : nullptr, day);
      open = core::is_open(core::derive(c.wf, before, *t).state);
    }
    if (open != was_open) out.emplace_back(day, open ? 1 : -1);
    was_open = open;
  }
  return out;
}

}  // namespace

core::Result<core::Timestamp> ZoneCache::midnight(const core::Date& d) {
  if (auto it = m_midnights.find(d); it != m_midnights.end()) return it->second;
  auto t = local_instant(d, "00:00", m_tz);
  if (!t) return std::move(t).error();
  m_midnights.emplace(d, *t);
  return *t;
}

core::Result<core::Date> ZoneCache::day_of(core::Timestamp t) {
  if (m_day && t >= m_start && t < m_end) return *m_day;
  auto d = local_date(t, m_tz);
  if (!d) return std::move(d).error();
  auto start = midnight(*d);
  if (!start) return std::move(start).error();
  auto end = midnight(d->plus_days(1));
  if (!end) return std::move(end).error();
  if (t >= *start && t < *end) m_day = *d, m_start = *start, m_end = *end;
  return *d;
}

core::Result<void> Changes::add_case(const core::Config& config, const store::StoredCase& sc,
                                     std::optional<core::Date> travelled, core::Timestamp horizon,
                                     int sign) {
  const core::CaseRecord& r = sc.record;
  const core::WorkflowDef* wf = config.workflow_for(r.direction, r.category);
  if (!wf) return {};
  const store::CaseDims dims{std::string(core::to_string(r.direction)), r.category, r.urgency};
  const std::string dk = dims.direction + '\x1f' + dims.category + '\x1f' + dims.urgency;
  m_dims[dk] = dims;
  auto adult = m_zone.midnight(birthday(r.person.date_of_birth, config.crossing.child_age));
  if (!adult) return std::move(adult).error();
  const CaseTimeline c{config, *wf, sc, *adult, m_zone};
  auto key = [&](const std::string& figure) {
    return store::TallyKey{dims.direction, dims.category, dims.urgency, figure};
  };
  auto figures = c.figures(horizon);
  if (!figures) return std::move(figures).error();
  for (const std::string& f : *figures) m_tallies[key(f)] += sign;
  Moment m = c.at(horizon);
  std::map<std::string, std::int64_t> was = counted(*figures);
  for (int i = 0; i < k_max_moments; ++i) {
    auto next = next_change(m, c.adult);
    if (!next) break;
    m = c.at(*next);
    auto now = c.figures(*next);
    if (!now) return std::move(now).error();
    std::map<std::string, std::int64_t> is = counted(*now);
    for (const auto& [f, n] : is) m_timeline[{*next, key(f)}] += sign * n;
    for (const auto& [f, n] : was) m_timeline[{*next, key(f)}] -= sign * n;
    was = std::move(is);
  }
  auto backlog = backlog_of(c, travelled);
  if (!backlog) return std::move(backlog).error();
  for (const auto& [day, n] : *backlog) m_backlog[{day, dk}] += sign * n;
  CaseRows& rows = m_rows[r.id];
  rows.dims = dims;
  rows.waits = sign > 0 ? waits_of(c) : std::vector<store::WaitRow>{};
  rows.decisions = sign > 0 ? decisions_of(c) : std::vector<store::DecisionWait>{};
  return {};
}

core::Result<void> Changes::write(store::Database& db) {
  for (const auto& [k, n] : m_tallies)
    if (n != 0)
      if (auto r = store::add_tally(db, k, n); !r) return r;
  for (const auto& [at_key, n] : m_timeline)
    if (n != 0)
      if (auto r = store::add_timeline(db, at_key.first, at_key.second, n); !r) return r;
  for (const auto& [day_dims, n] : m_backlog)
    if (n != 0)
      if (auto r = store::add_backlog(db, day_dims.first, m_dims.at(day_dims.second), n); !r)
        return r;
  m_tallies.clear();
  m_timeline.clear();
  m_backlog.clear();
  return write_rows(db);
}

core::Result<void> Changes::write_rows(store::Database& db) {
  for (const auto& [id, rows] : m_rows) {
    if (auto r = store::set_waits(db, id, rows.dims, rows.waits); !r) return r;
    if (auto r = store::set_decision_waits(db, id, rows.dims, rows.decisions); !r) return r;
  }
  m_rows.clear();
  return {};
}

}  // namespace corridor::app::tally
