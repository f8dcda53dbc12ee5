#include <corridor/demo/data.hpp>

#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/intake.hpp>
#include <corridor/core/national_id.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace corridor::demo {
namespace {

// One CSV line, by column name.
struct Row {
  std::string ref, direction, category, urgency, diagnosis, group_ref, national_id, passport_no,
      name_ar, name_en, date_of_birth, sex, nationality, phone, requested_on;
};
std::string Row::*const k_columns[] = {
    &Row::ref,           &Row::direction,   &Row::category,    &Row::urgency, &Row::diagnosis,
    &Row::group_ref,     &Row::national_id, &Row::passport_no, &Row::name_ar, &Row::name_en,
    &Row::date_of_birth, &Row::sex,         &Row::nationality, &Row::phone,   &Row::requested_on};

const core::Date k_today{2025, 11, 30};

std::string generate(const DemoOptions& options, DemoCounts* counts = nullptr) {
  std::ostringstream out;
  auto result = write_demo_csv(options, out);
  EXPECT_TRUE(result.ok());
  if (counts && result.ok()) *counts = *result;
  return out.str();
}

DemoOptions options(int patients, std::uint64_t seed = 7) {
  DemoOptions o;
  o.patients = patients;
  o.seed = seed;
  o.today = k_today;
  return o;
}

// The generator never quotes (no name holds a comma), so splitting at
// commas will do; NeverNeedsQuoting checks that.
std::vector<std::vector<std::string>> split(const std::string& csv) {
  std::vector<std::vector<std::string>> lines;
  std::istringstream in(csv);
  for (std::string line; std::getline(in, line);) {
    lines.emplace_back(1);
    for (char c : line) {
      if (c == ',') {
        lines.back().emplace_back();
      } else {
        lines.back().back().push_back(c);
      }
    }
  }
  return lines;
}

// The data lines, after the header.
std::vector<Row> parse(const std::string& csv) {
  std::vector<Row> rows;
  const auto lines = split(csv);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    Row& row = rows.emplace_back();
    for (std::size_t c = 0; c < lines[i].size() && c < std::size(k_columns); ++c)
      row.*k_columns[c] = lines[i][c];
  }
  return rows;
}

// 5,000 patients with the default shares, generated once.
struct Sample {
  DemoCounts counts;
  std::string csv;
  std::vector<Row> rows;  // without the header
};

const Sample& sample() {
  static const Sample s = [] {
    Sample s;
    s.csv = generate(options(5000), &s.counts);
    s.rows = parse(s.csv);
    return s;
  }();
  return s;
}

int age(const Row& row) { return core::age_on(*core::parse_date(row.date_of_birth), k_today); }

std::vector<const Row*> of_category(std::string_view cat) {
  std::vector<const Row*> out;
  for (const Row& row : sample().rows)
    if (row.category == cat) out.push_back(&row);
  return out;
}

// The family name an Arabic full name ends with (the longest that fits).
std::string family_of(const std::string& name) {
  std::string best;
  for (const DemoName& f : demo_family_names()) {
    const std::string suffix = " " + std::string(f.arabic);
    if (name.size() > suffix.size() && name.ends_with(suffix) && f.arabic.size() > best.size())
      best = f.arabic;
  }
  return best;
}

TEST(DemoData, SameSeedGivesSameBytes) {
  EXPECT_EQ(generate(options(300, 42)), generate(options(300, 42)));
}

// The bytes for one seed are pinned, so that a compiler, a standard library
// or a platform that changed them would be caught. A deliberate change to
// the generator updates this value.
TEST(DemoData, BytesArePinnedForASeed) {
  const std::string csv = generate(options(100, 1));
  std::uint64_t fnv = 0xcbf29ce484222325;  // FNV-1a
  for (unsigned char c : csv) fnv = (fnv ^ c) * 0x100000001b3;
  EXPECT_EQ(fnv, 0xcca685dcf4050f66u) << std::hex << fnv;
}

TEST(DemoData, OtherSeedGivesOtherData) {
  EXPECT_NE(generate(options(300, 42)), generate(options(300, 43)));
}

TEST(DemoData, HeaderNamesTheIntakeColumns) {
  const std::string header = sample().csv.substr(0, sample().csv.find('\n'));
  EXPECT_EQ(header,
            "ref,direction,category,urgency,diagnosis,group_ref,national_id,passport_no,name_ar,"
            "name_en,date_of_birth,sex,nationality,phone,requested_on");
}

