#include <corridor/core/workflow.hpp>

#include <gtest/gtest.h>

namespace corridor::core {
namespace {

constexpr Timestamp k_t0 = 1'750'000'000;
constexpr Timestamp k_hour = 3600;
constexpr Timestamp k_day = 86400;

// exit/medical as in Rafah: who referral, then egypt acceptance || cogat security.
WorkflowDef medical() {
  WorkflowDef w;
  w.direction = Direction::exit;
  w.category = "medical";
  w.stages = {
      {"referral", "who", 1, {"not-eligible", "other"}, 72, 0},
      {"acceptance", "egypt", 2, {"no-hospital-bed", "other"}, 48, 30},
      {"security", "cogat", 2, {"security-refusal", "other"}, 24, 14},
  };
  return w;
}

Hash256 snap(std::uint8_t n) {
  Hash256 h{};
  h[0] = n;
  return h;
}

struct Fixture {
  WorkflowDef wf = medical();
  CaseFacts facts;
  Fixture() {
    facts.registered_at = k_t0;
    facts.snapshot = snap(1);
    facts.snapshot_at = k_t0;
  }
  Decision decision(std::string stage, std::string party, Outcome o, Timestamp at) {
    Decision d;
    d.case_ref = "MOH-1";
    d.stage = std::move(stage);
    d.party = std::move(party);
    d.officer = "officer";
    d.outcome = o;
    d.snapshot = facts.snapshot;
    d.at = at;
    if (o == Outcome::deny) d.reason = "other";
    if (o == Outcome::ret) d.note = "need referral form";
    return d;
  }
  void add(std::string stage, std::string party, Outcome o, Timestamp at) {
    facts.decisions.push_back(decision(std::move(stage), std::move(party), o, at));
  }
  // Every stage approved, at k_t0 + 1, + 2 and + 3.
  void approve_all() {
    add("referral", "who", Outcome::approve, k_t0 + 1);
    add("acceptance", "egypt", Outcome::approve, k_t0 + 2);
    add("security", "cogat", Outcome::approve, k_t0 + 3);
  }
  CaseView view(Timestamp now = k_t0 + k_hour) { return derive(wf, facts, now); }
  Result<void> check(const Decision& d) {
    return check_decision(wf, view(d.at), facts.snapshot, d);
  }
};

TEST(Workflow, NewCaseIsRegisteredWithFirstStepPending) {
  Fixture f;
  CaseView v = f.view();
  EXPECT_EQ(v.state, CaseState::registered);
  EXPECT_EQ(v.find("referral")->status, StageStatus::pending);
  EXPECT_EQ(v.find("acceptance")->status, StageStatus::waiting);
  EXPECT_EQ(v.find("security")->status, StageStatus::waiting);
  EXPECT_EQ(v.pending_stages(), std::vector<std::string>{"referral"});
}

TEST(Workflow, ParallelStagesOpenTogetherAfterEarlierStep) {
  Fixture f;
  f.add("referral", "who", Outcome::approve, k_t0 + k_hour);
  CaseView v = f.view(k_t0 + 2 * k_hour);
  EXPECT_EQ(v.state, CaseState::in_review);
  EXPECT_EQ(v.pending_stages(), (std::vector<std::string>{"acceptance", "security"}));
  EXPECT_EQ(v.find("security")->since, k_t0 + k_hour);
}

TEST(Workflow, AllStagesApprovedIsCleared) {
  Fixture f;
  f.approve_all();
  CaseView v = f.view(k_t0 + 4);
  EXPECT_EQ(v.state, CaseState::cleared);
  ASSERT_TRUE(v.state_until);
  EXPECT_EQ(*v.state_until, k_t0 + 3 + 14 * k_day);  // security expires first
}

TEST(Workflow, ApprovalExpiresAfterItsValidity) {
  Fixture f;
  f.approve_all();
  CaseView v = f.view(k_t0 + 3 + 14 * k_day);
  EXPECT_EQ(v.state, CaseState::expired);
  EXPECT_EQ(v.find("security")->status, StageStatus::expired);
  EXPECT_EQ(v.find("acceptance")->status, StageStatus::approved);
  EXPECT_EQ(v.pending_stages(), std::vector<std::string>{"security"});
}

TEST(Workflow, AmendedIdentityMakesApprovalsStale) {
  Fixture f;
  f.add("referral", "who", Outcome::approve, k_t0 + 1);
  f.add("security", "cogat", Outcome::approve, k_t0 + 3);
  f.facts.snapshot = snap(2);
  f.facts.snapshot_at = k_t0 + 10;
  CaseView v = f.view(k_t0 + 20);
  EXPECT_EQ(v.find("referral")->status, StageStatus::stale);
  EXPECT_EQ(v.find("referral")->since, k_t0 + 10);
  // Later steps are stale too, and blocked until the referral is re-approved.
  EXPECT_EQ(v.find("security")->status, StageStatus::stale);
  EXPECT_TRUE(v.find("security")->blocked);
  EXPECT_FALSE(v.find("security")->actionable());
  EXPECT_EQ(v.pending_stages(), std::vector<std::string>{"referral"});
  EXPECT_EQ(v.state, CaseState::in_review);
  EXPECT_NE(v.state, CaseState::cleared);
}

TEST(Workflow, ReapprovalOnNewSnapshotClearsAgain) {
  Fixture f;
  f.approve_all();
  f.facts.snapshot = snap(2);
  f.facts.snapshot_at = k_t0 + 10;
  f.add("referral", "who", Outcome::approve, k_t0 + 11);
  f.add("acceptance", "egypt", Outcome::approve, k_t0 + 12);
  EXPECT_EQ(f.view(k_t0 + 13).state, CaseState::in_review);
  f.add("security", "cogat", Outcome::approve, k_t0 + 14);
  EXPECT_EQ(f.view(k_t0 + 15).state, CaseState::cleared);
}

TEST(Workflow, DenyAtAnyStageDeniesTheCase) {
  Fixture f;
  f.add("referral", "who", Outcome::approve, k_t0 + 1);
  f.add("acceptance", "egypt", Outcome::approve, k_t0 + 2);
  f.add("security", "cogat", Outcome::deny, k_t0 + 3);
  CaseView v = f.view();
  EXPECT_EQ(v.state, CaseState::denied);
  EXPECT_FALSE(is_open(v.state));
}

TEST(Workflow, ReturnMarksCaseReturnedUntilDecidedAgain) {
  Fixture f;
  f.add("referral", "who", Outcome::ret, k_t0 + 1);
  EXPECT_EQ(f.view().state, CaseState::returned);
  f.add("referral", "who", Outcome::approve, k_t0 + 2);
  EXPECT_EQ(f.view().state, CaseState::in_review);
}

TEST(Workflow, RevokeMakesStagePendingAgain) {
  Fixture f;
  f.approve_all();
  f.add("security", "cogat", Outcome::revoke, k_t0 + 4);
  CaseView v = f.view(k_t0 + 5);
  EXPECT_EQ(v.find("security")->status, StageStatus::pending);
  EXPECT_EQ(v.find("security")->since, k_t0 + 4);
  EXPECT_EQ(v.state, CaseState::in_review);
}

TEST(Workflow, ClosureWinsOverEverything) {
  Fixture f;
  f.add("referral", "who", Outcome::approve, k_t0 + 1);
  f.facts.closure = Closure{ClosureKind::deceased, "who", "dr", "", k_t0 + 5};
  EXPECT_EQ(f.view().state, CaseState::deceased);
}

TEST(Workflow, OverdueAfterDeadline) {
  Fixture f;
  const StageView* s = nullptr;
  CaseView early = f.view(k_t0 + 72 * k_hour);
  s = early.find("referral");
  EXPECT_FALSE(s->overdue(k_t0 + 72 * k_hour));
  EXPECT_TRUE(s->overdue(k_t0 + 72 * k_hour + 1));
}

TEST(Workflow, ScheduledOnlyWhileCleared) {
  Fixture f;
  f.approve_all();
  f.facts.scheduled_on = Date{2026, 2, 2};
  EXPECT_EQ(f.view(k_t0 + 4).state, CaseState::scheduled);
  EXPECT_TRUE(is_open(CaseState::scheduled));
  // An approval that lapses takes the case off the list's state.
  EXPECT_EQ(f.view(k_t0 + 3 + 14 * k_day).state, CaseState::expired);
  f.facts.scheduled_on.reset();
  EXPECT_EQ(f.view(k_t0 + 4).state, CaseState::cleared);
}

TEST(Workflow, GateOutcomesAreFinal) {
  Fixture f;
  f.approve_all();
  f.facts.travel = Travel::crossed;
  EXPECT_EQ(f.view(k_t0 + 4).state, CaseState::crossed);
  EXPECT_FALSE(is_open(CaseState::crossed));
  f.facts.travel = Travel::turned_back;
  EXPECT_EQ(f.view(k_t0 + 4).state, CaseState::turned_back);
  EXPECT_FALSE(is_open(CaseState::turned_back));
  f.facts.closure = Closure{ClosureKind::deceased, "who", "a", "", k_t0 + 5};
  EXPECT_EQ(f.view(k_t0 + 6).state, CaseState::deceased);
}

TEST(Workflow, CaseStateNamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(CaseState::turned_back); ++i) {
    auto s = static_cast<CaseState>(i);
    EXPECT_EQ(parse_case_state(to_string(s)), s);
  }
  EXPECT_EQ(parse_case_state("in_review"), CaseState::in_review);
  EXPECT_EQ(parse_case_state("turned_back"), CaseState::turned_back);
  EXPECT_FALSE(parse_case_state("boarded"));
}

// The rules: each refusal names its rule.

void expect_refused(const Result<void>& r, std::string_view rule) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::refused);
  EXPECT_EQ(r.error().rule, rule) << r.error().message;
  EXPECT_EQ(r.error().message.rfind(std::string(rule) + ": ", 0), 0u) << r.error().message;
}

