// Service::list_cases, get_case and the work queue: reads on the Service's own
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

}  // namespace

core::Result<std::vector<CaseSummary>> Service::list_cases(const CaseFilter& filter) {
  auto db = reader();
  if (!db) return std::move(db).error();
  const core::Timestamp now = m_env.now();
  const core::Date day = today();
  std::vector<CaseSummary> out;
  store::CaseQuery q{filter.direction, filter.category, filter.from_id};
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

core::Result<std::string> Service::public_id(std::string_view ref) {
  auto db = reader();
  if (!db) return std::move(db).error();
  auto id = store::public_id_of(**db, ref);
  if (!id) return std::move(id).error();
  if (!*id) return core::make_error(core::Errc::not_found, "no case " + std::string(ref));
  return std::move(**id);
}

}  // namespace corridor::app