TEST(DemoData, HeaderIsTheIntakeColumnList) {
  std::string columns;
  for (std::string_view c : core::intake_columns()) {
    if (!columns.empty()) columns += ',';
    columns += c;
  }
  EXPECT_EQ(sample().csv.substr(0, sample().csv.find('\n')), columns);
}

// The importer's own checks, with the default configuration: no errors, and
// a check-digit flag for each typo and nothing else.
TEST(DemoData, PassesIntakeValidationWithOnlyTypoFlags) {
  std::ifstream file(std::string(CORRIDOR_SOURCE_DIR) + "/config/rafah.toml");
  const std::string toml{std::istreambuf_iterator<char>(file), {}};
  const auto config = core::parse_config(toml, "rafah.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  const core::IntakeResult result = core::validate_csv(sample().csv, *config, k_today);
  for (const core::RowError& e : result.errors)
    ADD_FAILURE() << e.row << " " << e.column << ": " << e.message;
  EXPECT_EQ(static_cast<int>(result.rows.size()), sample().counts.rows());
  EXPECT_EQ(static_cast<int>(result.flags.size()), sample().counts.typos);
  for (const core::RowFlag& f : result.flags) EXPECT_EQ(f.flag.code, "id-check-digit");
}

TEST(DemoData, EveryRowHasFifteenFields) {
  const auto lines = split(sample().csv);
  ASSERT_EQ(static_cast<int>(lines.size()), 1 + sample().counts.rows());
  for (const auto& fields : lines) ASSERT_EQ(fields.size(), 15u) << fields[0];
  EXPECT_EQ(sample().csv.back(), '\n');
}

TEST(DemoData, NeverNeedsQuoting) {
  EXPECT_EQ(sample().csv.find('"'), std::string::npos);
  EXPECT_EQ(sample().csv.find('\r'), std::string::npos);
}

TEST(DemoData, CountsMatchTheRows) {
  const DemoCounts& c = sample().counts;
  EXPECT_EQ(c.patients, 5000);
  EXPECT_EQ(static_cast<int>(of_category("medical").size()), c.patients);
  EXPECT_EQ(static_cast<int>(of_category("companion").size()), c.companions);
  EXPECT_EQ(static_cast<int>(of_category("returnee").size()), c.returnees);
  int children = 0;
  for (const Row* row : of_category("medical")) children += age(*row) < 18;
  EXPECT_EQ(children, c.children);
}

TEST(DemoData, UrgencyMixIsMostlyRoutineAndUrgent) {
  std::map<std::string, int> n;
  for (const Row* row : of_category("medical")) ++n[row->urgency];
  EXPECT_EQ(n.size(), 4u);
  const double total = 5000;
  EXPECT_NEAR(n["life-saving"] / total, 0.03, 0.012);
  EXPECT_NEAR(n["critical"] / total, 0.12, 0.025);
  EXPECT_NEAR(n["urgent"] / total, 0.35, 0.035);
  EXPECT_NEAR(n["routine"] / total, 0.50, 0.035);
}

TEST(DemoData, AboutAQuarterOfPatientsAreChildren) {
  const double share = sample().counts.children / 5000.0;
  EXPECT_GT(share, 0.21);
  EXPECT_LT(share, 0.27);
}

TEST(DemoData, EveryPatientHasOneToThreeCompanions) {
  std::map<std::string, int> per_patient;
  for (const Row* row : of_category("medical")) per_patient[row->ref] = 0;
  for (const Row* row : of_category("companion")) {
    ASSERT_TRUE(per_patient.contains(row->group_ref)) << row->ref;
    ++per_patient[row->group_ref];
  }
  for (const auto& [r, n] : per_patient) {
    EXPECT_GE(n, 1) << r;
    EXPECT_LE(n, 3) << r;
  }
  const double mean = sample().counts.companions / 5000.0;
  EXPECT_GE(mean, 1.5);
  EXPECT_LE(mean, 2.0);
}

TEST(DemoData, CompanionsFollowTheirPatientAndAreMostlyAdults) {
  const Row* patient = nullptr;
  int adults = 0;
  for (const Row& row : sample().rows) {
    if (row.category == "medical") patient = &row;
    if (row.category != "companion") continue;
    ASSERT_NE(patient, nullptr);
    EXPECT_EQ(row.group_ref, patient->ref);
    EXPECT_TRUE(row.ref.starts_with(row.group_ref + "-C")) << row.ref;
    EXPECT_EQ(row.direction, "exit");
    adults += age(row) >= 18;
  }
  EXPECT_GT(adults, 0.95 * sample().counts.companions);
}

TEST(DemoData, ChildPatientsTravelWithAnAdultParentOfTheirFamily) {
  const std::vector<Row>& rows = sample().rows;
  int checked = 0;
  for (std::size_t i = 0; i + 1 < rows.size(); ++i) {
    if (rows[i].category != "medical" || age(rows[i]) >= 18) continue;
    const Row& first = rows[i + 1];
    ASSERT_EQ(first.group_ref, rows[i].ref);
    EXPECT_GE(age(first), 18) << first.ref;
    EXPECT_GE(age(first) - age(rows[i]), 18) << first.ref;
    EXPECT_EQ(family_of(first.name_ar), family_of(rows[i].name_ar)) << first.ref;
    EXPECT_FALSE(family_of(first.name_ar).empty());
    ++checked;
  }
  EXPECT_EQ(checked, sample().counts.children);
}

TEST(DemoData, NationalIdsPassTheCheckDigitExceptTheTypos) {
  int typos = 0;
  int ids = 0;
  for (const Row& row : sample().rows) {
    const std::string& id = row.national_id;
    if (id.empty()) continue;
    ++ids;
    ASSERT_EQ(id.size(), 9u);
    EXPECT_NE(std::string("489").find(id[0]), std::string::npos) << id;
    typos += !core::national_id_check_digit_ok(id);
  }
  EXPECT_EQ(typos, sample().counts.typos);
  EXPECT_GT(typos, 0);
  EXPECT_LT(typos, 0.012 * ids);
}

TEST(DemoData, TypoShareZeroGivesOnlyValidIds) {
  DemoOptions o = options(500);
  o.typo_share = 0;
  DemoCounts counts;
  const std::vector<Row> rows = parse(generate(o, &counts));
  EXPECT_EQ(counts.typos, 0);
  for (const Row& row : rows)
    if (!row.national_id.empty()) {
      EXPECT_TRUE(core::national_id_check_digit_ok(row.national_id));
    }
}

TEST(DemoData, RefsIdsAndPassportsAreUnique) {
  std::set<std::string> refs, ids, passports;
  for (const Row& row : sample().rows) {
    EXPECT_TRUE(refs.insert(row.ref).second) << row.ref;
    if (!row.national_id.empty()) {
      EXPECT_TRUE(ids.insert(row.national_id).second);
    }
    if (!row.passport_no.empty()) {
      EXPECT_TRUE(passports.insert(row.passport_no).second);
    }
    EXPECT_FALSE(row.national_id.empty() && row.passport_no.empty()) << row.ref;
  }
}

TEST(DemoData, RefsLookLikeReferralNumbers) {
  for (const Row& row : sample().rows) {
    const std::string& r = row.ref;
    if (row.category == "medical") {
      EXPECT_EQ(r.size(), 15u) << r;  // MOH-2025-000123
      EXPECT_TRUE(r.starts_with("MOH-20")) << r;
    } else if (row.category != "companion") {
      EXPECT_EQ(r.size(), 13u) << r;  // PA-2025-00042
      EXPECT_TRUE(r.starts_with("PA-20")) << r;
    }
  }
}

TEST(DemoData, OnlyMedicalCasesCarryUrgencyAndDiagnosis) {
  const std::set<std::string> groups{"oncology",     "trauma", "cardiac",     "renal",
                                     "neurological", "burns",  "orthopaedic", "paediatric",
                                     "ophthalmic",   "other"};
  for (const Row& row : sample().rows) {
    const bool medical = row.category == "medical";
    EXPECT_EQ(row.urgency.empty(), !medical) << row.ref;
    EXPECT_EQ(row.diagnosis.empty(), !medical) << row.ref;
    if (medical) {
      EXPECT_TRUE(groups.contains(row.diagnosis)) << row.diagnosis;
    }
    EXPECT_EQ(row.group_ref.empty(), row.category != "companion") << row.ref;
  }
}

TEST(DemoData, OtherCategoriesAreAFewPercentInBothDirections) {
  std::map<std::string, int> exits, entries;
  for (const Row& row : sample().rows) {
    if (row.category == "medical" || row.category == "companion") continue;
    ++(row.direction == "entry" ? entries : exits)[row.category];
    if (row.category == "returnee") {
      EXPECT_EQ(row.direction, "entry");
    }
  }
  const DemoCounts& c = sample().counts;
  EXPECT_NEAR((c.others + c.returnees) / 5000.0, 0.03, 0.001);
  EXPECT_GT(c.returnees, 0);
  for (std::string cat : {"dual-national", "student", "humanitarian-staff", "other"})
    EXPECT_GT(exits[cat], 0) << cat;
  EXPECT_GT(entries.size(), 1u);
}

TEST(DemoData, SomeTravellersHoldOnlyAForeignPassport) {
  int passport_only = 0;
  for (const Row& row : sample().rows) {
    if (!row.national_id.empty()) continue;
    ++passport_only;
    EXPECT_NE(row.nationality, "PSE") << row.ref;
    EXPECT_FALSE(row.passport_no.empty());
  }
  EXPECT_GT(passport_only, 0);
}

TEST(DemoData, FieldsHaveTheirFormats) {
  const core::Date history_start = k_today.plus_days(-540);
  for (const Row& row : sample().rows) {
    EXPECT_TRUE(row.direction == "exit" || row.direction == "entry");
    EXPECT_TRUE(row.sex == "M" || row.sex == "F");
    EXPECT_EQ(row.nationality.size(), 3u);
    const auto born = core::parse_date(row.date_of_birth);
    const auto requested = core::parse_date(row.requested_on);
    ASSERT_TRUE(born && requested) << row.ref;
    EXPECT_LE(*born, k_today);
    EXPECT_LT(*requested, k_today);
    EXPECT_GE(*requested, history_start);
    if (!row.phone.empty()) {
      EXPECT_EQ(row.phone.size(), 16u) << row.phone;  // +970 59 123 4567
      EXPECT_TRUE(row.phone.starts_with("+970 5") || row.phone.starts_with("+972 5"));
    }
  }
}

TEST(DemoData, NamesHaveFourPartsInBothScripts) {
  std::set<std::string> spellings;
  for (const Row& row : sample().rows) {
    EXPECT_FALSE(row.name_ar.empty());
    EXPECT_FALSE(row.name_en.empty());
    EXPECT_FALSE(family_of(row.name_ar).empty()) << row.name_ar;
    if (row.name_ar.starts_with("محمد "))
      spellings.insert(row.name_en.substr(0, row.name_en.find(' ')));
  }
  // Mohammed, Muhammad, Mohamad: the same name, spelt three ways.
  EXPECT_EQ(spellings.size(), 3u);
}

TEST(DemoData, NameListsAreLargeAndSafeForCsv) {
  EXPECT_GE(demo_male_names().size(), 80u);
  EXPECT_GE(demo_female_names().size(), 80u);
  EXPECT_GE(demo_family_names().size(), 120u);
  for (auto list : {demo_male_names(), demo_female_names(), demo_family_names()}) {
    for (const DemoName& n : list) {
      EXPECT_FALSE(n.arabic.empty());
      EXPECT_FALSE(n.latin[0].empty()) << n.arabic;
      for (std::string_view s : {n.arabic, n.latin[0], n.latin[1], n.latin[2]})
        EXPECT_EQ(s.find_first_of(",\"\r\n"), std::string_view::npos) << s;
    }
  }
}

TEST(DemoData, ZeroPatientsGivesTheHeaderOnly) {
  DemoCounts counts;
  const std::string csv = generate(options(0), &counts);
  EXPECT_EQ(counts.rows(), 0);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1);
}

TEST(DemoData, RejectsOptionsOutOfRange) {
  std::ostringstream out;
  DemoOptions o = options(-1);
  EXPECT_EQ(write_demo_csv(o, out).error().code, core::Errc::bad_input);
  o = options(10);
  o.child_share = 1.5;
  EXPECT_EQ(write_demo_csv(o, out).error().code, core::Errc::bad_input);
  o = options(10);
  o.companion_weights = {0, 0, 0};
  EXPECT_EQ(write_demo_csv(o, out).error().code, core::Errc::bad_input);
  o = options(10);
  o.history_days = 0;
  EXPECT_EQ(write_demo_csv(o, out).error().code, core::Errc::bad_input);
  EXPECT_TRUE(out.str().empty());
}

TEST(DemoData, ReportsAFailingStream) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  EXPECT_EQ(write_demo_csv(options(10), out).error().code, core::Errc::internal);
}

}  // namespace
}  // namespace corridor::demo
