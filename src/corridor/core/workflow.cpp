#include <corridor/core/workflow.hpp>

#include <algorithm>

namespace corridor::core {
namespace {

constexpr std::string_view k_stage_names[] = {"waiting",  "pending", "approved", "denied",
                                              "returned", "expired", "stale"};
constexpr std::string_view k_state_names[] = {
    "registered", "in-review", "returned",  "cleared", "denied",      "withdrawn",
    "deceased",   "expired",   "scheduled", "crossed", "turned-back", "duplicate"};

// The decision a stage's status rests on: the latest approve, deny or
// return, unless a later revoke withdrew it. `revoked_at` is set when the
// last word was a revoke.
std::optional<Decision> standing_decision(const std::vector<Decision>& all, std::string_view stage,
                                          Timestamp& revoked_at) {
  std::optional<Decision> standing;
  for (const Decision& d : all) {
    if (d.stage != stage) continue;
    if (d.outcome == Outcome::revoke) {
      standing.reset();
      revoked_at = d.at;
    } else {
      standing = d;
    }
  }
  return standing;
}

StageView view_decided(const StageDef& def, const Decision& d, const CaseFacts& facts,
                       Timestamp now) {
  StageView v{&def, StageStatus::approved, d, d.at, std::nullopt};
  if (d.snapshot != facts.snapshot) {
    v.status = StageStatus::stale;
    v.since = std::max(d.at, facts.snapshot_at);
  } else if (d.outcome == Outcome::deny) {
    v.status = StageStatus::denied;
  } else if (d.outcome == Outcome::ret) {
    v.status = StageStatus::returned;
  } else if (def.valid_days > 0) {
    v.expires_at = d.at + std::int64_t{def.valid_days} * k_seconds_per_day;
    if (now >= *v.expires_at) {
      v.status = StageStatus::expired;
      v.since = *v.expires_at;
    }
  }
  return v;
}

// Applies step order: a stage is blocked until every stage of an earlier
// step is approved; a blocked stage with no standing decision is waiting.
void apply_step_order(std::vector<StageView>& stages) {
  bool earlier_ok = true;
  Timestamp earlier_at = 0;
  int step = stages.empty() ? 0 : stages.front().def->step;
  bool step_ok = true;
  Timestamp step_at = 0;
  for (StageView& s : stages) {
    if (s.def->step != step) {
      earlier_ok = earlier_ok && step_ok;
      earlier_at = std::max(earlier_at, step_at);
      step = s.def->step;
      step_ok = true;
    }
    s.blocked = !earlier_ok;
    if (s.blocked && s.status == StageStatus::pending) {
      s.status = StageStatus::waiting;
      s.since = 0;
    } else if (!s.blocked && (s.status == StageStatus::pending || s.status == StageStatus::stale)) {
      s.since = std::max(s.since, earlier_at);
    }
    step_ok = step_ok && s.status == StageStatus::approved;
    if (s.decision) step_at = std::max(step_at, s.decision->at);
  }
}

CaseState state_of(const std::vector<StageView>& stages, const CaseFacts& facts) {
  if (facts.closure) {
    switch (facts.closure->kind) {
      case ClosureKind::withdrawn:
        return CaseState::withdrawn;
      case ClosureKind::deceased:
        return CaseState::deceased;
      case ClosureKind::duplicate:
        return CaseState::duplicate;
    }
  }
  if (facts.travel)
    return *facts.travel == Travel::crossed ? CaseState::crossed : CaseState::turned_back;
  auto any = [&](StageStatus st) {
    return std::any_of(stages.begin(), stages.end(),
                       [&](const StageView& s) { return s.status == st; });
  };
  if (any(StageStatus::denied)) return CaseState::denied;
  if (any(StageStatus::returned)) return CaseState::returned;
  if (any(StageStatus::expired)) return CaseState::expired;
  if (std::all_of(stages.begin(), stages.end(),
                  [](const StageView& s) { return s.status == StageStatus::approved; }))
    return facts.scheduled_on ? CaseState::scheduled : CaseState::cleared;
  return facts.decisions.empty() ? CaseState::registered : CaseState::in_review;
}

std::optional<Timestamp> next_expiry(const std::vector<StageView>& stages) {
  std::optional<Timestamp> first;
  for (const StageView& s : stages)
    if (s.status == StageStatus::approved && s.expires_at && (!first || *s.expires_at < *first))
      first = s.expires_at;
  return first;
}

}  // namespace

std::string_view to_string(StageStatus s) { return k_stage_names[static_cast<int>(s)]; }
std::string_view to_string(CaseState s) { return k_state_names[static_cast<int>(s)]; }

std::optional<CaseState> parse_case_state(std::string_view text) {
  std::string name(text);
  std::replace(name.begin(), name.end(), '_', '-');  // accept in_review too
  std::replace(name.begin(), name.end(), ' ', '-');
  for (int i = 0; i < static_cast<int>(std::size(k_state_names)); ++i)
    if (k_state_names[i] == name) return static_cast<CaseState>(i);
  return std::nullopt;
}

bool is_open(CaseState s) {
  return s != CaseState::denied && s != CaseState::withdrawn && s != CaseState::deceased &&
         s != CaseState::crossed && s != CaseState::turned_back && s != CaseState::duplicate;
}

bool StageView::actionable() const {
  return !blocked && (status == StageStatus::pending || status == StageStatus::stale ||
                      status == StageStatus::expired || status == StageStatus::returned);
}

bool StageView::overdue(Timestamp now) const {
  // A returned stage waits for information from others, not for its party.
  return actionable() && status != StageStatus::returned && def->deadline_hours > 0 &&
         now > since + std::int64_t{def->deadline_hours} * 3600;
}

const StageView* CaseView::find(std::string_view stage) const {
  for (const StageView& s : stages)
    if (s.def->id == stage) return &s;
  return nullptr;
}

std::vector<std::string> CaseView::pending_stages() const {
  std::vector<std::string> ids;
  for (const StageView& s : stages)
    if (s.actionable()) ids.push_back(s.def->id);
  return ids;
}

CaseView derive(const WorkflowDef& workflow, const CaseFacts& facts, Timestamp now) {
  CaseView view;
  for (const StageDef& def : workflow.stages) {
    Timestamp revoked_at = 0;
    auto d = standing_decision(facts.decisions, def.id, revoked_at);
    if (d) {
      view.stages.push_back(view_decided(def, *d, facts, now));
    } else {
      Timestamp since = std::max({facts.registered_at, revoked_at});
      view.stages.push_back(
          StageView{&def, StageStatus::pending, std::nullopt, since, std::nullopt});
    }
  }
  apply_step_order(view.stages);
  view.state = state_of(view.stages, facts);
  if (view.state == CaseState::registered || view.state == CaseState::in_review ||
      view.state == CaseState::cleared || view.state == CaseState::scheduled)
    view.state_until = next_expiry(view.stages);
  return view;
}

namespace {

Result<void> check_stage_order(const CaseView& view, const StageView& stage) {
  if (!stage.blocked) return {};
  std::string earlier;
  for (const StageView& s : view.stages) {
    if (s.def->step >= stage.def->step) break;
    if (s.status == StageStatus::approved) continue;
    earlier += (earlier.empty() ? "" : ", ") + s.def->id;
  }
  return refuse("stage-order", "stage " + stage.def->id + " follows " + earlier +
                                   ", which must be approved first");
}

Result<void> check_outcome(const StageView& stage, const Decision& d) {
  const std::string& id = stage.def->id;
  switch (d.outcome) {
    case Outcome::deny:
      if (d.reason.empty()) {
        std::string codes;
        for (const std::string& r : stage.def->reasons) codes += (codes.empty() ? "" : ", ") + r;
        return refuse("deny-reason", "a deny needs a reason code; stage " + id + " takes " + codes);
      }
      if (!stage.def->accepts_reason(d.reason))
        return refuse("deny-reason",
                      "stage " + id + " does not take reason code '" + d.reason + "'");
      return {};
    case Outcome::ret:
      if (d.note.empty())
        return refuse("return-note", "a return must say what information is needed (--note)");
      return {};
    case Outcome::revoke:
      if (stage.status != StageStatus::approved && stage.status != StageStatus::expired)
        return refuse("nothing-to-revoke", "stage " + id + " has no approval to revoke (it is " +
                                               std::string(to_string(stage.status)) + ")");
      return {};
    case Outcome::approve:
      if (stage.status == StageStatus::approved)
        return refuse("already-decided", "stage " + id + " is already approved");
      return {};
  }
  return {};
}

}  // namespace

Result<void> check_decision(const WorkflowDef& workflow, const CaseView& view,
                            const Hash256& current_snapshot, const Decision& d) {
  if (!is_open(view.state))
    return refuse("case-closed", "case " + d.case_ref + " is " +
                                     std::string(to_string(view.state)) +
                                     " and takes no decisions");
  const StageView* stage = view.find(d.stage);
  if (!stage)
    return refuse("unknown-stage", "the " + std::string(to_string(workflow.direction)) + "/" +
                                       workflow.category + " workflow has no stage '" + d.stage +
                                       "'");
  if (stage->def->party != d.party)
    return refuse("stage-party",
                  "stage " + d.stage + " is decided by " + stage->def->party + ", not " + d.party);
  // Withdrawing one's own approval is never blocked by an earlier step.
  if (d.outcome != Outcome::revoke)
    if (auto r = check_stage_order(view, *stage); !r) return r;
  if (d.snapshot != current_snapshot)
    return refuse("stale-snapshot",
                  "the decision names snapshot " + to_hex(d.snapshot).substr(0, 12) +
                      ", but the case's current one is " + to_hex(current_snapshot).substr(0, 12));
  return check_outcome(*stage, d);
}

Result<void> check_closure(const Config& config, const CaseView& view, const Closure& c) {
  const std::string kind(to_string(c.kind));
  if (!config.may_close(c.party, kind))
    return refuse("closure-party", "party " + c.party + " may not record a case as " + kind);
  if (!is_open(view.state))
    return refuse("case-closed", "the case is already " + std::string(to_string(view.state)));
  return {};
}

Result<void> check_amend_party(const Config& config, std::string_view party,
                               const std::vector<std::string>& fields,
                               std::string_view registered_by) {
  for (const std::string& f : fields) {
    if (config.may_amend(party, f, registered_by)) continue;
    const std::string who(party);
    if (config.may_amend_some(party, f))
      return refuse(
          "amend-party",
          f + ": party " + who + " may amend it only on cases it registered (this one " +
              (registered_by.empty() ? std::string("has no registration")
                                     : "was registered by " + std::string(registered_by)) +
              ")",
          f);
    return refuse("amend-party",
                  f + ": party " + who + " may not amend this field (config [[amend]])", f);
  }
  return {};
}

}  // namespace corridor::core
