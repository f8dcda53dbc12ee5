#include <corridor/core/dedup_rules.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace corridor::core {
namespace {

const Config& rafah() {
  static const Config config = [] {
    std::ifstream in(CORRIDOR_SOURCE_DIR "/config/rafah.toml", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto r = parse_config(text.str(), "rafah.toml");
    EXPECT_TRUE(r.ok()) << r.error().message;
    return std::move(r).value();
  }();
  return config;
}

std::string rule_of(const Result<void>& r) { return r ? std::string("ok") : r.error().rule; }

const PairCase k_medical{"MOH-1", "medical", CaseState::registered};
const PairCase k_companion{"MOH-2", "companion", CaseState::in_review};
const PairCase k_student{"STU-1", "student", CaseState::cleared};

TEST(DedupRules, RegisteringPartyMayDecideItsCategories) {
  EXPECT_EQ(rule_of(check_pair_decision(rafah(), "who", k_medical, k_companion)), "ok");
  EXPECT_EQ(rule_of(check_pair_decision(rafah(), "pa", k_medical, k_student)), "ok");
}

TEST(DedupRules, BothCategoriesMustBeThePartys) {
  EXPECT_EQ(rule_of(check_pair_decision(rafah(), "who", k_medical, k_student)), "pair-party");
  EXPECT_EQ(rule_of(check_pair_decision(rafah(), "who", k_student, k_medical)), "pair-party");
  for (const char* party : {"egypt", "cogat", "eubam"})
    EXPECT_EQ(rule_of(check_pair_decision(rafah(), party, k_medical, k_companion)), "pair-party")
        << party;
}

TEST(DedupRules, NotTheSameCaseTwice) {
  EXPECT_EQ(rule_of(check_pair_decision(rafah(), "pa", k_medical, k_medical)), "pair-self");
}

TEST(DedupRules, BothCasesMustBeOpen) {
  for (CaseState closed :
       {CaseState::withdrawn, CaseState::duplicate, CaseState::crossed, CaseState::denied}) {
    PairCase c = k_companion;
    c.state = closed;
    EXPECT_EQ(rule_of(check_pair_decision(rafah(), "pa", k_medical, c)), "case-closed");
    EXPECT_EQ(rule_of(check_pair_decision(rafah(), "pa", c, k_medical)), "case-closed");
  }
}

TEST(DedupRules, DuplicateIsAClosedStateAndAClosureKind) {
  EXPECT_FALSE(is_open(CaseState::duplicate));
  EXPECT_EQ(to_string(CaseState::duplicate), "duplicate");
  EXPECT_EQ(parse_case_state("duplicate"), CaseState::duplicate);
  EXPECT_EQ(parse_closure_kind("duplicate"), ClosureKind::duplicate);
  EXPECT_EQ(to_string(ClosureKind::duplicate), "duplicate");
  CaseFacts facts;
  facts.closure = Closure{ClosureKind::duplicate, "pa", "o", "", 5};
  WorkflowDef wf;
  wf.stages = {{"referral", "who", 1, {"other"}, 72, 0}};
  EXPECT_EQ(derive(wf, facts, 10).state, CaseState::duplicate);
}

const PairCase k_kept{"MOH-3", "medical", CaseState::registered};

TEST(DedupRules, SamePersonKeepsAndClosesOpenCasesOneWay) {
  EXPECT_EQ(rule_of(check_same_person(rafah(), k_medical, k_kept, {})), "ok");
}

TEST(DedupRules, AScheduledCaseIsNotClosedAsDuplicate) {
  PairCase dup = k_medical;
  dup.state = CaseState::scheduled;
  EXPECT_EQ(rule_of(check_same_person(rafah(), dup, k_kept, {})), "pair-scheduled");
  // Kept scheduled, the other closed: fine.
  EXPECT_EQ(rule_of(check_same_person(rafah(), k_kept, dup, {})), "ok");
}

TEST(DedupRules, SamePersonNeedsOneDirection) {
  PairCase entry = k_kept;
  entry.direction = Direction::entry;
  EXPECT_EQ(rule_of(check_same_person(rafah(), k_medical, entry, {})), "pair-direction");
  EXPECT_EQ(rule_of(check_same_person(rafah(), entry, k_medical, {})), "pair-direction");
}

TEST(DedupRules, TheKeptCaseIsNotACompanionOfTheDuplicate) {
  PairCase companion = k_companion;
  companion.group_ref = k_medical.ref;
  EXPECT_EQ(rule_of(check_same_person(rafah(), k_medical, companion, {})), "pair-group");
}

TEST(DedupRules, CompanionsMoveOnlyToACaseThatMayHoldThem) {
  PairCase companion = k_companion;
  companion.group_ref = k_medical.ref;
  const PairCase companions[] = {companion};
  EXPECT_EQ(rule_of(check_same_person(rafah(), k_medical, k_kept, companions)), "ok");
  PairCase other_companion{"MOH-4", "companion", CaseState::registered};
  EXPECT_EQ(rule_of(check_same_person(rafah(), k_medical, other_companion, companions)),
            "pair-group");
  PairCase scheduled = companion;
  scheduled.state = CaseState::scheduled;
  const PairCase on_manifest[] = {scheduled};
  EXPECT_EQ(rule_of(check_same_person(rafah(), k_medical, k_kept, on_manifest)), "pair-group");
}

}  // namespace
}  // namespace corridor::core