TEST(Rules, RefusesDecisionByAnotherParty) {
  Fixture f;
  expect_refused(f.check(f.decision("referral", "cogat", Outcome::approve, k_t0 + 1)),
                 "stage-party");
}

TEST(Rules, RefusesStageBeforeEarlierStepIsApproved) {
  Fixture f;
  auto r = f.check(f.decision("security", "cogat", Outcome::approve, k_t0 + 1));
  expect_refused(r, "stage-order");
  EXPECT_NE(r.error().message.find("referral"), std::string::npos);
}

TEST(Rules, AllowsStageOnceEarlierStepIsApproved) {
  Fixture f;
  f.add("referral", "who", Outcome::approve, k_t0 + 1);
  EXPECT_TRUE(f.check(f.decision("security", "cogat", Outcome::approve, k_t0 + 2)).ok());
}

TEST(Rules, RefusesDenyWithReasonNotInStageList) {
  Fixture f;
  Decision d = f.decision("referral", "who", Outcome::deny, k_t0 + 1);
  d.reason = "security-refusal";  // a reason of another stage
  expect_refused(f.check(d), "deny-reason");
  d.reason = "not-eligible";
  EXPECT_TRUE(f.check(d).ok());
}

TEST(Rules, RefusesDecisionOnDeniedCase) {
  Fixture f;
  f.add("referral", "who", Outcome::deny, k_t0 + 1);
  expect_refused(f.check(f.decision("referral", "who", Outcome::approve, k_t0 + 2)), "case-closed");
}

