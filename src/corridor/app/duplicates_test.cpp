// The import's possible-duplicate flag and the whole-store pass
// (app/import_dedup.cpp, app/duplicates.cpp; docs/dedup.md).

#include <corridor/app/duplicates.hpp>
#include <corridor/app/test_deployment.hpp>
#include <corridor/store/dedup_repo.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <regex>
#include <stdexcept>

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
  store::Database open_db() {
    auto db = store::Database::open(db_path(), store::OpenMode::read_write);
    if (!db) throw std::runtime_error(db.error().message);
    return std::move(db).value();
  }
  std::vector<std::int64_t> cases_with_key(const std::string& key) {
    auto db = open_db();
    auto ids = store::case_ids_by_dedup_key(db, key);
    if (!ids) throw std::runtime_error(ids.error().message);
    return *ids;
  }
  std::size_t store_pairs() {
    auto db = svc->reader();
    if (!db) throw std::runtime_error(db.error().message);
    auto found = find_store_duplicates(**db, core::k_default_min_score, 2);
    if (!found) throw std::runtime_error(found.error().message);
    return found->pairs.size();
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

TEST_F(DuplicatesTest, TheStorePassProposesNoDecidedPair) {
  import("a.csv", std::string(k_stored) + others());
  import("b.csv", std::string(k_again));
  ASSERT_EQ(store_pairs(), 1u);
  auto d = svc->different_persons({"WHO-2025-000001", "MOH-2025-000001"}, key("pa"));
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(store_pairs(), 0u);
}

// The same person leaving and coming back: an open exit and an open entry case.
constexpr std::string_view k_returning =
    "RET-2025-000001,entry,returnee,,,,407182336,C1234567,محمد أبو شعبان,Mohammed Abu "
    "Shaaban,1980-03-07,M,PSE,+970 59 412 3301,2025-06-01\n";

TEST_F(DuplicatesTest, AnExitAndAnEntryCaseAreNotDuplicates) {
  EXPECT_TRUE(
      duplicate_flags(import("a.csv", std::string(k_stored) + others() + std::string(k_returning)))
          .empty());
  EXPECT_EQ(store_pairs(), 0u);
  import("b.csv", std::string(k_again));  // exit: the exit case's duplicate only
  EXPECT_EQ(store_pairs(), 1u);
}

TEST_F(DuplicatesTest, AnImportAgainstTheStoreFlagsOnlyInDirection) {
  import("a.csv", std::string(k_stored) + others());
  EXPECT_TRUE(duplicate_flags(import("b.csv", std::string(k_returning))).empty());
}

// n persons with nothing in common.
std::string strangers(int n) {
  static const char* first[] = {"Omar",   "Rami", "Nabil", "Tariq",
                                "Yasser", "Ziad", "Hani",  "Bassam"};
  static const char* family[] = {"Barakat", "Darwish", "Hamdan", "Jaber", "Mansour",
                                 "Nasser",  "Qasem",   "Saleh",  "Taha"};
  std::string out;
  for (int i = 0; i < n; ++i) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "MOH-2025-%06d,exit,medical,routine,renal,,,P%07d,,%s %s %s,19%02d-%02d-%02d,%s,"
                  "PSE,,2025-04-01\n",
                  100 + i, 3000000 + 7919 * i, first[i % 8], first[(i / 8) % 8], family[i % 9],
                  40 + i % 50, 1 + i % 12, 1 + i % 28, i % 2 ? "F" : "M");
    out += line;
  }
  return out;
}

std::optional<std::string> weights_of(store::Database& db) {
  auto w = store::load_dedup_weights(db);
  if (!w) throw std::runtime_error(w.error().message);
  return *w;
}

TEST_F(DuplicatesTest, WeightsAreKeptOnlyFromEnoughPersons) {
  import("a.csv", std::string(k_stored) + others());
  {
    auto db = open_db();
    EXPECT_FALSE(weights_of(db)) << "4 persons give the defaults, not an estimate to keep";
  }
  import("b.csv", strangers(int(core::k_min_estimate)));
  auto db = open_db();
  auto w = weights_of(db);
  ASSERT_TRUE(w);
  // Estimated from the file's persons and the store's.
  EXPECT_NE(w->find("\"persons\":" + std::to_string(core::k_min_estimate + 4)), std::string::npos);
}

TEST_F(DuplicatesTest, ADryRunNamesNoStoredCase) {
  auto dry_run = [&](const std::string& rows) {
    auto rep = svc->import_csv("d.csv", std::string(k_header) + rows, true, key("pa"));
    EXPECT_TRUE(rep.ok()) << (rep.ok() ? "" : rep.error().message);
    return rep.ok() ? duplicate_flags(*rep).size() : 99u;
  };
  // Within its own file, a dry run flags as an import does.
  EXPECT_EQ(dry_run(std::string(k_again) + others() + std::string(k_stored)), 1u);
  import("a.csv", std::string(k_stored) + others());
  EXPECT_EQ(dry_run(std::string(k_again)), 0u);
  EXPECT_EQ(duplicate_flags(import("b.csv", std::string(k_again))).size(), 1u);
}

TEST_F(DuplicatesTest, AnImportFillsTheKeysOfAStoreWithout) {
  import("a.csv", std::string(k_stored) + others());
  {
    auto db = open_db();
    ASSERT_TRUE(db.exec("DELETE FROM dedup_keys").ok());
  }
  EXPECT_EQ(duplicate_flags(import("b.csv", std::string(k_again))).size(), 1u);
  EXPECT_EQ(cases_with_key("nid:430000004").size(), 1u);
}

TEST_F(DuplicatesTest, AmendmentRewritesKeysAndClosureDeletesThem) {
  import("a.csv", std::string(k_stored) + others());
  const auto id = cases_with_key("nid:407182336");
  ASSERT_EQ(id.size(), 1u);
  auto a = svc->amend({"MOH-2025-000001", {{"national_id", "407182344"}}}, key("pa"));
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_TRUE(cases_with_key("nid:407182336").empty());
  EXPECT_EQ(cases_with_key("nid:407182344"), id);
  auto c = svc->close_case({"MOH-2025-000001", core::ClosureKind::withdrawn, ""}, key("pa"));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_TRUE(cases_with_key("nid:407182344").empty());
  EXPECT_TRUE(cases_with_key("ph:594123301").empty());
}

}  // namespace
}  // namespace corridor::app
