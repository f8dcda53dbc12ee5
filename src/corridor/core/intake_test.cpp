#include <corridor/core/intake.hpp>

#include <corridor/core/national_id.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

namespace corridor::core {
namespace {

const Date k_today{2025, 6, 1};

// A small configuration shaped like config/rafah.toml, except that
// medical and companion cases may travel both ways (to test group
// directions).
Config test_config() {
  Config c;
  c.categories = {
      {"medical", "Patient", {Direction::exit, Direction::entry}, true, std::nullopt},
      {"companion", "Companion", {Direction::exit, Direction::entry}, false, "medical"},
      {"student", "Student", {Direction::exit, Direction::entry}, false, std::nullopt},
      {"returnee", "Returnee", {Direction::entry}, false, std::nullopt},
  };
  c.urgencies = {"life-saving", "critical", "urgent", "routine"};
  return c;
}

// A valid national ID built from `n`.
std::string nid(int n) {
  std::string eight = std::to_string(40000000 + n);
  return eight + national_id_check_digit(eight);
}

using Fields = std::map<std::string, std::string>;

// One CSV line in intake_columns() order: a valid student exit case for
// `ref` with a national ID derived from `n`, changed by `changes`.
std::string line(const std::string& ref, int n, const Fields& changes = {}) {
  Fields f{{"ref", ref},
           {"direction", "exit"},
           {"category", "student"},
           {"national_id", nid(n)},
           {"name_ar", "محمد أحمد"},
           {"name_en", "Mohammed Ahmad"},
           {"date_of_birth", "2001-03-04"},
           {"sex", "M"},
           {"nationality", "PSE"},
           {"phone", "+970 59 123 4567"},
           {"requested_on", "2025-05-20"}};
  for (const auto& [k, v] : changes) f[k] = v;
  std::string out;
  for (std::string_view col : intake_columns()) out += f[std::string(col)] + ',';
  out.back() = '\n';
  return out;
}

std::string header() {
  std::string out;
  for (std::string_view col : intake_columns()) out += (out.empty() ? "" : ",") + std::string(col);
  return out + "\n";
}

Fields patient(const std::string& urgency = "critical") {
  return {{"category", "medical"}, {"urgency", urgency}, {"diagnosis", "oncology"}};
}

Fields companion(const std::string& group_ref) {
  return {{"category", "companion"}, {"group_ref", group_ref}};
}

IntakeResult validate(const std::string& csv) {
  static const Config config = test_config();
  return validate_csv(csv, config, k_today);
}

std::string describe(const std::vector<RowError>& errors) {
  std::ostringstream out;
  for (const auto& e : errors) out << e.row << ": " << e.column << ": " << e.message << "\n";
  return out.str();
}

// Asserts exactly one error, at `row` and `column`, whose message contains
// `text`.
void expect_one_error(const IntakeResult& r, std::int64_t row, const std::string& column,
                      const std::string& text) {
  ASSERT_EQ(r.errors.size(), 1u) << describe(r.errors);
  EXPECT_EQ(r.errors[0].row, row);
  EXPECT_EQ(r.errors[0].column, column);
  EXPECT_NE(r.errors[0].message.find(text), std::string::npos) << r.errors[0].message;
}

void expect_valid(const IntakeResult& r, std::size_t rows) {
  EXPECT_EQ(r.errors.size(), 0u) << describe(r.errors);
  EXPECT_EQ(r.rows.size(), rows);
}

TEST(Intake, ColumnsAreInTheDocumentedOrder) {
  const std::vector<std::string_view> expected{
      "ref",           "direction",   "category",    "urgency", "diagnosis",
      "group_ref",     "national_id", "passport_no", "name_ar", "name_en",
      "date_of_birth", "sex",         "nationality", "phone",   "requested_on"};
  EXPECT_EQ(intake_columns(), expected);
}

TEST(Intake, AcceptsAValidFileAndFillsTheRecords) {
  const auto r = validate(header() + line("P-1", 1, patient("life-saving")) +
                          line("C-1", 2, companion("P-1")) + line("S-1", 3));
  expect_valid(r, 3);
  const CaseRecord& p = r.rows[0].record;
  EXPECT_EQ(r.rows[0].row, 2);
  EXPECT_EQ(p.ref, "P-1");
  EXPECT_EQ(p.direction, Direction::exit);
  EXPECT_EQ(p.category, "medical");
  EXPECT_EQ(p.urgency, "life-saving");
  EXPECT_EQ(p.diagnosis, "oncology");
  EXPECT_EQ(p.person.national_id, nid(1));
  EXPECT_EQ(p.person.name_ar, "محمد أحمد");
  EXPECT_EQ(p.person.name_en, "Mohammed Ahmad");
  EXPECT_EQ(p.person.date_of_birth, (Date{2001, 3, 4}));
  EXPECT_EQ(p.person.sex, Sex::male);
  EXPECT_EQ(p.person.nationality, "PSE");
  EXPECT_EQ(p.person.phone, "+970 59 123 4567");
  EXPECT_EQ(p.requested_on, (Date{2025, 5, 20}));
  EXPECT_TRUE(p.flags.empty());
  EXPECT_EQ(r.rows[1].record.group_ref, "P-1");
  EXPECT_TRUE(r.rows[1].group_in_file);
  EXPECT_FALSE(r.rows[2].group_in_file);
}

TEST(Intake, AcceptsCrLfLineEndsAndABom) {
  std::string csv = "\xEF\xBB\xBF" + header() + line("S-1", 1) + line("S-2", 2);
  for (std::size_t i = csv.find('\n'); i != std::string::npos; i = csv.find('\n', i + 2))
    csv.replace(i, 1, "\r\n");
  expect_valid(validate(csv), 2);
}

TEST(Intake, HeaderMayNameColumnsInAnyOrder) {
  const auto r = validate(
      "sex,name_en,date_of_birth,passport_no,category,direction,ref\n"
      "F,Amal Saleh,1985-07-09,P1234567,returnee,entry,R-9\n");
  expect_valid(r, 1);
  EXPECT_EQ(r.rows[0].record.person.passport_no, "P1234567");
  EXPECT_EQ(r.rows[0].record.person.sex, Sex::female);
  EXPECT_EQ(r.rows[0].record.direction, Direction::entry);
}

TEST(Intake, UnknownColumnIsAnErrorNamingIt) {
  const auto r = validate(
      "ref,direction,category,date_of_birth,sex,national_id,name_en,colour\n"
      "S-1,exit,student,2000-01-01,M," +
      nid(1) + ",Ali,blue\n");
  expect_one_error(r, 1, "colour", "unknown column");
}

TEST(Intake, DuplicateColumnIsAnError) {
  const auto r = validate(
      "ref,direction,category,date_of_birth,sex,national_id,name_en,sex\n"
      "S-1,exit,student,2000-01-01,M," +
      nid(1) + ",Ali,M\n");
  expect_one_error(r, 1, "sex", "duplicate column (fields 5 and 8)");
}

TEST(Intake, MissingRequiredColumnIsAnErrorAtRowOne) {
  const auto r = validate(
      "ref,direction,category,date_of_birth,national_id,name_en\n"
      "S-1,exit,student,2000-01-01," +
      nid(1) + ",Ali\n");
  expect_one_error(r, 1, "sex", "required column missing");
}

TEST(Intake, NoRowIsValidUnderAHeaderMissingARequiredColumn) {
  const auto r = validate(
      "ref,direction,category,date_of_birth,national_id,name_en\n"
      "S-1,exit,student,2000-01-01," +
      nid(1) + ",Ali\n");
  EXPECT_EQ(r.errors.size(), 1u) << describe(r.errors);
  EXPECT_TRUE(r.rows.empty());
}

TEST(Intake, HeaderNeedsADocumentColumnAndANameColumn) {
  const auto r = validate(
      "ref,direction,category,date_of_birth,sex\n"
      "S-1,exit,student,2000-01-01,M\n");
  ASSERT_EQ(r.errors.size(), 2u) << describe(r.errors);
  EXPECT_EQ(r.errors[0].column, "national_id");
  EXPECT_EQ(r.errors[1].column, "name_ar");
}

TEST(Intake, EmptyFileIsAnError) { expect_one_error(validate(""), 1, "", "empty file"); }

TEST(Intake, HeaderWithoutRowsIsAnError) {
  expect_one_error(validate(header()), 1, "", "no rows: the file has a header and no cases");
  // Blank lines and records of empty fields are no rows either.
  expect_one_error(validate(header() + "\n\r\n,,,,,,,,,,,,,,\n"), 1, "", "no rows");
}

// A cell of several lines, as spreadsheets export it: quoted, with CR LF
// (Excel on Windows), lone CR (old Mac) or LF inside. Tabs and line breaks
// are kept, each line end as LF; other control characters are still refused.
TEST(Intake, DiagnosisKeepsTabsAndLineBreaksAsLf) {
  const auto r =
      validate(header() + line("P-1", 1,
                               {{"category", "medical"},
                                {"urgency", "urgent"},
                                {"diagnosis", "\"oncology\r\nstage 2\tright\rlung\nbiopsy\""}}));
  expect_valid(r, 1);
  EXPECT_EQ(r.rows[0].record.diagnosis, "oncology\nstage 2\tright\nlung\nbiopsy");
  EXPECT_EQ(r.rows[0].row, 2);
  const auto bell = validate(
      header() +
      line("P-1", 1,
           {{"category", "medical"}, {"urgency", "urgent"}, {"diagnosis", "\"a\r\nb\x07\""}}));
  expect_one_error(bell, 2, "diagnosis", "control character");
}

TEST(Intake, NamesAndIdsStillRefuseLineBreaks) {
  expect_one_error(validate(header() + line("S-1", 1, {{"name_en", "\"Huda\r\nNasser\""}})), 2,
                   "name_en", "control character");
  expect_one_error(validate(header() + line("S-1", 1, {{"name_ar", "\"\xD9\x85\nx\""}})), 2,
                   "name_ar", "control character");
  EXPECT_FALSE(validate(header() + line("S\n1", 1)).errors.empty());
  EXPECT_FALSE(
      validate(header() + line("S-1", 1, {{"passport_no", "\"A1\n2\""}, {"national_id", ""}}))
          .errors.empty());
}

TEST(Intake, BlankRequiredFieldsAreEachAnError) {
  const auto r = validate(
      header() +
      line("", 1, {{"direction", ""}, {"category", ""}, {"date_of_birth", " "}, {"sex", ""}}));
  ASSERT_EQ(r.errors.size(), 5u) << describe(r.errors);
  for (const auto& e : r.errors) EXPECT_EQ(e.message, "required");
  EXPECT_TRUE(r.rows.empty());
}

TEST(Intake, NeedsANationalIdOrAPassport) {
  expect_one_error(validate(header() + line("S-1", 1, {{"national_id", ""}})), 2, "national_id",
                   "a national_id or a passport_no is required");
  expect_valid(validate(header() + line("S-1", 1, {{"national_id", ""}, {"passport_no", "A12"}})),
               1);
}

TEST(Intake, NeedsANameInEitherScript) {
  expect_one_error(validate(header() + line("S-1", 1, {{"name_ar", ""}, {"name_en", ""}})), 2,
                   "name_ar", "a name is required");
  expect_valid(validate(header() + line("S-1", 1, {{"name_ar", ""}})), 1);
  expect_valid(validate(header() + line("S-1", 1, {{"name_en", ""}})), 1);
}

TEST(Intake, UrgencyIsRequiredForMedicalCases) {
  expect_one_error(validate(header() + line("P-1", 1, patient(""))), 2, "urgency",
                   "required for category medical");
  expect_valid(validate(header() + line("P-1", 1, patient("routine"))), 1);
}

TEST(Intake, UrgencyMustBeAConfiguredLevel) {
  expect_one_error(validate(header() + line("P-1", 1, patient("soon"))), 2, "urgency",
                   "unknown urgency (got soon; expected one of life-saving, critical, urgent, "
                   "routine)");
}

TEST(Intake, UrgencyIsAnErrorForACategoryWithoutOne) {
  expect_one_error(validate(header() + line("S-1", 1, {{"urgency", "critical"}})), 2, "urgency",
                   "not allowed for category student");
}

TEST(Intake, DirectionMustBeExitOrEntry) {
  expect_one_error(validate(header() + line("S-1", 1, {{"direction", "out"}})), 2, "direction",
                   "must be exit or entry (got out)");
  expect_valid(validate(header() + line("S-1", 1, {{"direction", "entry"}})), 1);
}

TEST(Intake, CategoryMustAllowTheDirection) {
  expect_one_error(validate(header() + line("R-1", 1, {{"category", "returnee"}})), 2, "direction",
                   "not allowed for category returnee (got exit)");
  expect_valid(
      validate(header() + line("R-1", 1, {{"category", "returnee"}, {"direction", "entry"}})), 1);
}

TEST(Intake, UnknownCategoryIsAnErrorListingTheKnownOnes) {
  expect_one_error(validate(header() + line("S-1", 1, {{"category", "tourist"}})), 2, "category",
                   "unknown category (got tourist; expected one of medical, companion, student, "
                   "returnee)");
}

TEST(Intake, CompanionNeedsAGroupRef) {
  expect_one_error(validate(header() + line("C-1", 1, companion(""))), 2, "group_ref",
                   "required for category companion");
}

TEST(Intake, GroupRefIsAnErrorForACategoryWithoutGroups) {
  expect_one_error(validate(header() + line("S-1", 1, {{"group_ref", "P-1"}})), 2, "group_ref",
                   "not allowed for category student");
}

TEST(Intake, CompanionMayComeBeforeItsPatient) {
  const auto r = validate(header() + line("C-1", 1, companion("P-1")) + line("P-1", 2, patient()));
  expect_valid(r, 2);
  EXPECT_TRUE(r.rows[0].group_in_file);
}

TEST(Intake, GroupRefNotInTheFileIsLeftToTheImporter) {
  const auto r = validate(header() + line("C-1", 1, companion("P-STORED")));
  expect_valid(r, 1);
  EXPECT_FALSE(r.rows[0].group_in_file);
}

TEST(Intake, GroupRefMustNameACaseOfTheGroupCategory) {
  const auto r = validate(header() + line("S-1", 1) + line("C-1", 2, companion("S-1")));
  expect_one_error(r, 3, "group_ref", "S-1 (row 2) is a student case, not medical");
  EXPECT_EQ(r.rows.size(), 1u);  // the companion is dropped, the student kept
}

TEST(Intake, GroupRefMustNotNameItsOwnRow) {
  expect_one_error(validate(header() + line("C-1", 1, companion("C-1"))), 2, "group_ref",
                   "names the row's own ref");
}

TEST(Intake, GroupTravelsInOneDirection) {
  Fields c = companion("P-1");
  c["direction"] = "entry";
  const auto r = validate(header() + line("P-1", 1, patient()) + line("C-1", 2, c));
  expect_one_error(r, 3, "group_ref", "P-1 (row 2) is an exit case, this one is entry");
}

TEST(Intake, GroupRefMustBeAValidRef) {
  expect_one_error(validate(header() + line("C-1", 1, companion("P 1"))), 2, "group_ref",
                   "not a valid ref (got P 1)");
}

TEST(Intake, DateOfBirthMustBeARealDate) {
  expect_one_error(validate(header() + line("S-1", 1, {{"date_of_birth", "2025-02-30"}})), 2,
                   "date_of_birth", "(got 2025-02-30)");
  expect_one_error(validate(header() + line("S-1", 1, {{"date_of_birth", "04/03/2001"}})), 2,
                   "date_of_birth", "not a date");
}

TEST(Intake, DateOfBirthMayNotBeAfterToday) {
  expect_one_error(validate(header() + line("S-1", 1, {{"date_of_birth", "2025-06-02"}})), 2,
                   "date_of_birth", "future");
  expect_valid(validate(header() + line("S-1", 1, {{"date_of_birth", "2025-06-01"}})), 1);
}

TEST(Intake, RequestedOnMustBeADateIfGiven) {
  expect_one_error(validate(header() + line("S-1", 1, {{"requested_on", "2025-13-01"}})), 2,
                   "requested_on", "not a date YYYY-MM-DD (got 2025-13-01)");
  const auto r = validate(header() + line("S-1", 1, {{"requested_on", ""}}));
  expect_valid(r, 1);
  EXPECT_FALSE(r.rows[0].record.requested_on);
}

TEST(Intake, SexMustBeMOrF) {
  expect_one_error(validate(header() + line("S-1", 1, {{"sex", "male"}})), 2, "sex",
                   "must be M or F (got male)");
  expect_valid(validate(header() + line("S-1", 1, {{"sex", "F"}})), 1);
}

TEST(Intake, NationalIdMustBeNineDigits) {
  expect_one_error(validate(header() + line("S-1", 1, {{"national_id", "40000001"}})), 2,
                   "national_id", "must be exactly 9 digits (got 40000001)");
  expect_one_error(validate(header() + line("S-1", 1, {{"national_id", "4000000AB"}})), 2,
                   "national_id", "must be exactly 9 digits");
}

TEST(Intake, FailedCheckDigitIsAFlagNotAnError) {
  std::string bad = nid(1);
  bad.back() = static_cast<char>('0' + (bad.back() - '0' + 1) % 10);
  const auto r = validate(header() + line("S-1", 1, {{"national_id", bad}}));
  expect_valid(r, 1);
  ASSERT_EQ(r.flags.size(), 1u);
  EXPECT_EQ(r.flags[0].row, 2);
  EXPECT_EQ(r.flags[0].ref, "S-1");
  EXPECT_EQ(r.flags[0].flag.code, "id-check-digit");
  EXPECT_EQ(r.flags[0].flag.detail, "check digit fails (got " + bad + ")");
  ASSERT_EQ(r.rows[0].record.flags.size(), 1u);
  EXPECT_EQ(r.rows[0].record.flags[0].code, "id-check-digit");
}

TEST(Intake, RefIsPrintableAsciiWithoutSpacesOrCommas) {
  for (const std::string& bad :
       std::vector<std::string>{"S 1", "\"S,1\"", std::string(65, 'R'), "رقم"}) {
    const auto r = validate(header() + line(bad, 1));
    expect_one_error(r, 2, "ref", "not a valid ref");
  }
  expect_valid(validate(header() + line(std::string(64, 'R'), 1)), 1);
  expect_valid(validate(header() + line("WHO/2025-00017#b", 1)), 1);
}

TEST(Intake, DuplicateRefIsAnErrorOnTheLaterRow) {
  const auto r = validate(header() + line("S-1", 1) + line("S-2", 2) + line("S-1", 3));
  expect_one_error(r, 4, "ref", "duplicate ref S-1 (first at row 2)");
  EXPECT_EQ(r.rows.size(), 2u);
}

TEST(Intake, PersonHasOneCasePerDirection) {
  const auto r = validate(header() + line("S-1", 1) + line("S-2", 1));
  expect_one_error(r, 3, "national_id", "already has an exit case in this file (row 2)");
  expect_valid(validate(header() + line("S-1", 1) + line("S-2", 1, {{"direction", "entry"}})), 2);
}

TEST(Intake, PersonWithoutNationalIdIsKnownByPassport) {
  const Fields a{{"national_id", ""}, {"passport_no", "P7654321"}};
  const auto r = validate(header() + line("S-1", 1, a) + line("S-2", 2, a));
  expect_one_error(r, 3, "passport_no", "already has an exit case in this file (row 2)");
}

TEST(Intake, NamesAreTrimmed) {
  const auto r = validate(header() + line("S-1", 1, {{"name_en", "  Huda Nasser  "}}));
  expect_valid(r, 1);
  EXPECT_EQ(r.rows[0].record.person.name_en, "Huda Nasser");
}

TEST(Intake, QuotedNameMayHoldAComma) {
  const auto r = validate(header() + line("S-1", 1, {{"name_en", "\"Al-Masri, Yousef\""}}));
  expect_valid(r, 1);
  EXPECT_EQ(r.rows[0].record.person.name_en, "Al-Masri, Yousef");
}

TEST(Intake, ControlCharacterInANameIsAnErrorThatDoesNotEchoIt) {
  const auto r = validate(header() + line("S-1", 1, {{"name_en", "\"Secret\tName\""}}));
  expect_one_error(r, 2, "name_en", "control character");
  EXPECT_EQ(r.errors[0].message.find("Secret"), std::string::npos);
}

TEST(Intake, OverlongNameIsAnError) {
  expect_one_error(validate(header() + line("S-1", 1, {{"name_en", std::string(201, 'a')}})), 2,
                   "name_en", "longer than 200 bytes");
  expect_valid(validate(header() + line("S-1", 1, {{"name_en", std::string(200, 'a')}})), 1);
}

TEST(Intake, DiagnosisIsNeverEchoed) {
  const auto r = validate(
      header() +
      line("P-1", 1,
           {{"category", "medical"}, {"urgency", "urgent"}, {"diagnosis", "\"cancer\x01\""}}));
  expect_one_error(r, 2, "diagnosis", "control character");
  EXPECT_EQ(r.errors[0].message.find("cancer"), std::string::npos);
}

TEST(Intake, MessagesAndColumnsHoldNoControlCharacters) {
  // ESC (C0) in a header name; CSI (U+009B, C1) in a passport number.
  const auto r = validate("\x1b[2Jcolour," + header().substr(0, header().size() - 1) + "\n" + "x," +
                          line("S-1", 1,
                               {{"national_id", ""},
                                {"passport_no",
                                 "A\xC2\x9B"
                                 "1"}}));
  ASSERT_EQ(r.errors.size(), 2u) << describe(r.errors);
  EXPECT_EQ(r.errors[0].column, "?[2Jcolour");
  EXPECT_EQ(r.errors[1].column, "passport_no");
  EXPECT_NE(r.errors[1].message.find("(got A?1)"), std::string::npos) << r.errors[1].message;
}

TEST(Intake, LongValuesAreCutInMessages) {
  const auto r = validate(header() + line("S-1", 1, {{"direction", std::string(100, 'x')}}));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("(got " + std::string(40, 'x') + "...)"), std::string::npos)
      << r.errors[0].message;
  // Values echoed by the shared person field rules are cut with the message.
  const auto sex = validate(header() + line("S-1", 1, {{"sex", std::string(1000, 'x')}}));
  ASSERT_EQ(sex.errors.size(), 1u);
  EXPECT_LE(sex.errors[0].message.size(), 303u);
}

TEST(Intake, WrongFieldCountIsAnErrorForThatRow) {
  const auto r = validate(header() + "S-1,exit,student\n" + line("S-2", 2));
  expect_one_error(r, 2, "", "expected 15 fields as in the header, got 3");
  EXPECT_EQ(r.rows.size(), 1u);
}

TEST(Intake, CsvErrorsNameTheColumn) {
  const auto r = validate(header() + line("S-1", 1, {{"name_ar", "\xD9"}}));
  expect_one_error(r, 2, "name_ar", "invalid UTF-8 at byte 1 of field 9");
}

TEST(Intake, UnterminatedQuoteIsReportedAtTheRowWhereItStarts) {
  const auto r =
      validate(header() + line("S-1", 1) + line("S-2", 2, {{"name_en", "\"Ali"}}) + line("S-3", 3));
  expect_one_error(r, 3, "name_en", "unterminated quoted field 10");
  EXPECT_EQ(r.rows.size(), 1u);
}

TEST(Intake, SkipsRowsOfEmptyFields) {
  expect_valid(validate(header() + line("S-1", 1) + ",,,,,,,,,,,,,,\n" + ",,\n"), 1);
}

TEST(Intake, ReportsEveryErrorInRowOrderAndKeepsOnlyValidRows) {
  const auto r = validate(header() + line("C-1", 1, companion("S-2")) +  // row 2: bad group
                          line("S-2", 2, {{"sex", "X"}, {"date_of_birth", "2030-01-01"}}) +
                          line("S-3", 3) + "oops\n" + line("S-3", 4, {{"direction", "both"}}));
  ASSERT_EQ(r.errors.size(), 6u) << describe(r.errors);
  const std::vector<std::pair<std::int64_t, std::string>> expected{
      {2, "group_ref"}, {3, "date_of_birth"}, {3, "sex"}, {5, ""}, {6, "ref"}, {6, "direction"}};
  std::vector<std::pair<std::int64_t, std::string>> actual;
  for (const auto& e : r.errors) actual.emplace_back(e.row, e.column);
  std::sort(actual.begin(), actual.end());
  auto sorted = expected;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(actual, sorted);
  for (std::size_t i = 1; i < r.errors.size(); ++i) EXPECT_LE(r.errors[i - 1].row, r.errors[i].row);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].record.ref, "S-3");
}

