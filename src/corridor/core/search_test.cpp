#include <corridor/core/search.hpp>

#include <gtest/gtest.h>

namespace corridor::core {
namespace {

TEST(Search, RefusesEmptyLongAndControlQueriesNamingQ) {
  for (std::string_view bad : {"", "   ", "a\nb", "\x1b[31m"}) {
    auto r = parse_search(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "q");
  }
  auto long_one = parse_search(std::string(k_max_search_bytes + 1, 'a'));
  ASSERT_FALSE(long_one);
  EXPECT_EQ(long_one.error().field, "q");
  EXPECT_TRUE(parse_search(std::string(k_max_search_bytes, 'a')));
}

TEST(Search, ReadsANineDigitNumberAsANationalId) {
  auto q = parse_search(" 406-275-316 ");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->national_id, "406275316");
  EXPECT_FALSE(parse_search("1234")->national_id);
  EXPECT_EQ(parse_search("1234")->passport_no, "1234");
}

TEST(Search, ReadsLettersAndDigitsAsAPassportInCapitals) {
  auto q = parse_search("ab 12345");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->passport_no, "AB12345");
  EXPECT_FALSE(parse_search("Hassan Ibrahim, x")->passport_no);
}

TEST(Search, FoldsLatinNamesWithoutCaseOrAccents) {
  EXPECT_EQ(name_search_key("Abu Jamous,  HASSAN"), "abu jamous hassan");
  EXPECT_EQ(name_search_key("Ch\u00e9rif"), name_search_key("Che\u0301rif"));
  EXPECT_EQ(name_search_key("Ch\u00e9rif"), "cherif");
}

TEST(Search, FoldsArabicInAnyUnicodeForm) {
  // Harakat, tatweel and the hamza forms of alef do not matter.
  EXPECT_EQ(name_search_key("\u0645\u064f\u062d\u064e\u0645\u0651\u064e\u062f"),
            name_search_key("\u0645\u062d\u0645\u062f"));
  EXPECT_EQ(name_search_key("\u0623\u062d\u0645\u062f"),
            name_search_key("\u0627\u062d\u0645\u062f"));
  EXPECT_EQ(name_search_key("\u0641\u0627\u0637\u0645\u0629"),
            name_search_key("\u0641\u0627\u0637\u0645\u0647"));
  EXPECT_EQ(name_search_key("\u0639\u0640\u0644\u064a"), name_search_key("\u0639\u0644\u064a"));
}

TEST(Search, FoldsAlikeWithOrWithoutTheFastPath) {
  // A letter outside ASCII and the Arabic block sends the whole name
  // through ICU: the rest must fold exactly as without it.
  const std::string arabic =
      "\u0623\u064e\u062d\u0652\u0645\u064e\u062f \u0624\u0627\u062f "
      "\u0639\u0644\u0649 \u0641\u0627\u0637\u0645\u0629\u060c "
      "\u0647\u0627\u0646\u0626 \u0622\u0645\u0627\u0644";
  const std::string latin = "Abu-Jamous, HASSAN  O'Neil";
  EXPECT_EQ(name_search_key(arabic + " " + latin + " \u00e9"),
            name_search_key(arabic) + " " + name_search_key(latin) + " e");
  EXPECT_EQ(name_search_key(latin), "abu jamous hassan o neil");
}

TEST(Search, MatchesEveryWordOfTheQueryAnywhereInTheName) {
  const std::string key = name_search_key("Abu Jamous, Hassan Ibrahim");
  auto q = parse_search("hassan jam");
  ASSERT_TRUE(q);
  EXPECT_TRUE(name_key_matches(key, q->name_tokens));
  EXPECT_EQ(name_match_rank(key, q->name_tokens), 1);
  EXPECT_FALSE(name_key_matches(key, parse_search("hassan omar")->name_tokens));
  EXPECT_EQ(name_match_rank(key, parse_search("abu jamous hassan ibrahim")->name_tokens), 0);
  EXPECT_EQ(name_match_rank(key, parse_search("amous")->name_tokens), 2);
}

TEST(Search, LooksForNoNameWhenTheQueryHoldsADigit) {
  EXPECT_TRUE(parse_search("WHO-2025-0101")->name_tokens.empty());
  EXPECT_TRUE(parse_search("Hassan 2")->name_tokens.empty());
  EXPECT_EQ(parse_search("Hassan")->name_tokens, std::vector<std::string>{"hassan"});
}

TEST(Search, IgnoresOneLetterWordsInNames) {
  auto q = parse_search("a");
  ASSERT_TRUE(q);
  EXPECT_TRUE(q->name_tokens.empty());
  EXPECT_FALSE(name_key_matches("anything", q->name_tokens));
}

}  // namespace
}  // namespace corridor::core
