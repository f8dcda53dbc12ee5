#include <corridor/store/plan_repo.hpp>

#include <corridor/store/case_repo.hpp>
#include <corridor/store/crossing_repo.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace corridor::store {
namespace {

class PlanRepo : public ::testing::Test {
protected:
  void SetUp() override {
    auto opened = Database::open(":memory:", OpenMode::create);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db = std::make_unique<Database>(std::move(opened).value());
  }

  void add(const std::string& ref, const std::string& category, const std::string& group = "",
           core::Timestamp at = 0, core::Direction direction = core::Direction::exit) {
    core::CaseRecord r;
    r.registered_at = at;
    r.direction = direction;
    r.ref = ref;
    r.category = category;
    r.group_ref = group;
    r.person.name_en = "X";
    r.person.national_id = std::to_string(100000000 + ++m_people);
    ASSERT_TRUE(insert_case(*db, r).ok());
  }

  void list(const core::Date& date, core::Direction d, std::vector<std::string> main,
            std::vector<std::string> standby = {}) {
    ManifestRow m;
    m.date = date;
    m.direction = d;
    m.main = std::move(main);
    m.standby = std::move(standby);
    ASSERT_TRUE(insert_manifest(*db, m).ok());
  }

  std::map<int, std::int64_t> sizes(const core::Date& from, const core::Date& to) {
    auto r = listed_group_sizes(*db, from, to, "medical");
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : std::map<int, std::int64_t>{};
  }

  std::unique_ptr<Database> db;
  const core::Date d1{2026, 3, 1}, d2{2026, 3, 2}, d3{2026, 3, 3};

private:
  int m_people = 0;
};

TEST_F(PlanRepo, CountsEachListedPatientsGroupOnTheSameManifest) {
  add("P1", "medical");
  add("P1-C1", "companion", "P1");
  add("P1-C2", "companion", "P1");
  add("P2", "medical");
  add("P2-C1", "companion", "P2");
  add("P3", "medical");
  add("S1", "student");
  // Day 1: P1 with both companions, P2 without its companion (it was not
  // listed), P3 alone on standby; a student counts for nothing.
  list(d1, core::Direction::exit, {"P1", "P1-C1", "P1-C2", "P2", "S1"}, {"P3"});
  // Day 2: P2 with its companion; the list of day 3 was replaced by one
  // without P1's second companion: only the current list counts.
  list(d2, core::Direction::exit, {"P2", "P2-C1"});
  list(d3, core::Direction::exit, {"P1", "P1-C1", "P1-C2"});
  list(d3, core::Direction::exit, {"P1", "P1-C1"});
  // Entry lists are not the exit side's groups.
  list(d1, core::Direction::entry, {"P3"});
  EXPECT_EQ(sizes(d1, d3), (std::map<int, std::int64_t>{{0, 2}, {1, 2}, {2, 1}}));
  EXPECT_EQ(sizes(d1, d1), (std::map<int, std::int64_t>{{0, 2}, {2, 1}}));
  EXPECT_EQ(sizes(d2, d3), (std::map<int, std::int64_t>{{1, 2}}));
  // A suspended day's lists are voided: not current, not counted.
  ASSERT_TRUE(void_manifests(*db, d2).ok());
  EXPECT_EQ(sizes(d2, d2), (std::map<int, std::int64_t>{}));
}

TEST_F(PlanRepo, FirstRegistrationAndRegistrationsByDirection) {
  auto none = first_registration(*db);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, std::nullopt);
  // Cases are stored in log order: the first stored is the first registered.
  add("B", "returnee", "", 300, core::Direction::entry);
  add("A", "medical", "", 500);
  add("C", "returnee", "", 700, core::Direction::entry);
  add("D", "returnee", "", 900, core::Direction::entry);
  auto first = first_registration(*db);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, std::optional<core::Timestamp>(300));
  auto entries = [&](core::Timestamp from, core::Timestamp to) {
    auto n = registrations(*db, core::Direction::entry, from, to);
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  };
  EXPECT_EQ(entries(0, 1000), 3);
  EXPECT_EQ(entries(300, 700), 2);  // both ends count
  EXPECT_EQ(entries(301, 699), 0);
  auto exits = registrations(*db, core::Direction::exit, 0, 1000);
  ASSERT_TRUE(exits.ok());
  EXPECT_EQ(*exits, 1);
}

TEST_F(PlanRepo, CaseOutlinesCarryTheFactsAndDecisionsButNoName) {
  add("P1", "medical", "", 100);
  add("C1", "companion", "P1", 100);
  add("P2", "medical", "", 200);
  add("E1", "returnee", "", 300, core::Direction::entry);
  auto decide = [&](std::int64_t id, const char* stage, core::Outcome o, core::Timestamp at) {
    core::Decision d;
    d.stage = stage;
    d.party = "who";
    d.officer = "o";
    d.outcome = o;
    d.snapshot[0] = static_cast<std::uint8_t>(at);
    d.at = at;
    ASSERT_TRUE(insert_decision(*db, id, d).ok());
  };
  // Interleaved in the log: P2's decision between P1's two.
  decide(1, "referral", core::Outcome::ret, 150);
  decide(3, "referral", core::Outcome::approve, 250);
  decide(2, "security", core::Outcome::approve, 260);
  decide(1, "referral", core::Outcome::approve, 270);
  ASSERT_TRUE(insert_closure(*db, 3, {core::ClosureKind::deceased, "who", "o", "", 400},
                             core::Date{2026, 1, 1})
                  .ok());
  std::vector<StoredCase> seen;
  auto r = for_each_case_outline(*db, core::Direction::exit, "medical",
                                 [&](StoredCase&& sc) { seen.push_back(std::move(sc)); });
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].record.ref, "P1");
  EXPECT_EQ(seen[0].record.registered_at, 100);
  EXPECT_EQ(seen[0].record.person.name_en, "");  // never read
  EXPECT_EQ(seen[0].record.person.national_id, "");
  ASSERT_EQ(seen[0].facts.decisions.size(), 2u);
  EXPECT_EQ(seen[0].facts.decisions[0].outcome, core::Outcome::ret);
  EXPECT_EQ(seen[0].facts.decisions[0].at, 150);
  EXPECT_EQ(seen[0].facts.decisions[0].snapshot[0], 150);
  EXPECT_EQ(seen[0].facts.decisions[1].at, 270);
  EXPECT_EQ(seen[0].facts.decisions[1].case_ref, "P1");
  EXPECT_EQ(seen[0].facts.decisions[1].stage, "referral");
  EXPECT_FALSE(seen[0].facts.closure);
  EXPECT_EQ(seen[1].record.ref, "P2");
  ASSERT_EQ(seen[1].facts.decisions.size(), 1u);
  EXPECT_EQ(seen[1].facts.decisions[0].party, "who");
  ASSERT_TRUE(seen[1].facts.closure);
  EXPECT_EQ(seen[1].facts.closure->kind, core::ClosureKind::deceased);
  EXPECT_EQ(seen[1].facts.closure->at, 400);
}

TEST_F(PlanRepo, SmallCacheLimitsThePageCacheWhileItLives) {
  auto cache = [&] {
    Statement& st = db->prepare("PRAGMA cache_size");
    EXPECT_TRUE(*st.step());
    const std::int64_t v = st.column_int64(0);
    st.reset();
    return v;
  };
  const std::int64_t before = cache();
  {
    SmallCache small(*db, 1024);
    EXPECT_EQ(cache(), -1024);
  }
  EXPECT_EQ(cache(), before);
}

}  // namespace
}  // namespace corridor::store