TEST(Intake, NeverThrowsOnRandomInput) {
  std::mt19937 rng(42);
  const std::string alphabet =
      "ab,\"\n\r \x01\xC3\xA9\xFF"
      "0123456789-MF";
  const std::string head = header();
  for (int i = 0; i < 2000; ++i) {
    std::string csv = i % 2 ? head : "";
    const int n = static_cast<int>(rng() % 200);
    for (int j = 0; j < n; ++j) csv += alphabet[rng() % alphabet.size()];
    EXPECT_NO_THROW(validate(csv));
  }
}

// ---- the files of tests/data, with the default configuration

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

using Places = std::vector<std::pair<std::int64_t, std::string>>;

// The (row, column) of each error, sorted.
Places places(const std::vector<RowError>& errors) {
  Places out;
  for (const auto& e : errors) out.emplace_back(e.row, e.column);
  std::sort(out.begin(), out.end());
  return out;
}

// tests/data/README.md, as validate_csv sees it (without the store).
const std::map<std::string, Places>& documented_errors() {
  static const std::map<std::string, Places> k{
      {"bad_missing_required.csv",
       {{2, "ref"},
        {3, "direction"},
        {4, "category"},
        {5, "date_of_birth"},
        {6, "sex"},
        {7, "national_id"},
        {8, "name_ar"}}},
      {"bad_date.csv",
       {{2, "date_of_birth"}, {3, "date_of_birth"}, {4, "date_of_birth"}, {5, "requested_on"}}},
      {"bad_sex.csv", {{2, "sex"}, {3, "sex"}, {4, "sex"}}},
      {"bad_direction.csv", {{2, "direction"}, {3, "direction"}, {4, "direction"}}},
      {"bad_category.csv", {{2, "category"}, {3, "category"}}},
      {"bad_urgency.csv", {{2, "urgency"}, {3, "urgency"}, {4, "urgency"}}},
      {"bad_group_ref.csv",
       {{2, "group_ref"}, {4, "group_ref"}, {5, "group_ref"}, {6, "group_ref"}}},
      {"bad_duplicate_ref.csv", {{4, "ref"}}},
      {"bad_duplicate_person.csv", {{4, "national_id"}, {6, "passport_no"}}},
      {"bad_national_id.csv", {{2, "national_id"}, {3, "national_id"}, {4, "national_id"}}},
      {"bad_field_count.csv", {{3, ""}, {4, ""}}},
      {"bad_unterminated_quote.csv", {{3, "name_en"}}},
      {"bad_utf8.csv", {{3, "name_ar"}, {4, "name_en"}, {5, "name_ar"}, {6, "name_ar"}}},
      {"bad_unknown_column.csv", {{1, "colour"}}},
      {"bad_many.csv",
       {{3, "sex"},
        {4, "date_of_birth"},
        {4, "national_id"},
        {6, "direction"},
        {6, "ref"},
        {7, "urgency"},
        {8, ""}}},
  };
  return k;
}

