// The import's possible-duplicate flag and the whole-store pass
// (app/import_dedup.cpp, app/duplicates.cpp; docs/dedup.md).

#include <corridor/app/duplicates.hpp>
#include <corridor/app/test_deployment.hpp>

#include <gtest/gtest.h>

#include <regex>

namespace corridor::app {
namespace {

constexpr std::string_view k_header =
    "ref,direction,category,urgency,diagnosis,group_ref,national_id,passport_no,name_ar,name_en,"
    "date_of_birth,sex,nationality,phone,requested_on\n";

// Persons with nothing in common, so that the weights have others to learn from.
std::string others() {
  return "MOH-2025-000010,exit,medical,urgent,renal,,410000008,,خالد يوسف حمدان,Khaled Yousef "
         "Hamdan,1975-11-20,M,PSE,+970 59 111 2222,2025-04-01\n"
         "MOH-2025-000011,exit,medical,routine,cardiac,,420000006,,فاطمة علي النجار,Fatima Ali "
         "al-Najjar,1962-02-14,F,PSE,,2025-04-02\n"
         "MOH-2025-000012,exit,medical,critical,burns,,430000004,,سامي حسن قديح,Sami Hasan "
         "Qdeih,2001-08-30,M,PSE,+970 56 333 4444,2025-04-03\n";
}

class DuplicatesTest : public testing::DeploymentTest {
protected:
  ImportReport import(const std::string& name, const std::string& rows) {
    auto rep = svc->import_csv(name, std::string(k_header) + rows, false, key("pa"));
    EXPECT_TRUE(rep.ok()) << (rep.ok() ? "" : rep.error().message);
    if (!rep.ok()) return {};
    for (const core::RowError& e : rep->errors) ADD_FAILURE() << e.row << " " << e.message;
    EXPECT_TRUE(rep->committed);
    return *rep;
  }
  std::vector<core::RowFlag> duplicate_flags(const ImportReport& rep) {
    std::vector<core::RowFlag> out;
    for (const core::RowFlag& f : rep.flags)
      if (f.flag.code == k_possible_duplicate) out.push_back(f);
    return out;
  }
};

constexpr std::string_view k_stored =
    "MOH-2025-000001,exit,medical,urgent,trauma,,407182336,C1234567,محمد أبو شعبان,Mohammed Abu "
    "Shaaban,1980-03-07,M,PSE,+970 59 412 3301,2025-05-01\n";
// The same person from another hospital: no ID, another spelling, the day
// and month of birth swapped.
constexpr std::string_view k_again =
    "WHO-2025-000001,exit,medical,urgent,trauma,,,C1234567,,Muhamad Abushaban,1980-07-03,M,PSE,"
    "059 412 3301,2025-06-01\n";

TEST_F(DuplicatesTest, ImportFlagsTheSamePersonAsAStoredCaseByRefAndScoreOnly) {
  import("a.csv", std::string(k_stored) + others());
  const ImportReport rep = import("b.csv", std::string(k_again));
  const auto flags = duplicate_flags(rep);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].ref, "WHO-2025-000001");
  EXPECT_EQ(flags[0].row, 2);
  EXPECT_TRUE(std::regex_match(
      flags[0].flag.detail,
      std::regex(R"(may be the same person as MOH-2025-000001 \(score (0\.9\d|1\.00)\))")))
      << flags[0].flag.detail;
  // Stored with the case, like id-check-digit.
  auto stored = svc->get_case("WHO-2025-000001");
  ASSERT_TRUE(stored.ok());
  bool kept = false;
  for (const core::Flag& f : stored->record.flags) kept |= f.code == k_possible_duplicate;
  EXPECT_TRUE(kept);
  // The whole-store pass finds the same pair.
  auto db = svc->reader();
  ASSERT_TRUE(db.ok());
  auto found = find_store_duplicates(**db, core::k_default_min_score, 2);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->pairs.size(), 1u);
  EXPECT_EQ(found->pairs[0].ref_a, "MOH-2025-000001");
  EXPECT_EQ(found->pairs[0].ref_b, "WHO-2025-000001");
  EXPECT_EQ(found->persons, 5u);
}

TEST_F(DuplicatesTest, ImportFlagsTheLaterOfTwoRowsOfOneFile) {
  const ImportReport rep = import("a.csv", std::string(k_again) + others() + std::string(k_stored));
  const auto flags = duplicate_flags(rep);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].ref, "MOH-2025-000001");
  EXPECT_NE(flags[0].flag.detail.find("as WHO-2025-000001 (score"), std::string::npos);
}

TEST_F(DuplicatesTest, DifferentPersonsAreNotFlagged) {
  import("a.csv", std::string(k_stored) + others());
  const ImportReport rep = import(
      "b.csv",
      "WHO-2025-000002,exit,medical,urgent,trauma,,,C7654321,,Ahmad Abu Shaaban,1993-01-19,M,"
      "PSE,,2025-06-01\n");
  EXPECT_TRUE(duplicate_flags(rep).empty());
}

}  // namespace
}  // namespace corridor::app
