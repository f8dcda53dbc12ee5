#pragma once
// Workflow derivation and the decision rules. A case's state is derived
// from its stages' decisions, its current snapshot and its closure; it is
// never set by hand. Pure functions: "now" is an argument.

#include <corridor/core/case.hpp>
#include <corridor/core/config.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::core {

enum class StageStatus {
  waiting,   // an earlier step is not approved yet: not decidable
  pending,   // decidable, no standing decision
  approved,  // approved on the current snapshot and still valid
  denied,    // denied on the current snapshot
  returned,  // returned for information on the current snapshot
  expired,   // approved, but the approval's validity has run out
  stale,     // decided on an older snapshot: pending again
};
std::string_view to_string(StageStatus s);

enum class CaseState {
  registered,   // no decision yet
  in_review,    // some stages pending
  returned,     // a stage returned it for information
  cleared,      // every stage approved on the current snapshot, none expired
  denied,       // a stage denied it (final)
  withdrawn,    // closed: withdrawn (final)
  deceased,     // closed: the person died while waiting (final)
  expired,      // an approval has expired; that stage must decide again
  scheduled,    // cleared and on the main list of a crossing day's manifest
  crossed,      // crossed at the gate (final)
  turned_back,  // turned back at the gate (final)
  duplicate,    // closed: the same person as another case (same-person; final)
};
std::string_view to_string(CaseState s);
std::optional<CaseState> parse_case_state(std::string_view text);
// False for denied, withdrawn, deceased, crossed, turned back and duplicate: such a
// case takes no decisions and no longer counts as the person's open case.
bool is_open(CaseState s);

struct StageView {
  const StageDef* def = nullptr;
  StageStatus status = StageStatus::waiting;
  // The decision the status rests on (the latest that counts), if any.
  std::optional<Decision> decision;
  // When the stage became decidable (pending/stale/expired/returned), or
  // when it was decided (approved/denied). 0 while waiting.
  Timestamp since = 0;
  // When an approval stops counting; nullopt if it never does.
  std::optional<Timestamp> expires_at;
  // An earlier step is not all approved, so this stage cannot be decided
  // yet (a pending stage is then `waiting`; a stale one stays `stale`).
  bool blocked = false;

  // Decidable by its party now: not blocked, and pending, stale, expired
  // or returned.
  bool actionable() const;
  // Decidable and past its response deadline at `now`. Never for a
  // returned stage: it waits for information, not for its party.
  bool overdue(Timestamp now) const;
};

// What the derivation needs to know about a case.
// What happened at the gate (core/manifest.hpp, app/crossing).
enum class Travel { crossed, turned_back };

struct CaseFacts {
  Timestamp registered_at = 0;
  Hash256 snapshot{};               // the current snapshot hash
  Timestamp snapshot_at = 0;        // when it became current
  std::vector<Decision> decisions;  // in commit order
  std::optional<Closure> closure;
  // On the main list of a manifest for this day, not yet through the gate.
  // A cleared case with it is `scheduled`; a no-show or a suspended day
  // clears it, and the case is `cleared` again with its place kept.
  std::optional<Date> scheduled_on;
  std::optional<Travel> travel;  // crossed or turned back at the gate
};

struct CaseView {
  CaseState state = CaseState::registered;
  std::vector<StageView> stages;  // in workflow order
  // When the state will change by itself (an approval expiring); nullopt
  // if it will not.
  std::optional<Timestamp> state_until;

  const StageView* find(std::string_view stage) const;
  std::vector<std::string> pending_stages() const;  // ids of actionable stages
};

CaseView derive(const WorkflowDef& workflow, const CaseFacts& facts, Timestamp now);

// Checks a decision against the rules before it is recorded. On refusal
// returns Errc::refused (core::refuse: the rule member and a message that
// begins with the rule's name):
//   "case-closed", "unknown-stage", "stage-party", "stage-order",
//   "deny-reason", "return-note", "nothing-to-revoke", "already-decided",
//   "stale-snapshot".
Result<void> check_decision(const WorkflowDef& workflow, const CaseView& view,
                            const Hash256& current_snapshot, const Decision& decision);

// Checks a closure: the party may record this kind (config) and the case is
// still open. Rules: "closure-party", "case-closed".
Result<void> check_closure(const Config& config, const CaseView& view, const Closure& closure);

// Checks that `party` may amend every one of `fields` on a case that
// `registered_by` registered (config [[amend]]). It looks at names only,
// never at values, so a refusal tells nothing about the case. Refusal:
// Errc::refused "amend-party: FIELD: ..." naming the first field refused,
// with FIELD (the person's field, "phone") as the error's field member.
Result<void> check_amend_party(const Config& config, std::string_view party,
                               const std::vector<std::string>& fields,
                               std::string_view registered_by);

}  // namespace corridor::core
