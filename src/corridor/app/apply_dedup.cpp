#include <corridor/app/apply_dedup.hpp>

#include <corridor/app/apply_officers.hpp>
#include <corridor/app/stats_tally.hpp>
#include <corridor/app/timezone.hpp>
#include <corridor/core/dedup_rules.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/dedup_repo.hpp>

#include <optional>
#include <string>
#include <vector>

namespace corridor::app::detail {
namespace {

using core::Result;

struct PairCase {
  store::StoredCase sc;
  const core::WorkflowDef* wf = nullptr;
  core::CaseView view;
};

// A case named by a pair statement, derived at `now`. Errc::not_found if
// there is no such case (live, a ref that public_form let through cannot
// be missing; a replay's broken store is the same error).
Result<PairCase> load_pair_case(store::Database& db, const core::Config& config,
                                const std::string& ref, core::Timestamp now) {
  auto found = store::load_case(db, ref);
  if (!found) return std::move(found).error();
  if (!*found) return core::make_error(core::Errc::not_found, "no case " + ref);
  PairCase c{std::move(**found), nullptr, {}};
  c.wf = config.workflow_for(c.sc.record.direction, c.sc.record.category);
  if (!c.wf) return store_inconsistent("no workflow for case " + ref);
  c.view = core::derive(*c.wf, c.sc.facts, now);
  return c;
}

core::PairCase rules_view(const PairCase& c) {
  return core::PairCase{c.sc.record.ref, c.sc.record.category, c.view.state, c.sc.record.direction,
                        c.sc.record.group_ref};
}

// The open companions of case `ref` (the cases whose group_ref is it), as
// the rules see them at `now`.
Result<std::vector<core::PairCase>> open_companions(store::Database& db, const core::Config& config,
                                                    const std::string& ref, core::Timestamp now) {
  auto refs = store::group_members(db, ref);
  if (!refs) return std::move(refs).error();
  std::vector<core::PairCase> out;
  for (const std::string& member : *refs) {
    auto c = load_pair_case(db, config, member, now);
    if (!c) return std::move(c).error();
    if (core::is_open(c->view.state)) out.push_back(rules_view(*c));
  }
  return out;
}

// Both cases, checked against the pair rules and an earlier decision.
Result<std::pair<PairCase, PairCase>> checked_pair(store::Database& db, const core::Config& config,
                                                   const ledger::Statement& s,
                                                   const std::string& other) {
  auto a = load_pair_case(db, config, s.case_ref, s.time);
  if (!a) return std::move(a).error();
  auto b = load_pair_case(db, config, other, s.time);
  if (!b) return std::move(b).error();
  if (auto ok = core::check_pair_decision(config, s.party, rules_view(*a), rules_view(*b)); !ok)
    return std::move(ok).error();
  auto pair = store::find_dedup_pair(db, a->sc.record.id, b->sc.record.id);
  if (!pair) return std::move(pair).error();
  if (*pair && (*pair)->decision)
    return core::refuse("pair-decided", "cases " + s.case_ref + " and " + other +
                                            " were already decided: " + *(*pair)->decision);
  return std::pair{std::move(a).value(), std::move(b).value()};
}

}  // namespace

Result<void> apply_same_person(store::Database& db, const core::Config& config,
                               const ledger::Statement& s, const ledger::SamePerson& b,
                               std::uint64_t seq, Applied& out) {
  auto pair = checked_pair(db, config, s, b.kept);
  if (!pair) return std::move(pair).error();
  PairCase& dup = pair->first;
  const PairCase& kept = pair->second;
  auto companions = open_companions(db, config, dup.sc.record.ref, s.time);
  if (!companions) return std::move(companions).error();
  if (auto ok = core::check_same_person(config, rules_view(dup), rules_view(kept), *companions);
      !ok)
    return std::move(ok).error();
  auto day = local_date(s.time, config.crossing.time_zone);
  if (!day) return std::move(day).error();
  const std::optional<store::StoredCase> was = dup.sc;
  const core::Closure c{core::ClosureKind::duplicate, s.party, s.officer, "", s.time};
  if (auto ins = store::insert_closure(db, dup.sc.record.id, c, *day); !ins) return ins;
  dup.sc.facts.closure = c;
  const core::CaseView after = core::derive(*dup.wf, dup.sc.facts, s.time);
  out.state = after.state;
  if (auto r = store::save_state(db, dup.sc.record.id, after); !r) return r;
  if (auto r = tally::changed(db, config, was, dup.sc, s.time); !r) return r;
  // Its companions travel with the kept case now; the proof of each shows the move.
  auto moved = store::move_group(db, dup.sc.record.ref, kept.sc.record.ref);
  if (!moved) return std::move(moved).error();
  out.moved = std::move(moved).value();
  return store::decide_dedup_pair(db, dup.sc.record.id, kept.sc.record.id, "same-person",
                                  static_cast<std::int64_t>(seq), s.time);
}

Result<void> apply_different_persons(store::Database& db, const core::Config& config,
                                     const ledger::Statement& s, const ledger::DifferentPersons& b,
                                     std::uint64_t seq, Applied& out) {
  auto pair = checked_pair(db, config, s, b.other);
  if (!pair) return std::move(pair).error();
  out.state = pair->first.view.state;
  return store::decide_dedup_pair(db, pair->first.sc.record.id, pair->second.sc.record.id,
                                  "different-persons", static_cast<std::int64_t>(seq), s.time);
}

}  // namespace corridor::app::detail
