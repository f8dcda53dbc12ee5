// Decisions on possible duplicates (docs/dedup.md): same-person closes the
// duplicate and moves its group, the figures count the person once,
// different-persons stops the pair being proposed; who may decide what;
// proofs show them and rebuild reproduces them.

#include <corridor/app/service.hpp>

#include <corridor/app/log_ops.hpp>
#include <corridor/app/test_deployment.hpp>
#include <corridor/ledger/case_proof.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/dedup_repo.hpp>
#include <corridor/store/log_repo.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace corridor::app {
namespace {

std::string rule_of(const core::Result<core::CaseState>& r) {
  return r ? std::string("ok") : r.error().rule;
}

class DedupDecideTest : public testing::DeploymentTest {
protected:
  void SetUp() override {
    DeploymentTest::SetUp();
    if (HasFatalFailure()) return;
    import_good();
  }

  // A second connection, as import's matcher would write pairs.
  store::Database open_db() {
    auto db = store::Database::open(db_path(), store::OpenMode::read_write);
    if (!db) throw std::runtime_error(db.error().message);
    return std::move(db).value();
  }

  std::int64_t id_of(store::Database& db, const std::string& ref) {
    auto sc = store::load_case(db, ref);
    if (!sc || !*sc) throw std::runtime_error("no case " + ref);
    return (*sc)->record.id;
  }

  void propose(const std::string& a, const std::string& b, double score) {
    auto db = open_db();
    store::DedupPair p;
    p.case_a = id_of(db, a);
    p.case_b = id_of(db, b);
    p.score = score;
    p.evidence = R"([{"name":"name_family","level":"transliteration","weight":4.1}])";
    p.found_at = testing::k_start;
    auto r = store::put_dedup_pair(db, p);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  std::optional<store::DedupPair> pair_of(const std::string& a, const std::string& b) {
    auto db = open_db();
    auto p = store::find_dedup_pair(db, id_of(db, a), id_of(db, b));
    if (!p) throw std::runtime_error(p.error().message);
    return *p;
  }

  std::vector<std::pair<std::string, std::string>> listed(std::string_view party) {
    auto page = svc->duplicates(party, 50, std::nullopt);
    EXPECT_TRUE(page.ok()) << page.error().message;
    std::vector<std::pair<std::string, std::string>> out;
    if (page.ok())
      for (const DuplicatePair& p : page->pairs)  // in ref order: a and b go by case id
        out.emplace_back(std::min(p.ref_a, p.ref_b), std::max(p.ref_a, p.ref_b));
    return out;
  }

  CaseDetail detail(const std::string& ref) {
    auto d = svc->get_case(ref);
    if (!d) throw std::runtime_error(d.error().message);
    return *d;
  }

  core::Hash256 digest() {
    auto db = svc->reader();
    if (!db) throw std::runtime_error(db.error().message);
    auto d = store::projection_digest(**db);
    if (!d) throw std::runtime_error(d.error().message);
    return *d;
  }

  void expect_rebuild_reproduces() {
    const core::Hash256 live = digest();
    auto check = svc->rebuild(true);
    ASSERT_TRUE(check.ok()) << check.error().message;
    EXPECT_EQ(check->difference, "");
    EXPECT_EQ(check->after, live);
    auto r = svc->rebuild(false);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->after, live);
  }
};

TEST_F(DedupDecideTest, SamePersonClosesTheDuplicateAndMovesItsGroup) {
  auto before = svc->stats();
  ASSERT_TRUE(before.ok());
  auto state = svc->same_person({"WHO-2025-0102", "WHO-2025-0101"}, key("who"));
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(*state, core::CaseState::duplicate);
  EXPECT_EQ(detail("WHO-2025-0101").view.state, core::CaseState::duplicate);
  EXPECT_EQ(detail("WHO-2025-0101").closure->kind, core::ClosureKind::duplicate);
  EXPECT_EQ(detail("WHO-2025-0101-C1").record.group_ref, "WHO-2025-0102");
  auto companions = detail("WHO-2025-0102").companions;
  EXPECT_NE(std::find(companions.begin(), companions.end(), "WHO-2025-0101-C1"), companions.end());
  // The figures count the person once: one case and one waiting fewer.
  auto after = svc->stats();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->cases, before->cases - 1);
  EXPECT_EQ(after->waiting, before->waiting - 1);
  EXPECT_EQ(after->by_state.count("duplicate"), 0u);
  auto decided = pair_of("WHO-2025-0101", "WHO-2025-0102");
  ASSERT_TRUE(decided);
  EXPECT_EQ(decided->decision, "same-person");
  ASSERT_NO_FATAL_FAILURE(expect_rebuild_reproduces());
  EXPECT_EQ(pair_of("WHO-2025-0101", "WHO-2025-0102")->decision, "same-person");
  EXPECT_EQ(detail("WHO-2025-0101-C1").record.group_ref, "WHO-2025-0102");
}

