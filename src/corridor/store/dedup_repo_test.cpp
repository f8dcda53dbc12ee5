#include <corridor/store/dedup_repo.hpp>

#include <corridor/store/database.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace corridor::store {
namespace {

class DedupRepoTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto opened = Database::open(":memory:", OpenMode::create);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db = std::make_unique<Database>(std::move(opened).value());
    for (int id = 1; id <= 5; ++id) add_case(id);
  }

  void add_case(int id) {
    std::string sql =
        "INSERT INTO cases(id, ref, direction, category, urgency, diagnosis, group_ref, "
        "requested_on, flags, name_ar, name_en, national_id, passport_no, date_of_birth, sex, "
        "nationality, phone, person_key, salt, snapshot, snapshot_at, registered_at, state, "
        "open) VALUES(" +
        std::to_string(id) + ", 'R-" + std::to_string(id) +
        "', 'exit', 'patient', 'routine', '', '', '2026-01-01', '', '', '', '', '', '', '', '', "
        "'', 'k" +
        std::to_string(id) + "', x'', x'', 0, 0, 'waiting', 1)";
    auto r = db->exec(sql);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  void pair(std::int64_t a, std::int64_t b, double score) {
    DedupPair p;
    p.case_a = a;
    p.case_b = b;
    p.score = score;
    p.evidence = R"([{"name":"sex","level":"exact","weight":1}])";
    p.found_at = 100;
    auto r = put_dedup_pair(*db, p);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  std::vector<DedupPair> undecided(const std::optional<DedupCursor>& after = {}, int limit = 10) {
    auto r = undecided_dedup_pairs(*db, after, limit);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : std::vector<DedupPair>{};
  }

  std::unique_ptr<Database> db;
};

TEST_F(DedupRepoTest, KeysReplaceAndLookUp) {
  std::vector<std::string> keys{"dob:1990-01-02", "name:shaaban", "dob:1990-01-02"};
  ASSERT_TRUE(put_dedup_keys(*db, 2, keys).ok());
  ASSERT_TRUE(put_dedup_keys(*db, 1, std::vector<std::string>{"name:shaaban"}).ok());
  EXPECT_EQ(*case_ids_by_dedup_key(*db, "name:shaaban"), (std::vector<std::int64_t>{1, 2}));
  ASSERT_TRUE(put_dedup_keys(*db, 2, std::vector<std::string>{"dob:1990-01-02"}).ok());
  EXPECT_EQ(*case_ids_by_dedup_key(*db, "name:shaaban"), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(*case_ids_by_dedup_key(*db, "dob:1990-01-02"), (std::vector<std::int64_t>{2}));
  EXPECT_TRUE(case_ids_by_dedup_key(*db, "none")->empty());
}

TEST_F(DedupRepoTest, PairsAreOrderedAndBestFirst) {
  pair(3, 1, 0.95);
  pair(2, 4, 0.99);
  pair(1, 2, 0.95);
  auto all = undecided();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].case_a, 2);
  EXPECT_EQ(all[0].ref_b, "R-4");
  EXPECT_EQ(all[1].case_a, 1);
  EXPECT_EQ(all[1].case_b, 2);
  EXPECT_EQ(all[2].case_b, 3);  // stored as (1, 3)
  EXPECT_DOUBLE_EQ(all[2].score, 0.95);
  DedupPair self;
  self.case_a = self.case_b = 2;
  EXPECT_FALSE(put_dedup_pair(*db, self).ok());
}

TEST_F(DedupRepoTest, CursorPagesWithoutGapsOrRepeats) {
  pair(1, 2, 0.91);
  pair(1, 3, 0.97);
  pair(2, 3, 0.97);
  pair(4, 5, 0.93);
  std::vector<std::pair<std::int64_t, std::int64_t>> seen;
  std::optional<DedupCursor> after;
  for (int page = 0; page < 5; ++page) {
    auto rows = undecided(after, 1);
    if (rows.empty()) break;
    seen.emplace_back(rows[0].case_a, rows[0].case_b);
    auto text = format_dedup_cursor(cursor_after(rows[0]));
    after = parse_dedup_cursor(text);
    ASSERT_TRUE(after) << text;
  }
  std::vector<std::pair<std::int64_t, std::int64_t>> want{{1, 3}, {2, 3}, {4, 5}, {1, 2}};
  EXPECT_EQ(seen, want);
  EXPECT_FALSE(parse_dedup_cursor("x"));
  EXPECT_FALSE(parse_dedup_cursor("0.5:1"));
  EXPECT_FALSE(parse_dedup_cursor("0.5:1:2:3"));
  // from_chars reads these as doubles; no cursor holds one.
  for (const char* bad : {"nan:1:2", "inf:1:2", "-inf:1:2", "infinity:1:2", "NaN:1:2"})
    EXPECT_FALSE(parse_dedup_cursor(bad)) << bad;
}

TEST_F(DedupRepoTest, DecidedAndClosedPairsAreNotListed) {
  pair(1, 2, 0.99);
  pair(3, 4, 0.98);
  pair(1, 5, 0.97);
  ASSERT_TRUE(decide_dedup_pair(*db, 2, 1, "different-persons", 7, 200).ok());
  ASSERT_TRUE(db->exec("UPDATE cases SET open = 0 WHERE id = 4").ok());
  auto rows = undecided();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].case_b, 5);
  auto decided = find_dedup_pair(*db, 2, 1);
  ASSERT_TRUE(decided.ok() && decided->has_value());
  EXPECT_EQ((*decided)->decision, "different-persons");
  EXPECT_EQ((*decided)->decided_seq, 7);
  // The matcher finding it again does not reopen it.
  pair(1, 2, 0.999);
  EXPECT_EQ((*find_dedup_pair(*db, 1, 2))->decision, "different-persons");
  ASSERT_TRUE(clear_dedup_decisions(*db).ok());
  EXPECT_EQ(undecided().size(), 2u);
}

TEST_F(DedupRepoTest, DecidingAnUnproposedPairInsertsIt) {
  ASSERT_TRUE(decide_dedup_pair(*db, 3, 5, "same-person", 9, 300).ok());
  auto p = find_dedup_pair(*db, 5, 3);
  ASSERT_TRUE(p.ok() && p->has_value());
  EXPECT_EQ((*p)->found_at, 300);
  EXPECT_EQ((*p)->evidence, "[]");
  EXPECT_FALSE(find_dedup_pair(*db, 1, 2)->has_value());
}

TEST_F(DedupRepoTest, MoveGroupMovesOpenCompanionsAndNamesThem) {
  ASSERT_TRUE(db->exec("UPDATE cases SET group_ref = 'R-1' WHERE id IN (2, 3, 4)").ok());
  ASSERT_TRUE(db->exec("UPDATE cases SET open = 0 WHERE id = 3").ok());
  auto moved = move_group(*db, "R-1", "R-5");
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(*moved, (std::vector<std::string>{"R-2", "R-4"}));
  auto again = move_group(*db, "R-1", "R-5");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());  // only the closed one is left behind
}

TEST_F(DedupRepoTest, WeightsRoundTrip) {
  EXPECT_FALSE(load_dedup_weights(*db)->has_value());
  ASSERT_TRUE(save_dedup_weights(*db, R"({"lambda":0.01})").ok());
  ASSERT_TRUE(save_dedup_weights(*db, R"({"lambda":0.02})").ok());
  EXPECT_EQ(**load_dedup_weights(*db), R"({"lambda":0.02})");
}

}  // namespace
}  // namespace corridor::store