TEST(Rules, RefusesDecisionOnWithdrawnCase) {
  Fixture f;
  f.facts.closure = Closure{ClosureKind::withdrawn, "pa", "o", "", k_t0 + 1};
  expect_refused(f.check(f.decision("referral", "who", Outcome::approve, k_t0 + 2)), "case-closed");
}

TEST(Rules, RefusesUnknownStage) {
  Fixture f;
  expect_refused(f.check(f.decision("registration", "pa", Outcome::approve, k_t0 + 1)),
                 "unknown-stage");
}

TEST(Rules, RefusesDecisionOnOldSnapshot) {
  Fixture f;
  Decision d = f.decision("referral", "who", Outcome::approve, k_t0 + 1);
  d.snapshot = snap(9);
  expect_refused(f.check(d), "stale-snapshot");
}

TEST(Rules, RefusesReturnWithoutNote) {
  Fixture f;
  Decision d = f.decision("referral", "who", Outcome::ret, k_t0 + 1);
  d.note.clear();
  expect_refused(f.check(d), "return-note");
}

TEST(Rules, RefusesRevokeWithoutApproval) {
  Fixture f;
  expect_refused(f.check(f.decision("referral", "who", Outcome::revoke, k_t0 + 1)),
                 "nothing-to-revoke");
  f.add("referral", "who", Outcome::approve, k_t0 + 1);
  EXPECT_TRUE(f.check(f.decision("referral", "who", Outcome::revoke, k_t0 + 2)).ok());
}

TEST(Rules, RefusesSecondApproval) {
  Fixture f;
  f.add("referral", "who", Outcome::approve, k_t0 + 1);
  expect_refused(f.check(f.decision("referral", "who", Outcome::approve, k_t0 + 2)),
                 "already-decided");
}

TEST(Rules, RefusesStaleStageUntilEarlierStepIsReapproved) {
  Fixture f;
  f.add("referral", "who", Outcome::approve, k_t0 + 1);
  f.add("security", "cogat", Outcome::approve, k_t0 + 2);
  f.facts.snapshot = snap(2);
  f.facts.snapshot_at = k_t0 + 3;
  expect_refused(f.check(f.decision("security", "cogat", Outcome::approve, k_t0 + 4)),
                 "stage-order");
}

TEST(Rules, AllowsReapprovalOfStaleStage) {
  Fixture f;
  f.add("referral", "who", Outcome::approve, k_t0 + 1);
  f.facts.snapshot = snap(2);
  f.facts.snapshot_at = k_t0 + 2;
  EXPECT_TRUE(f.check(f.decision("referral", "who", Outcome::approve, k_t0 + 3)).ok());
}

