#include <corridor/core/dedup_block.hpp>

#include <corridor/core/dedup_test_population.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace corridor::core {
namespace {

bool has(const std::vector<std::string>& keys, const std::string& k) {
  return std::find(keys.begin(), keys.end(), k) != keys.end();
}

TEST(DedupBlock, KeysOfARecord) {
  DedupPerson p;
  p.name_en = "Mohammed Abu Shaaban";
  p.national_id = "400123456";
  p.passport_no = "p1234567";
  p.phone = "+970599123456";
  p.date_of_birth = Date{1985, 7, 3};
  p.sex = Sex::male;
  const auto keys = blocking_keys(p);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_TRUE(has(keys, "nid:400123456"));
  EXPECT_TRUE(has(keys, "pp:P1234567"));
  EXPECT_TRUE(has(keys, "ph:599123456"));
  EXPECT_TRUE(has(keys, "dob:1985-03-07"));  // day and month unordered
  EXPECT_TRUE(has(keys, "yf:1985:mhmd"));
  EXPECT_TRUE(has(keys, "yl:1985:abwsbn"));
  EXPECT_TRUE(has(keys, "lfs:abwsbn:m:M"));
  p.date_of_birth = Date{1985, 3, 7};
  EXPECT_TRUE(has(blocking_keys(p), "dob:1985-03-07"));
  EXPECT_TRUE(blocking_keys(DedupPerson{}).empty());
}

TEST(DedupBlock, TheSameNameInEitherScriptGivesTheSameNameKeys) {
  DedupPerson a, b;
  a.name_en = "Muhamad Abushaban";
  b.name_ar = "محمد أبو شعبان";
  a.date_of_birth = b.date_of_birth = Date{1985, 3, 7};
  EXPECT_EQ(blocking_keys(a), blocking_keys(b));
}

TEST(DedupBlock, ComparesPairsSharingAKeyAndNoOthers) {
  std::vector<DedupPerson> persons(4);
  persons[0].passport_no = "X1234567";
  persons[1].passport_no = "x1234567";
  persons[2].passport_no = "Y7654321";
  persons[3].national_id = "400123456";
  persons[2].phone = persons[3].phone = "0599123456";
  DedupStats stats;
  const auto pairs = find_duplicates(persons, default_weights(), 0.0, &stats);
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(stats.comparisons, 2u);
  EXPECT_EQ(stats.pairs_blocked, 2u);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> got;
  for (const auto& p : pairs) got.emplace_back(p.a, p.b);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 1}, {2, 3}}));
}

TEST(DedupBlock, APairSharingManyKeysIsComparedOnce) {
  const test::Population pop = test::population(2, 0, 1);
  std::vector<DedupPerson> persons = {pop.persons[0], pop.persons[0]};
  DedupStats stats;
  EXPECT_EQ(find_duplicates(persons, default_weights(), 0.0, &stats).size(), 1u);
  EXPECT_EQ(stats.comparisons, 1u);
}

TEST(DedupBlock, LargeBlocksAreWalkedAsANeighbourhood) {
  std::vector<DedupPerson> persons(1000);
  for (std::size_t i = 0; i < persons.size(); ++i) persons[i].phone = "0599000000";  // one key
  DedupStats stats;
  find_duplicates(persons, default_weights(), 1.0, &stats);
  EXPECT_GT(stats.comparisons, 0u);
  EXPECT_LE(stats.comparisons, persons.size() * k_block_window);
}

TEST(DedupBlock, ResultsAreBestFirstAndTheSameForAnyThreadCount) {
  const test::Population pop = test::population(2000, 100, 5);
  Weights w = default_weights();
  w.lambda = 1e-5;
  DedupStats one, three;
  const auto a = find_duplicates(pop.persons, w, 0.5, &one, 1);
  const auto b = find_duplicates(pop.persons, w, 0.5, &three, 3);
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(one.comparisons, three.comparisons);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].a, b[i].a);
    EXPECT_EQ(a[i].b, b[i].b);
    EXPECT_EQ(a[i].comparison.score, b[i].comparison.score);
    EXPECT_LT(a[i].a, a[i].b);
    if (i > 0) {
      EXPECT_GE(a[i - 1].comparison.score, a[i].comparison.score);
    }
  }
  // Far fewer comparisons than all pairs.
  EXPECT_LT(one.comparisons, pop.persons.size() * (pop.persons.size() - 1) / 20);
}

}  // namespace
}  // namespace corridor::core