TEST_F(DedupDecideTest, ProofsOfBothCasesShowTheDecision) {
  ASSERT_TRUE(svc->same_person({"WHO-2025-0102", "WHO-2025-0101"}, key("who")).ok());
  ASSERT_TRUE(svc->different_persons({"WHO-2025-0103", "WHO-2025-0104"}, key("who")).ok());
  auto db = svc->reader();
  ASSERT_TRUE(db.ok());
  for (const auto& [ref, kind] : {std::pair{"WHO-2025-0101", "kind same-person"},
                                  std::pair{"WHO-2025-0102", "kind same-person"},
                                  std::pair{"WHO-2025-0103", "kind different-persons"},
                                  std::pair{"WHO-2025-0104", "kind different-persons"}}) {
    auto doc = case_proof(**db, svc->config(), svc->log_key(), ref, {});
    ASSERT_TRUE(doc.ok()) << doc.error().message;
    EXPECT_NE(doc->find(kind), std::string::npos) << ref;
    auto v = ledger::verify_proof(*doc, svc->log_key());
    EXPECT_TRUE(v.ok()) << ref << ": " << v.error().message;
  }
}

TEST_F(DedupDecideTest, DifferentPersonsStopsTheProposal) {
  propose("WHO-2025-0103", "WHO-2025-0104", 0.97);
  propose("WHO-2025-0101", "WHO-2025-0102", 0.95);
  auto before = listed("who");
  ASSERT_EQ(before.size(), 2u);
  EXPECT_EQ(before[0].first, "WHO-2025-0103");  // best first
  auto r = svc->different_persons({"WHO-2025-0104", "WHO-2025-0103"}, key("who"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto after = listed("who");
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].first, "WHO-2025-0101");
  EXPECT_EQ(rule_of(svc->different_persons({"WHO-2025-0103", "WHO-2025-0104"}, key("pa"))),
            "pair-decided");
  EXPECT_EQ(rule_of(svc->same_person({"WHO-2025-0103", "WHO-2025-0104"}, key("pa"))),
            "pair-decided");
  ASSERT_NO_FATAL_FAILURE(expect_rebuild_reproduces());
  EXPECT_EQ(listed("who").size(), 1u);
  EXPECT_EQ(pair_of("WHO-2025-0103", "WHO-2025-0104")->decision, "different-persons");
  EXPECT_DOUBLE_EQ(pair_of("WHO-2025-0103", "WHO-2025-0104")->score, 0.97);
}