TEST(Workflow, AmendmentAfterReturnPutsTheStageBackInReview) {
  Fixture f;
  f.add("referral", "who", Outcome::ret, k_t0 + 1);
  EXPECT_EQ(f.view().state, CaseState::returned);
  f.facts.snapshot = snap(2);  // the referrer corrected the identity
  f.facts.snapshot_at = k_t0 + 5;
  CaseView v = f.view(k_t0 + 6);
  EXPECT_EQ(v.find("referral")->status, StageStatus::stale);
  EXPECT_EQ(v.state, CaseState::in_review);
  EXPECT_EQ(v.pending_stages(), std::vector<std::string>{"referral"});
}

// A revoke at an earlier step leaves later approvals standing but blocked:
// the case is not cleared until the earlier step is approved again, and
// then it is cleared without asking the later parties a second time.
TEST(Workflow, RevokeAtEarlierStepBlocksButKeepsLaterApprovals) {
  Fixture f;
  f.approve_all();
  f.add("referral", "who", Outcome::revoke, k_t0 + 4);
  CaseView v = f.view(k_t0 + 5);
  EXPECT_EQ(v.state, CaseState::in_review);
  EXPECT_EQ(v.find("security")->status, StageStatus::approved);
  EXPECT_TRUE(v.find("security")->blocked);
  EXPECT_EQ(v.pending_stages(), std::vector<std::string>{"referral"});
  f.add("referral", "who", Outcome::approve, k_t0 + 6);
  EXPECT_EQ(f.view(k_t0 + 7).state, CaseState::cleared);
}

TEST(Workflow, ExpiredApprovalRenewedClearsAgain) {
  Fixture f;
  f.approve_all();
  const Timestamp later = k_t0 + 3 + 14 * k_day;
  EXPECT_EQ(f.view(later).state, CaseState::expired);
  EXPECT_TRUE(f.check(f.decision("security", "cogat", Outcome::approve, later + 1)).ok());
  f.add("security", "cogat", Outcome::approve, later + 1);
  CaseView v = f.view(later + 2);
  EXPECT_EQ(v.state, CaseState::cleared);
  ASSERT_TRUE(v.state_until);
  EXPECT_EQ(*v.state_until, later + 1 + 14 * k_day);  // the renewed security approval
}

TEST(Workflow, ReturnedStageIsNeverOverdue) {
  Fixture f;
  f.add("referral", "who", Outcome::ret, k_t0 + 1);
  CaseView v = f.view(k_t0 + 30 * k_day);
  const StageView* s = v.find("referral");
  EXPECT_TRUE(s->actionable());
  EXPECT_FALSE(s->overdue(k_t0 + 30 * k_day));
}

TEST(Rules, RefusesDenyWithoutReason) {
  Fixture f;
  Decision d = f.decision("referral", "who", Outcome::deny, k_t0 + 1);
  d.reason.clear();
  auto r = f.check(d);
  expect_refused(r, "deny-reason");
  EXPECT_NE(r.error().message.find("not-eligible, other"), std::string::npos) << r.error().message;
}

TEST(Rules, RevokeIsNotBlockedByAnEarlierStep) {
  Fixture f;
  f.add("referral", "who", Outcome::approve, k_t0 + 1);
  f.add("security", "cogat", Outcome::approve, k_t0 + 2);
  f.add("referral", "who", Outcome::revoke, k_t0 + 3);
  EXPECT_TRUE(f.check(f.decision("security", "cogat", Outcome::revoke, k_t0 + 4)).ok());
  expect_refused(f.check(f.decision("security", "cogat", Outcome::deny, k_t0 + 4)), "stage-order");
}

Config closure_config() {
  Config c;
  c.closures["deceased"] = {"who", "pa"};
  c.closures["withdrawn"] = {"pa"};
  return c;
}

TEST(Rules, ClosureNeedsAPartyTheConfigNames) {
  Fixture f;
  const Config c = closure_config();
  const CaseView v = f.view();
  expect_refused(check_closure(c, v, Closure{ClosureKind::deceased, "egypt", "o", "", k_t0}),
                 "closure-party");
  expect_refused(check_closure(c, v, Closure{ClosureKind::withdrawn, "who", "o", "", k_t0}),
                 "closure-party");
  EXPECT_TRUE(check_closure(c, v, Closure{ClosureKind::deceased, "who", "o", "", k_t0}).ok());
  EXPECT_TRUE(check_closure(c, v, Closure{ClosureKind::withdrawn, "pa", "o", "", k_t0}).ok());
}

TEST(Rules, ClosedOrDeniedCaseCannotBeClosedAgain) {
  Fixture f;
  const Config c = closure_config();
  f.add("referral", "who", Outcome::deny, k_t0 + 1);
  expect_refused(check_closure(c, f.view(), Closure{ClosureKind::deceased, "who", "o", "", k_t0}),
                 "case-closed");
}

}  // namespace
}  // namespace corridor::core
