// Service::decide, amend and close_case: each change is checked against the
// rules on the case's current facts and commits with its new cached state.

#include <corridor/app/service.hpp>
#include <corridor/core/national_id.hpp>
#include <corridor/core/person_fields.hpp>
#include <corridor/core/snapshot.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/writer.hpp>

#include <algorithm>

namespace corridor::app {
namespace {

// A case with its workflow, as every change needs it.
struct Loaded {
  store::StoredCase sc;
  const core::WorkflowDef* wf = nullptr;
};

core::Result<Loaded> load(store::Database& db, const core::Config& config, std::string_view ref) {
  auto found = store::load_case(db, ref);
  if (!found) return std::move(found).error();
  if (!*found) return core::make_error(core::Errc::not_found, "no case " + std::string(ref));
  Loaded l{std::move(**found), nullptr};
  l.wf = config.workflow_for(l.sc.record.direction, l.sc.record.category);
  if (!l.wf)
    return core::make_error(core::Errc::internal,
                            "the config has no workflow for " +
                                std::string(core::to_string(l.sc.record.direction)) + "/" +
                                l.sc.record.category);
  return l;
}

core::Result<DecisionReport> decide_one(store::Database& db, const core::Config& config,
                                        const DecideRequest& req, core::Timestamp now) {
  auto l = load(db, config, req.ref);
  if (!l) return std::move(l).error();
  core::CaseFacts& facts = l->sc.facts;
  const core::CaseView before = core::derive(*l->wf, facts, now);
  core::Decision d{req.ref,    req.stage, req.party,      req.officer, req.outcome,
                   req.reason, req.note,  facts.snapshot, now,         ""};
  if (auto ok = core::check_decision(*l->wf, before, facts.snapshot, d); !ok)
    return std::move(ok).error();
  if (auto ins = store::insert_decision(db, l->sc.record.id, d); !ins)
    return std::move(ins).error();
  facts.decisions.push_back(d);
  const core::CaseView after = core::derive(*l->wf, facts, now);
  if (auto saved = store::save_state(db, l->sc.record.id, after); !saved)
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

// Applies the requested field changes to the person; names the fields that
// really changed.
core::Result<std::vector<std::string>> apply_changes(const AmendRequest& req, core::Person& person,
                                                     const core::Date& today) {
  const core::Person old = person;
  std::vector<core::Flag> ignored;  // flags are recomputed from the result
  for (const auto& [field, value] : req.changes)
    if (auto r = core::set_person_field(person, field, value, today, ignored); !r)
      return std::move(r).error();
  if (auto r = core::check_person_complete(person); !r) return std::move(r).error();
  std::vector<std::string> changed;
  for (std::string_view f : core::person_fields())
    if (core::person_field(old, f) != core::person_field(person, f)) changed.emplace_back(f);
  if (changed.empty())
    return core::make_error(core::Errc::bad_input, "nothing changes: the values are the same");
  return changed;
}

// The identity flags follow the identity: a corrected national ID loses its
// check-digit flag, a mistyped one gains it.
void refresh_identity_flags(core::CaseRecord& r) {
  std::erase_if(r.flags, [](const core::Flag& f) { return f.code == "id-check-digit"; });
  if (!r.person.national_id.empty() && !core::national_id_check_digit_ok(r.person.national_id))
    r.flags.push_back({"id-check-digit", "check digit fails (got " + r.person.national_id + ")"});
}

// A new national ID or passport may belong to someone with an open case.
core::Result<void> check_person_free(store::Database& db, const core::CaseRecord& r) {
  auto other = store::open_case_of(db, r.person.key(), r.direction);
  if (!other) return std::move(other).error();
  if (*other && **other != r.ref)
    return core::make_error(core::Errc::refused,
                            "person-open-case: that person already has an open " +
                                std::string(core::to_string(r.direction)) + " case (" + **other +
                                ")");
  return {};
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
    auto l = load(db, m_config, req.ref);
    if (!l) return std::move(l).error();
    core::CaseRecord& r = l->sc.record;
    core::CaseFacts& facts = l->sc.facts;
    const core::CaseView before = core::derive(*l->wf, facts, now);
    if (!core::is_open(before.state))
      return core::make_error(core::Errc::refused, "case-closed: case " + req.ref + " is " +
                                                       std::string(core::to_string(before.state)) +
                                                       " and can no longer be amended");
    auto changed = apply_changes(req, r.person, day);
    if (!changed) return std::move(changed).error();
    if (auto free = check_person_free(db, r); !free) return free;
    rep.fields = std::move(changed).value();
    refresh_identity_flags(r);
    rep.flags = r.flags;
    store::Amendment a{rep.fields, r.snapshot, req.party, req.officer, now};
    r.snapshot = core::snapshot_hash(r.person, r.salt);
    // A phone number is not identity: only a new snapshot restarts the clock.
    const core::Timestamp snapshot_at = r.snapshot == facts.snapshot ? facts.snapshot_at : now;
    if (auto saved = store::save_identity(db, r, a, snapshot_at); !saved) return saved;
    facts.snapshot = r.snapshot;
    facts.snapshot_at = snapshot_at;
    const core::CaseView after = core::derive(*l->wf, facts, now);
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
    auto l = load(db, m_config, req.ref);
    if (!l) return std::move(l).error();
    core::CaseFacts& facts = l->sc.facts;
    const core::Closure c{req.kind, req.party, req.officer, req.note, now};
    if (auto ok = core::check_closure(m_config, core::derive(*l->wf, facts, now), c); !ok)
      return ok;
    if (auto ins = store::insert_closure(db, l->sc.record.id, c, day); !ins) return ins;
    facts.closure = c;
    const core::CaseView after = core::derive(*l->wf, facts, now);
    state = after.state;
    return store::save_state(db, l->sc.record.id, after);
  });
  if (!committed) return std::move(committed).error();
  return state;
}

}  // namespace corridor::app