TEST_F(DedupDecideTest, TheListShowsOnlyPairsThePartyMayDecide) {
  propose("WHO-2025-0103", "MOE-2025-0007", 0.99);
  propose("WHO-2025-0101", "WHO-2025-0102", 0.95);
  EXPECT_EQ(listed("who").size(), 1u);  // who registers no students
  EXPECT_EQ(listed("pa").size(), 2u);
  EXPECT_TRUE(listed("cogat").empty());
  // A closed case takes its pairs off the list.
  ASSERT_TRUE(
      svc->close_case({"WHO-2025-0102", core::ClosureKind::withdrawn, ""}, key("who")).ok());
  EXPECT_EQ(listed("pa").size(), 1u);
  auto bad = svc->duplicates("pa", 10, std::string("nonsense"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "after");
}

TEST_F(DedupDecideTest, TheListPagesWithItsCursor) {
  propose("WHO-2025-0103", "WHO-2025-0104", 0.97);
  propose("WHO-2025-0101", "WHO-2025-0102", 0.95);
  propose("WHO-2025-0101", "WHO-2025-0103", 0.93);
  auto first = svc->duplicates("who", 2, std::nullopt);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->pairs.size(), 2u);
  ASSERT_TRUE(first->next);
  auto second = svc->duplicates("who", 2, first->next);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->pairs.size(), 1u);
  EXPECT_EQ(std::min(second->pairs[0].ref_a, second->pairs[0].ref_b), "WHO-2025-0101");
  EXPECT_EQ(std::max(second->pairs[0].ref_a, second->pairs[0].ref_b), "WHO-2025-0103");
  EXPECT_FALSE(second->next);
}

TEST_F(DedupDecideTest, WhoMayDecide) {
  // Only a party that may register both categories.
  for (const char* party : {"egypt", "cogat", "eubam"})
    EXPECT_EQ(rule_of(svc->same_person({"WHO-2025-0102", "WHO-2025-0101"}, key(party))),
              "pair-party")
        << party;
  EXPECT_EQ(rule_of(svc->different_persons({"WHO-2025-0103", "MOE-2025-0007"}, key("who"))),
            "pair-party");
  EXPECT_EQ(rule_of(svc->different_persons({"WHO-2025-0103", "MOE-2025-0007"}, key("pa"))), "ok");
  EXPECT_EQ(rule_of(svc->same_person({"WHO-2025-0102", "WHO-2025-0102"}, key("pa"))), "pair-self");
  EXPECT_FALSE(svc->same_person({"WHO-2025-0102", "NO-SUCH-REF"}, key("pa")).ok());
  // Both open: a closed case is neither kept nor closed again.
  ASSERT_TRUE(
      svc->close_case({"WHO-2025-0104", core::ClosureKind::withdrawn, ""}, key("who")).ok());
  EXPECT_EQ(rule_of(svc->same_person({"WHO-2025-0104", "WHO-2025-0103"}, key("who"))),
            "case-closed");
  EXPECT_EQ(rule_of(svc->same_person({"WHO-2025-0103", "WHO-2025-0104"}, key("who"))),
            "case-closed");
  // A duplicate is closed by same-person only, never by a closure.
  EXPECT_EQ(
      rule_of(svc->close_case({"WHO-2025-0103", core::ClosureKind::duplicate, ""}, key("who"))),
      "closure-party");
  EXPECT_EQ(detail("WHO-2025-0103").view.state, core::CaseState::registered);
}

TEST_F(DedupDecideTest, SamePersonKeepsOneWayAndAGroupThatFits) {
  // One person may have an open exit case and an open entry case.
  EXPECT_EQ(rule_of(svc->same_person({"RET-2025-0011", "MOE-2025-0007"}, key("pa"))),
            "pair-direction");
  // A companion of the duplicate is not kept in its place.
  EXPECT_EQ(rule_of(svc->same_person({"WHO-2025-0101-C1", "WHO-2025-0101"}, key("pa"))),
            "pair-group");
  // Its companions may only move to a medical case.
  EXPECT_EQ(rule_of(svc->same_person({"WHO-2025-0102-C1", "WHO-2025-0101"}, key("pa"))),
            "pair-group");
  EXPECT_EQ(detail("WHO-2025-0101").view.state, core::CaseState::registered);
  // Without companions, any category that way may be kept.
  EXPECT_EQ(rule_of(svc->same_person({"MOE-2025-0007", "WHO-2025-0103"}, key("pa"))), "ok");
}

}  // namespace
}  // namespace corridor::app
