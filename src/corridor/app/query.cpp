// Service::list_cases, get_case and stats: reads on the Service's own
// connection, each case's state derived afresh at "now".

#include <corridor/app/plan.hpp>
#include <corridor/app/service.hpp>
#include <corridor/core/manifest.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/crossing_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>
#include <corridor/store/writer.hpp>

#include <algorithm>
#include <cmath>

namespace corridor::app {
namespace {

bool is_child(const core::Person& p, const core::Date& today, int child_age) {
  return core::age_on(p.date_of_birth, today) < child_age;
}

CaseSummary summarize(const store::StoredCase& sc, const core::CaseView& view,
                      const core::Date& today, int child_age) {
  const core::CaseRecord& r = sc.record;
  return CaseSummary{r.ref,
                     r.direction,
                     r.category,
                     r.urgency,
                     r.group_ref,
                     view.state,
                     view.pending_stages(),
                     r.registered_at,
                     r.requested_on ? r.requested_on->to_string() : "",
                     is_child(r.person, today, child_age),
                     !r.flags.empty()};
}

void count_stages(Stats& st, const core::CaseView& view, core::Timestamp now) {
  for (const core::StageView& s : view.stages) {
    if (!s.actionable()) continue;
    auto it = std::find_if(st.pending.begin(), st.pending.end(), [&](const StageLoad& l) {
      return l.stage == s.def->id && l.party == s.def->party;
    });
    if (it == st.pending.end()) continue;
    if (s.status == core::StageStatus::returned) {
      ++it->returned;
      continue;
    }
    ++it->pending;
    if (s.overdue(now)) ++it->overdue;
    if (!it->oldest_since || s.since < *it->oldest_since) it->oldest_since = s.since;
  }
}

void count_waiting(Stats& st, const core::CaseRecord& r, bool child) {
  ++st.waiting;
  ++st.waiting_by_category[r.category];
  if (child) ++st.waiting_children, ++st.children_by_category[r.category];
  if (r.urgency.empty()) return;
  ++st.waiting_by_urgency[r.urgency];
  if (child) ++st.children_by_urgency[r.urgency];
}

void count_denial(Stats& st, const core::CaseView& view) {
  ++st.denied;
  for (const core::StageView& s : view.stages)
    if (s.status == core::StageStatus::denied && s.decision)
      ++st.denied_by_reason[s.def->id + ":" + s.decision->reason];
}

// One StageLoad per (stage, party) of the config, in config order.
std::vector<StageLoad> stage_loads(const core::Config& config) {
  std::vector<StageLoad> loads;
  for (const core::WorkflowDef& wf : config.workflows)
    for (const core::StageDef& s : wf.stages) {
      bool seen = std::any_of(loads.begin(), loads.end(), [&](const StageLoad& l) {
        return l.stage == s.id && l.party == s.party;
      });
      if (!seen) loads.push_back(StageLoad{s.id, s.party, 0, 0, 0, std::nullopt});
    }
  return loads;
}

// Places a direction offers: its categories' places, capped by its total.
std::int64_t places(const core::DirectionCapacity& c) {
  std::int64_t sum = 0;
  for (const auto& [cat, n] : c.places) sum += n;
  return c.total ? std::min<std::int64_t>(sum, *c.total) : sum;
}

// The nearest-rank percentile of sorted values.
double percentile(const std::vector<double>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

core::Result<void> crossing_stats(store::Database& db, const core::Config& config, Stats& st) {
  const core::Date from = st.since.value_or(core::Date{1, 1, 1});
  std::map<core::Date, Stats::Day> days;
  auto listed = store::list_days(db, from, std::nullopt);
  if (!listed) return std::move(listed).error();
  for (const store::DayRow& d : *listed) {
    if (d.date > st.today && !d.gate_closed) continue;
    Stats::Day& day = days[d.date];
    day.date = d.date;
    day.status = d.status;
    auto cap = day_capacity(config, d);
    if (!cap) return std::move(cap).error();
    // Places offered: a day that ran (closed at the gate, or open and past).
    if (d.gate_closed || (d.status == "open" && d.date < st.today))
      day.capacity = places(cap->exit) + places(cap->entry);
  }
  auto events = store::gate_events_since(db, from);
  if (!events) return std::move(events).error();
  for (const store::GateEvent& e : *events) {
    Stats::Day& day = days[e.date];
    day.date = e.date;
    if (e.outcome == "crossed") {
      ++day.crossed[std::string(core::to_string(e.direction)) + "/" + e.category];
      ++day.crossed_total;
    }
    if (e.outcome == "no-show") ++day.no_shows;
    if (e.outcome == "turned-back") ++day.turned_back;
    if (!e.standby) ++st.expected_since;
  }
  for (auto& [date, day] : days) {
    st.crossed_since += day.crossed_total;
    st.capacity_since += day.capacity;
    st.no_shows_since += day.no_shows;
    st.days.push_back(std::move(day));
  }
  auto crossed = store::crossed_cases(db);
  if (!crossed) return std::move(crossed).error();
  std::vector<double> waits;
  for (const store::Crossed& c : *crossed) {
    if (c.on < from) continue;
    const auto referred =
        core::parse_date(c.requested_on).value_or(core::utc_date(c.registered_at));
    waits.push_back(static_cast<double>(c.on.days_since_epoch() - referred.days_since_epoch()));
  }
  std::sort(waits.begin(), waits.end());
  if (!waits.empty()) {
    st.days_to_cross_median = percentile(waits, 0.5);
    st.days_to_cross_p90 = percentile(waits, 0.9);
  }
  return {};
}

}  // namespace

core::Result<std::vector<CaseSummary>> Service::list_cases(const CaseFilter& filter) {
  auto db = reader();
  if (!db) return std::move(db).error();
  const core::Timestamp now = m_env.now();
  const core::Date day = today();
  std::vector<CaseSummary> out;
  store::CaseQuery q{filter.direction, filter.category};
  auto read = store::for_each_case(**db, q, [&](store::StoredCase&& sc) {
    const core::WorkflowDef* wf = m_config.workflow_for(sc.record.direction, sc.record.category);
    if (!wf) return;
    core::CaseView view = core::derive(*wf, sc.facts, now);
    if (filter.state && view.state != *filter.state) return;
    out.push_back(summarize(sc, view, day, m_config.crossing.child_age));
  });
  if (!read) return std::move(read).error();
  return out;
}

core::Result<std::vector<QueueItem>> Service::work_queue(std::string_view party) {
  auto db = reader();
  if (!db) return std::move(db).error();
  const core::Timestamp now = m_env.now();
  const core::Date day = today();
  std::vector<QueueItem> out;
  auto read = store::for_each_case(**db, {}, [&](store::StoredCase&& sc) {
    const core::WorkflowDef* wf = m_config.workflow_for(sc.record.direction, sc.record.category);
    if (!wf) return;
    const core::CaseView view = core::derive(*wf, sc.facts, now);
    if (!core::is_open(view.state)) return;  // closed, denied, gone: nothing to decide
    for (const core::StageView& s : view.stages) {
      if (!s.actionable() || s.def->party != party) continue;
      const core::CaseRecord& r = sc.record;
      out.push_back(QueueItem{r.ref, r.direction, r.category, r.urgency, s.def->id,
                              std::string(core::to_string(s.status)), s.since, s.overdue(now),
                              is_child(r.person, day, m_config.crossing.child_age), r.group_ref});
    }
  });
  if (!read) return std::move(read).error();
  std::stable_sort(out.begin(), out.end(), [](const QueueItem& a, const QueueItem& b) {
    return a.since != b.since ? a.since < b.since : a.ref < b.ref;
  });
  return out;
}

core::Result<std::uint64_t> Service::log_size() {
  auto db = reader();
  if (!db) return std::move(db).error();
  return store::log_size(**db);
}

std::optional<std::pair<std::int64_t, std::int64_t>> Service::writer_counts() {
  std::lock_guard lock(m_writer_mutex);
  if (!m_writer) return std::nullopt;
  const store::WriterStats st = m_writer->stats();
  return std::pair{st.commands, st.batches};
}

core::Result<CaseDetail> Service::get_case(std::string_view ref) {
  auto db = reader();
  if (!db) return std::move(db).error();
  auto found = store::load_case(**db, ref);
  if (!found) return std::move(found).error();
  if (!*found) return core::make_error(core::Errc::not_found, "no case " + std::string(ref));
  auto& sc = *found;
  const core::WorkflowDef* wf = m_config.workflow_for(sc->record.direction, sc->record.category);
  if (!wf)
    return core::make_error(core::Errc::internal,
                            "the config has no workflow for case " + std::string(ref));
  CaseDetail d;
  d.view = core::derive(*wf, sc->facts, m_env.now());
  d.decisions = sc->facts.decisions;
  d.closure = sc->facts.closure;
  d.scheduled_on = sc->facts.scheduled_on;
  auto companions = store::group_members(**db, ref);
  if (!companions) return std::move(companions).error();
  d.companions = std::move(companions).value();
  d.child = is_child(sc->record.person, today(), m_config.crossing.child_age);
  const core::CategoryDef* cat = m_config.find_category(sc->record.category);
  if (cat && !cat->group_of && core::is_open(d.view.state)) {
    core::Candidate c;
    c.ref = sc->record.ref;
    c.category = sc->record.category;
    c.urgency = sc->record.urgency;
    c.waiting_since = sc->record.requested_on ? *sc->record.requested_on
                                              : core::utc_date(sc->record.registered_at);
    c.date_of_birth = sc->record.person.date_of_birth;
    d.priority = core::priority_of(m_config, c, today());
  }
  d.record = std::move(sc->record);
  return d;
}

core::Result<Stats> Service::stats(std::optional<core::Date> since) {
  auto db = reader();
  if (!db) return std::move(db).error();
  Stats st;
  st.now = m_env.now();
  st.today = today();
  st.pending = stage_loads(m_config);
  auto read = store::for_each_case(**db, {}, [&](store::StoredCase&& sc) {
    const core::WorkflowDef* wf = m_config.workflow_for(sc.record.direction, sc.record.category);
    if (!wf) return;
    const core::CaseView view = core::derive(*wf, sc.facts, st.now);
    ++st.cases;
    ++st.by_state[std::string(core::to_string(view.state))];
    if (view.state == core::CaseState::cleared) ++st.cleared;
    if (view.state == core::CaseState::denied) count_denial(st, view);
    if (view.state == core::CaseState::withdrawn) ++st.withdrawn;
    if (view.state == core::CaseState::deceased) ++st.deceased;
    if (view.state == core::CaseState::scheduled) ++st.scheduled;
    if (view.state == core::CaseState::crossed) ++st.crossed;
    if (view.state == core::CaseState::turned_back) ++st.turned_back;
    if (!core::is_open(view.state)) return;
    count_waiting(st, sc.record, is_child(sc.record.person, st.today, m_config.crossing.child_age));
    count_stages(st, view, st.now);
  });
  if (!read) return std::move(read).error();
  auto deaths = store::deaths_by_date(**db);
  if (!deaths) return std::move(deaths).error();
  st.deaths_by_date = std::move(deaths).value();
  st.since = since;
  if (auto r = crossing_stats(**db, m_config, st); !r) return std::move(r).error();
  return st;
}

}  // namespace corridor::app
