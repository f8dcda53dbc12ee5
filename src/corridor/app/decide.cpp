// Service::decide, amend and close_case: each change is checked against the
// rules on the case's current facts and commits with its new cached state.

#include <corridor/app/service.hpp>
#include <corridor/app/timezone.hpp>
#include <corridor/core/person_fields.hpp>
#include <corridor/core/snapshot.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/writer.hpp>

namespace corridor::app {
namespace {

core::Error no_case(std::string_view ref) {
  return core::make_error(core::Errc::not_found, "no case " + std::string(ref));
}

core::Result<const core::WorkflowDef*> workflow_of(const core::Config& config,
                                                   const core::CaseRecord& r) {
  const core::WorkflowDef* wf = config.workflow_for(r.direction, r.category);
  if (!wf)
    return core::make_error(core::Errc::internal, "the config has no workflow for " +
                                                      std::string(core::to_string(r.direction)) +
                                                      "/" + r.category);
  return wf;
}

core::Result<DecisionReport> decide_one(store::Database& db, const core::Config& config,
                                        const DecideRequest& req, core::Timestamp now) {
  auto sc = store::load_case(db, req.ref);
  if (!sc) return no_case(req.ref);
  auto wf = workflow_of(config, sc->record);
  if (!wf) return std::move(wf).error();
  const core::CaseView before = core::derive(**wf, sc->facts, now);
  core::Decision d{req.ref,    req.stage, req.party,          req.officer, req.outcome,
                   req.reason, req.note,  sc->facts.snapshot, now,         ""};
  if (auto ok = core::check_decision(**wf, before, sc->facts.snapshot, d); !ok)
    return std::move(ok).error();
  if (auto ins = store::insert_decision(db, sc->record.id, d); !ins) return std::move(ins).error();
  sc->facts.decisions.push_back(d);
  const core::CaseView after = core::derive(**wf, sc->facts, now);
  if (auto saved = store::save_state(db, sc->record.id, after); !saved)
    return std::move(saved).error();
  return DecisionReport{req.ref, req.stage, req.outcome, after.state};
}

std::vector<std::string> stale_stages(const core::CaseView& before, const core::CaseView& after) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < after.stages.size(); ++i)
    if (after.stages[i].status == core::StageStatus::stale &&
        before.stages[i].status != core::StageStatus::stale)
      out.push_back(after.stages[i].def->id);
  return out;
}

// Applies the requested field changes to a copy of the person; names the
// fields that really changed.
core::Result<std::vector<std::string>> apply_changes(const AmendRequest& req, core::Person& person,
                                                     const core::Date& today,
                                                     std::vector<core::Flag>& flags) {
  const core::Person old = person;
  std::vector<std::string> changed;
  for (const auto& [field, value] : req.changes) {
    if (auto r = core::set_person_field(person, field, value, today, flags); !r)
      return std::move(r).error();
  }
  if (auto r = core::check_person_complete(person); !r) return std::move(r).error();
  for (std::string_view f : core::person_fields())
    if (core::person_field(old, f) != core::person_field(person, f)) changed.emplace_back(f);
  if (changed.empty())
    return core::make_error(core::Errc::bad_input, "nothing changes: the values are the same");
  return changed;
}

}  // namespace

core::Result<DecisionReport> Service::decide(const DecideRequest& request) {
  return std::move(decide_all({&request, 1}).front());
}

std::vector<core::Result<DecisionReport>> Service::decide_all(
    std::span<const DecideRequest> requests) {
  std::vector<core::Result<DecisionReport>> results(
      requests.size(), core::make_error(core::Errc::internal, "not run"));
  auto w = writer();
  if (!w) {
    for (auto& r : results) r = w.error();
    return results;
  }
  const core::Timestamp now = m_env.now();
  auto committed = (*w)->submit([&](store::Database& db) -> core::Result<void> {
    for (std::size_t i = 0; i < requests.size(); ++i) {
      results[i] = decide_one(db, m_config, requests[i], now);
      // A refusal wrote nothing; a store failure aborts the transaction.
      if (!results[i] && results[i].error().code == core::Errc::internal) return results[i].error();
    }
    return {};
  });
  if (!committed)
    for (auto& r : results) r = committed.error();
  return results;
}

core::Result<AmendReport> Service::amend(const AmendRequest& req) {
  auto w = writer();
  if (!w) return std::move(w).error();
  const core::Timestamp now = m_env.now();
  const core::Date day = today();
  AmendReport rep;
  rep.ref = req.ref;
  auto committed = (*w)->submit([&](store::Database& db) -> core::Result<void> {
    auto sc = store::load_case(db, req.ref);
    if (!sc) return no_case(req.ref);
    auto wf = workflow_of(m_config, sc->record);
    if (!wf) return std::move(wf).error();
    const core::CaseView before = core::derive(**wf, sc->facts, now);
    if (!core::is_open(before.state))
      return core::make_error(core::Errc::refused, "case-closed: case " + req.ref + " is " +
                                                       std::string(core::to_string(before.state)) +
                                                       " and can no longer be amended");
    core::CaseRecord& r = sc->record;
    auto changed = apply_changes(req, r.person, day, rep.flags);
    if (!changed) return std::move(changed).error();
    rep.fields = std::move(changed).value();
    store::Amendment a{rep.fields, r.snapshot, req.party, req.officer, now};
    r.snapshot = core::snapshot_hash(r.person, r.salt);
    if (auto saved = store::save_identity(db, r, a); !saved) return saved;
    sc->facts.snapshot = r.snapshot;
    sc->facts.snapshot_at = now;
    const core::CaseView after = core::derive(**wf, sc->facts, now);
    rep.now_stale = stale_stages(before, after);
    rep.state = after.state;
    return store::save_state(db, r.id, after);
  });
  if (!committed) return std::move(committed).error();
  return rep;
}

core::Result<core::CaseState> Service::close_case(const CloseRequest& req) {
  auto w = writer();
  if (!w) return std::move(w).error();
  const core::Timestamp now = m_env.now();
  const core::Date day = today();
  core::CaseState state = core::CaseState::withdrawn;
  auto committed = (*w)->submit([&](store::Database& db) -> core::Result<void> {
    auto sc = store::load_case(db, req.ref);
    if (!sc) return no_case(req.ref);
    auto wf = workflow_of(m_config, sc->record);
    if (!wf) return std::move(wf).error();
    const core::Closure c{req.kind, req.party, req.officer, req.note, now};
    if (auto ok = core::check_closure(m_config, core::derive(**wf, sc->facts, now), c); !ok)
      return ok;
    if (auto ins = store::insert_closure(db, sc->record.id, c, day); !ins) return ins;
    sc->facts.closure = c;
    const core::CaseView after = core::derive(**wf, sc->facts, now);
    state = after.state;
    return store::save_state(db, sc->record.id, after);
  });
  if (!committed) return std::move(committed).error();
  return state;
}

}  // namespace corridor::app
