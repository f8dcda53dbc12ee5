#include <corridor/core/dedup_names.hpp>

#include <gtest/gtest.h>

namespace corridor::core {
namespace {

std::vector<std::string> skeletons(std::string_view name) { return dedup_name(name).skeletons; }

TEST(DedupNames, MohammedSpellingsShareOneSkeleton) {
  for (std::string_view n : {"mohammed", "muhammad", "mohamad", "mohamed", "mohammad"})
    EXPECT_EQ(latin_skeleton(n), "mhmd") << n;
  EXPECT_EQ(skeletons("محمد"), std::vector<std::string>{"mhmd"});
}

TEST(DedupNames, KhAndHAreOneSound) {
  EXPECT_EQ(latin_skeleton("khaled"), latin_skeleton("haled"));
  EXPECT_EQ(skeletons("خالد"), std::vector<std::string>{latin_skeleton("khaled")});
}

TEST(DedupNames, OuIsUAndEiIsAy) {
  EXPECT_EQ(latin_skeleton("youssef"), latin_skeleton("yousef"));
  EXPECT_EQ(skeletons("يوسف"), std::vector<std::string>{latin_skeleton("youssef")});
  EXPECT_EQ(latin_skeleton("hussein"), latin_skeleton("husayn"));
  EXPECT_EQ(latin_skeleton("hussein"), latin_skeleton("hussain"));
  EXPECT_EQ(skeletons("حسين"), std::vector<std::string>{latin_skeleton("hussein")});
  EXPECT_NE(latin_skeleton("hussein"), latin_skeleton("hassan"));
}

TEST(DedupNames, ALongIIsYAndAShortOneIsDropped) {
  for (auto [latin, arabic] :
       std::vector<std::pair<std::string, std::string>>{{"samir", "سمير"},
                                                        {"ibrahim", "إبراهيم"},
                                                        {"mariam", "مريم"},
                                                        {"khalil", "خليل"},
                                                        {"aisha", "عائشة"},
                                                        {"ismail", "إسماعيل"},
                                                        {"hamed", "حامد"}})
    EXPECT_EQ(skeletons(arabic), std::vector<std::string>{latin_skeleton(latin)}) << latin;
  EXPECT_NE(latin_skeleton("saleem"), latin_skeleton("salem"));
}

TEST(DedupNames, DoubledLettersCountOnce) {
  EXPECT_EQ(latin_skeleton("hassan"), latin_skeleton("hasan"));
  EXPECT_EQ(latin_skeleton("abbas"), latin_skeleton("abas"));
}

TEST(DedupNames, VowelsAreCoarseButAnInitialOneIsKept) {
  EXPECT_EQ(latin_skeleton("ahmed"), latin_skeleton("ahmad"));
  EXPECT_NE(latin_skeleton("ahmed"), latin_skeleton("hamed"));
  EXPECT_EQ(skeletons("أحمد"), std::vector<std::string>{latin_skeleton("ahmad")});
  EXPECT_EQ(skeletons("عمر"), std::vector<std::string>{latin_skeleton("omar")});
  EXPECT_EQ(skeletons("علي"), std::vector<std::string>{latin_skeleton("ali")});
}

TEST(DedupNames, AbuJoinsTheNextWord) {
  const auto a = skeletons("Mohammed Abu Shaaban");
  EXPECT_EQ(a, skeletons("Muhamad Abushaban"));
  EXPECT_EQ(a, skeletons("محمد أبو شعبان"));
  EXPECT_EQ(a, skeletons("Mohamed Abou-Shaaban"));
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(dedup_name("Mohammed Abu Shaaban").keys[1], "abushaaban");
}

TEST(DedupNames, AbdAlJoinsTheNextWordWithoutItsArticle) {
  const auto a = skeletons("Abd al-Rahman");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a, skeletons("Abdulrahman"));
  EXPECT_EQ(a, skeletons("Abdel Rahman"));
  EXPECT_EQ(a, skeletons("عبد الرحمن"));
  EXPECT_EQ(a, skeletons("عبدالرحمن"));
  EXPECT_EQ(skeletons("Abdullah"), skeletons("عبدالله"));
}

TEST(DedupNames, ArticleAndBinAreDropped) {
  EXPECT_EQ(skeletons("Ahmed al-Masri"), skeletons("Ahmed el Masri"));
  EXPECT_EQ(skeletons("Ahmed al-Masri"), skeletons("أحمد المصري"));
  EXPECT_EQ(skeletons("Omar bin Khaled"), skeletons("Omar Khaled"));
  EXPECT_EQ(skeletons("عمر بن خالد"), skeletons("Omar Khaled"));
}

TEST(DedupNames, ArabicDiacriticsTatweelAndLetterFormsAreFolded) {
  EXPECT_EQ(dedup_name("مُحَمَّد").keys, dedup_name("محمد").keys);
  EXPECT_EQ(dedup_name("محـــمد").keys, dedup_name("محمد").keys);
  EXPECT_EQ(dedup_name("إبراهيم").keys, dedup_name("ابراهيم").keys);
  EXPECT_EQ(dedup_name("مصطفى").keys, dedup_name("مصطفي").keys);
  EXPECT_EQ(dedup_name("فاطمة").keys, dedup_name("فاطمه").keys);
  EXPECT_EQ(skeletons("فاطمة"), skeletons("Fatma"));
  EXPECT_EQ(skeletons("فاطمة"), skeletons("Fatmeh"));
  EXPECT_TRUE(dedup_name("فاطمة").arabic);
  EXPECT_FALSE(dedup_name("Fatima").arabic);
}

TEST(DedupNames, EmptyAndDigitsGiveNoTokens) {
  EXPECT_TRUE(dedup_name("").keys.empty());
  EXPECT_TRUE(dedup_name(" - 123 ").skeletons.empty());
}

TEST(DedupNames, ArabicToLatinWritesLettersOnly) {
  EXPECT_EQ(arabic_to_latin("محمد"), "mhmd");
  EXPECT_EQ(arabic_to_latin("محمد"), "mhmd");  // cached
  EXPECT_EQ(arabic_to_latin("خالد"), "khald");
}

TEST(DedupNames, JaroWinklerKnownValues) {
  EXPECT_DOUBLE_EQ(jaro_winkler("", ""), 1.0);
  EXPECT_DOUBLE_EQ(jaro_winkler("abc", ""), 0.0);
  EXPECT_DOUBLE_EQ(jaro_winkler("mhmd", "mhmd"), 1.0);
  EXPECT_NEAR(jaro_winkler("martha", "marhta"), 0.9611, 1e-4);
  EXPECT_NEAR(jaro_winkler("dixon", "dicksonx"), 0.8133, 1e-4);
  EXPECT_LT(jaro_winkler("mhmd", "zkry"), 0.5);
}

}  // namespace
}  // namespace corridor::core