TEST(Intake, TestDataFilesValidateAsDocumented) {
  const std::filesystem::path root = CORRIDOR_SOURCE_DIR;
  const auto config = parse_config(read_file(root / "config/rafah.toml"), "rafah.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  const auto good = validate_csv(read_file(root / "tests/data/good.csv"), *config, k_today);
  EXPECT_EQ(good.errors.size(), 0u) << describe(good.errors);
  EXPECT_EQ(good.rows.size(), 12u);
  ASSERT_EQ(good.flags.size(), 1u);
  EXPECT_EQ(good.flags[0].row, 8);
  std::size_t bad_files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root / "tests/data")) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("bad_")) continue;
    ++bad_files;
    const auto it = documented_errors().find(name);
    ASSERT_NE(it, documented_errors().end()) << name << " is not in tests/data/README.md";
    const auto bad = validate_csv(read_file(entry.path()), *config, k_today);
    EXPECT_EQ(places(bad.errors), it->second) << name << "\n" << describe(bad.errors);
  }
  EXPECT_EQ(bad_files, documented_errors().size());
}

// tests/data/multiline.csv: a spreadsheet's export (BOM, CR LF) whose
// quoted diagnoses hold line breaks; header_only.csv: a header and no rows.
TEST(Intake, TestDataMultilineDiagnosesImportAndAHeaderAloneDoesNot) {
  const std::filesystem::path root = CORRIDOR_SOURCE_DIR;
  const auto config = parse_config(read_file(root / "config/rafah.toml"), "rafah.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  const auto r = validate_csv(read_file(root / "tests/data/multiline.csv"), *config, k_today);
  EXPECT_EQ(r.errors.size(), 0u) << describe(r.errors);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].record.diagnosis,
            "oncology\nstage 2,\tright lung\nsee the \"attached\" scan");
  EXPECT_EQ(r.rows[1].row, 3);  // the multi-line record is one row
  EXPECT_EQ(r.rows[1].record.diagnosis, "cardiology\nold Mac line end");
  EXPECT_EQ(r.rows[2].record.person.name_en, "Khaled Yousef Al-Najjar");
  const auto header_only =
      validate_csv(read_file(root / "tests/data/header_only.csv"), *config, k_today);
  expect_one_error(header_only, 1, "", "no rows");
}

}  // namespace
}  // namespace corridor::core
