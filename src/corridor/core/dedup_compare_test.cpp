#include <corridor/core/dedup_compare.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace corridor::core {
namespace {

// A store of about 10,000 persons: lambda ~ 1e-4.
Weights weights() {
  Weights w = default_weights();
  w.lambda = 1e-4;
  return w;
}

DedupPerson person(std::string ref) {
  DedupPerson p;
  p.ref = std::move(ref);
  p.sex = Sex::male;
  return p;
}

// The issue's three records of one patient.
DedupPerson who_referral() {
  DedupPerson p = person("WHO-1");
  p.name_en = "Mohammed Abu Shaaban";
  p.passport_no = "p 1234567";
  p.date_of_birth = Date{1985, 3, 7};
  return p;
}
DedupPerson crossings_registration() {
  DedupPerson p = person("MOI-1");
  p.name_ar = "محمد أبو شعبان";
  p.national_id = "400123456";
  p.date_of_birth = Date{1985, 3, 7};
  return p;
}
DedupPerson second_hospital() {
  DedupPerson p = person("HOS-1");
  p.name_en = "Muhamad Abushaban";
  p.date_of_birth = Date{1985, 7, 3};
  return p;
}

const Feature& feature(const Comparison& c, std::string_view name) {
  for (const Feature& f : c.features)
    if (f.name == name) return f;
  throw std::logic_error("no feature");
}

TEST(DedupCompare, TheIssuesThreeRecordsAreOnePerson) {
  const std::vector<DedupPerson> records = {who_referral(), crossings_registration(),
                                            second_hospital()};
  for (std::size_t i = 0; i < records.size(); ++i)
    for (std::size_t j = i + 1; j < records.size(); ++j)
      EXPECT_GE(compare(records[i], records[j], weights()).score, k_default_min_score)
          << records[i].ref << " " << records[j].ref;
}

TEST(DedupCompare, NamesTheEvidence) {
  const Comparison c = compare(who_referral(), second_hospital(), weights());
  ASSERT_EQ(c.features.size(), dedup_feature_names().size());
  EXPECT_EQ(feature(c, "name_first").level, "transliteration");
  EXPECT_EQ(feature(c, "name_family").level, "transliteration");
  EXPECT_EQ(feature(c, "date_of_birth").level, "swapped_day_month");
  EXPECT_EQ(feature(c, "national_id").level, "missing");
  EXPECT_EQ(feature(c, "national_id").weight, 0);
  EXPECT_GT(feature(c, "date_of_birth").weight, 0);
  const Comparison scripts = compare(who_referral(), crossings_registration(), weights());
  EXPECT_EQ(feature(scripts, "name_first").level, "transliteration");
  EXPECT_EQ(feature(scripts, "date_of_birth").level, "exact");
}

TEST(DedupCompare, ClearlyDifferentPersonsDoNotMatch) {
  DedupPerson other = person("X");
  other.name_en = "Ahmed Hassan";
  other.date_of_birth = Date{1990, 1, 2};
  other.sex = Sex::female;
  EXPECT_LT(compare(who_referral(), other, weights()).score, 0.01);
  // A brother: same family, another first name, birth and ID.
  DedupPerson brother = crossings_registration();
  brother.ref = "MOI-2";
  brother.name_ar = "محمود أبو شعبان";
  brother.national_id = "400987654";
  brother.date_of_birth = Date{1988, 11, 20};
  EXPECT_LT(compare(crossings_registration(), brother, weights()).score, 0.01);
}

TEST(DedupCompare, IsSymmetric) {
  const Comparison ab = compare(who_referral(), crossings_registration(), weights());
  const Comparison ba = compare(crossings_registration(), who_referral(), weights());
  EXPECT_DOUBLE_EQ(ab.match_weight, ba.match_weight);
  for (std::size_t i = 0; i < ab.features.size(); ++i)
    EXPECT_EQ(ab.features[i].level, ba.features[i].level);
}

TEST(DedupCompare, ScoreIsTheMatchProbabilityOfTheWeight) {
  const Comparison c = compare(who_referral(), second_hospital(), weights());
  double sum = std::log2(1e-4 / (1 - 1e-4));
  for (const Feature& f : c.features) sum += f.weight;
  EXPECT_NEAR(c.match_weight, sum, 1e-9);
  EXPECT_NEAR(c.score, std::pow(2, sum) / (1 + std::pow(2, sum)), 1e-12);
}

Gamma gamma(const DedupPerson& a, const DedupPerson& b) { return gamma_of(prepare(a), prepare(b)); }
std::string level(const DedupPerson& a, const DedupPerson& b, std::size_t f) {
  const std::uint8_t l = gamma(a, b)[f];
  return l == k_level_missing ? "missing" : std::string(dedup_levels(dedup_feature_names()[f])[l]);
}

TEST(DedupCompare, NationalIdLevels) {
  DedupPerson a = person("A"), b = person("B");
  a.national_id = "400123456";
  b.national_id = "400123456";
  EXPECT_EQ(level(a, b, 5), "exact");
  b.national_id = "400123457";
  EXPECT_EQ(level(a, b, 5), "one_digit");
  b.national_id = "400123465";  // neighbours swapped
  EXPECT_EQ(level(a, b, 5), "one_digit");
  b.national_id = "400129999";
  EXPECT_EQ(level(a, b, 5), "disagree");
  b.national_id.clear();
  EXPECT_EQ(level(a, b, 5), "missing");
}

TEST(DedupCompare, DateOfBirthLevels) {
  DedupPerson a = person("A"), b = person("B");
  a.date_of_birth = Date{1985, 3, 7};
  b.date_of_birth = Date{1985, 3, 7};
  EXPECT_EQ(level(a, b, 3), "exact");
  b.date_of_birth = Date{1985, 7, 3};
  EXPECT_EQ(level(a, b, 3), "swapped_day_month");
  b.date_of_birth = Date{1985, 12, 30};
  EXPECT_EQ(level(a, b, 3), "year_only");
  b.date_of_birth = Date{1986, 3, 7};
  EXPECT_EQ(level(a, b, 3), "disagree");
  b.date_of_birth.reset();
  EXPECT_EQ(level(a, b, 3), "missing");
}

TEST(DedupCompare, PhonePassportSexAndGroupLevels) {
  DedupPerson a = person("A"), b = person("B");
  a.phone = "+970 59 912 3456";
  b.phone = "0599123456";
  EXPECT_EQ(level(a, b, 7), "exact");
  a.passport_no = "P1234567";
  b.passport_no = "p-1234567";
  EXPECT_EQ(level(a, b, 6), "exact");
  b.sex = Sex::female;
  EXPECT_EQ(level(a, b, 4), "disagree");
  EXPECT_EQ(level(a, b, 8), "none");
  b.group_ref = "A";
  EXPECT_EQ(level(a, b, 8), "patient_companion");
  a.group_ref = "A";
  b.group_ref = "A";
  EXPECT_EQ(level(a, b, 8), "same_group");
}

TEST(DedupCompare, MiddleNamesAreTheFullNameFeature) {
  DedupPerson a = person("A"), b = person("B");
  a.name_en = "Mohammed Ahmed Ali Abu Shaaban";
  b.name_ar = "محمد أحمد علي أبو شعبان";
  EXPECT_EQ(level(a, b, 2), "exact");
  b.name_ar = "محمد أحمد أبو شعبان";
  EXPECT_EQ(level(a, b, 2), "overlap");
  b.name_ar = "محمد سمير أبو شعبان";
  EXPECT_EQ(level(a, b, 2), "disagree");
  b.name_ar = "محمد أبو شعبان";
  EXPECT_EQ(level(a, b, 2), "missing");
}

TEST(DedupCompare, DedupPersonTakesTheCasesPerson) {
  CaseRecord c;
  c.ref = "R1";
  c.group_ref = "P1";
  c.person.name_en = "Omar Khaled";
  c.person.national_id = "400123456";
  c.person.date_of_birth = Date{2000, 1, 2};
  c.person.sex = Sex::female;
  const DedupPerson p = dedup_person(c);
  EXPECT_EQ(p.ref, "R1");
  EXPECT_EQ(p.group_ref, "P1");
  EXPECT_EQ(p.name_en, "Omar Khaled");
  EXPECT_EQ(p.national_id, "400123456");
  EXPECT_EQ(p.date_of_birth, (Date{2000, 1, 2}));
  EXPECT_EQ(p.sex, Sex::female);
}

TEST(DedupWeights, RoundTripThroughJson) {
  Weights w = default_weights();
  w.lambda = 3.5e-7;
  w.features[2].levels[1].m = 0.123456789;
  w.persons = 42;
  w.iterations = 7;
  auto back = Weights::from_json(w.to_json());
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->to_json(), w.to_json());
  EXPECT_DOUBLE_EQ(back->weight("name_full", "overlap"), w.weight("name_full", "overlap"));
}

TEST(DedupWeights, FromJsonRefusesWhatIsNoModel) {
  EXPECT_FALSE(Weights::from_json("not json"));
  EXPECT_FALSE(Weights::from_json("{}"));
  std::string text = default_weights().to_json();
  EXPECT_FALSE(Weights::from_json(
      std::string(text).replace(text.find("\"lambda\":"), 9, "\"lambda\":2,\"x\":")));
  const auto at = text.find("\"m\":");
  EXPECT_FALSE(Weights::from_json(std::string(text).replace(at, 4, "\"m\":-")));
  const auto sex = text.find("\"sex\"");
  EXPECT_FALSE(Weights::from_json(std::string(text).replace(sex, 5, "\"sox\"")));
}

TEST(DedupWeights, WeightIsLog2OfMOverU) {
  const Weights w = default_weights();
  EXPECT_NEAR(w.weight("sex", "exact"), std::log2(0.98 / 0.5), 1e-12);
  EXPECT_EQ(w.weight("sex", "missing"), 0);
  EXPECT_EQ(w.weight("nothing", "exact"), 0);
}

}  // namespace
}  // namespace corridor::core
