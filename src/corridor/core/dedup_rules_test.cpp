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

}  // namespace
}  // namespace corridor::core
