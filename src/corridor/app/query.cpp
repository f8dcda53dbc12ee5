// Service::list_cases, get_case and stats: reads on the Service's own
// connection, each case's state derived afresh at "now".

#include <corridor/app/service.hpp>

#include <algorithm>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>

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
  auto companions = store::group_members(**db, ref);
  if (!companions) return std::move(companions).error();
  d.companions = std::move(companions).value();
  d.child = is_child(sc->record.person, today(), m_config.crossing.child_age);
  d.record = std::move(sc->record);
  return d;
}

core::Result<Stats> Service::stats() {
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
    if (!core::is_open(view.state)) return;
    count_waiting(st, sc.record, is_child(sc.record.person, st.today, m_config.crossing.child_age));
    count_stages(st, view, st.now);
  });
  if (!read) return std::move(read).error();
  auto deaths = store::deaths_by_date(**db);
  if (!deaths) return std::move(deaths).error();
  st.deaths_by_date = std::move(deaths).value();
  return st;
}

}  // namespace corridor::app
