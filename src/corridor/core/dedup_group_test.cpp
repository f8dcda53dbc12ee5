// Groups (docs/dedup.md, "Groups"): a patient and their companions are never
// one person; a companion who is a patient on another referral may be.

#include <corridor/core/dedup_compare.hpp>

#include <corridor/core/dedup_test_population.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace corridor::core {
namespace {

// A store of about 10,000 persons: lambda ~ 1e-4.
Weights weights() {
  Weights w = default_weights();
  w.lambda = 1e-4;
  return w;
}

DedupPerson patient() {
  DedupPerson p;
  p.ref = "MOH-1";
  p.name_en = "Mohammed Ahmed Abu Shaaban";
  p.name_ar = "محمد أحمد أبو شعبان";
  p.national_id = "400123456";
  p.phone = "0599123456";
  p.date_of_birth = Date{2015, 3, 7};
  p.sex = Sex::male;
  return p;
}

// His brother, who goes with him: the family name, the phone, the sex and
// a date of birth a few days off.
DedupPerson companion() {
  DedupPerson c = patient();
  c.ref = "MOH-2";
  c.group_ref = "MOH-1";
  c.name_en = "Mahmoud Ahmed Abu Shaaban";
  c.name_ar = "محمود أحمد أبو شعبان";
  c.national_id = "400123464";
  c.date_of_birth = Date{2015, 3, 9};
  return c;
}

const Feature& group_of(const Comparison& c) { return c.features.at(8); }

TEST(DedupGroup, APatientAndTheirCompanionAreNeverOnePerson) {
  DedupPerson p = patient();
  DedupPerson c = companion();
  c.name_en = p.name_en;  // even with the patient's own name
  c.name_ar = p.name_ar;
  const Comparison cmp = compare(p, c, weights());
  EXPECT_EQ(group_of(cmp).level, "patient_companion");
  EXPECT_TRUE(std::isinf(group_of(cmp).weight) && group_of(cmp).weight < 0);
  EXPECT_EQ(cmp.score, 0);
  EXPECT_EQ(compare(c, p, weights()).score, 0);
  c.group_ref.clear();  // the same two records in different groups would be proposed
  EXPECT_GT(compare(p, c, weights()).score, k_default_min_score);
}

TEST(DedupGroup, TwoCompanionsOfOnePatientAreNeverOnePerson) {
  DedupPerson a = companion();
  DedupPerson b = companion();
  b.ref = "MOH-3";
  b.date_of_birth = Date{2015, 9, 3};
  const Comparison cmp = compare(a, b, weights());
  EXPECT_EQ(group_of(cmp).level, "same_group");
  EXPECT_EQ(cmp.score, 0);
  EXPECT_EQ(weights().weight("group", "same_group"), -INFINITY);
  EXPECT_EQ(weights().weight("group", "patient_companion"), -INFINITY);
  EXPECT_LT(weights().weight("group", "none"), 1);
}

TEST(DedupGroup, AHouseholdIsNotProposedButTheCompanionAsAPatientIs) {
  // Patient, his brother as companion, and the brother as a patient on
  // another referral (another hospital, Latin only, no ID).
  DedupPerson again = companion();
  again.ref = "WHO-9";
  again.group_ref.clear();
  again.name_ar.clear();
  again.name_en = "Mahmud Abushaban";
  again.national_id.clear();
  const std::vector<DedupPerson> persons = {patient(), companion(), again};
  const auto found = find_duplicates(persons, weights(), 0);
  for (const CandidatePair& pair : found)
    EXPECT_FALSE(pair.a == 0 && pair.b == 1) << "patient and companion proposed";
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front().a, 1u);
  EXPECT_EQ(found.front().b, 2u);
  EXPECT_GE(found.front().comparison.score, k_default_min_score);
}

// A population where each of 300 patients travels with a sibling sharing
// the family name and phone: the estimated weights propose none of them,
// and still find the planted duplicates.
TEST(DedupGroup, EstimatedWeightsDoNotLearnTheHousehold) {
  test::Population pop = test::population(2000, 100, 19);
  const std::uint32_t planted_end = static_cast<std::uint32_t>(pop.persons.size());
  for (std::uint32_t i = 0; i < 2000; ++i)
    pop.persons[i].phone = "059" + std::to_string(1000000 + i);
  for (const auto& [a, b] : pop.planted) pop.persons[b].phone = pop.persons[a].phone;
  for (std::uint32_t i = 0; i < 300; ++i) {
    DedupPerson c = pop.persons[i];
    c.ref = "C" + std::to_string(i);
    c.group_ref = pop.persons[i].ref;
    const std::string other = i % 2 ? "Rami" : "Noor";
    c.name_en = other + c.name_en.substr(c.name_en.find(' '));
    c.name_ar = (i % 2 ? "رامي" : "نور") + c.name_ar.substr(c.name_ar.find(' '));
    c.national_id = std::to_string(500000000 + i);
    c.date_of_birth->day = c.date_of_birth->day % 28 + 1;
    pop.persons.push_back(std::move(c));
  }
  const Weights w = estimate_weights(pop.persons, 5);
  const auto found = find_duplicates(pop.persons, w, k_default_min_score);
  std::size_t right = 0;
  for (const CandidatePair& p : found) {
    EXPECT_FALSE(p.b >= planted_end && pop.persons[p.b].group_ref == pop.persons[p.a].ref)
        << pop.persons[p.a].ref << " " << pop.persons[p.b].ref;
    right += pop.planted.count({p.a, p.b});
  }
  EXPECT_GE(static_cast<double>(right), 0.9 * static_cast<double>(pop.planted.size()));
  EXPECT_GE(static_cast<double>(right), 0.9 * static_cast<double>(found.size()));
}

}  // namespace
}  // namespace corridor::core
