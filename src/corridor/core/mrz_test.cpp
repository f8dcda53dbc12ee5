#include <corridor/core/mrz.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

namespace corridor::core {
namespace {

// tests/vectors/mrz.json, a byte-for-byte copy of shared/vectors/mrz.json.
const nlohmann::json& vectors() {
  static const nlohmann::json doc = [] {
    std::ifstream in(CORRIDOR_SOURCE_DIR "/tests/vectors/mrz.json");
    if (!in) throw std::runtime_error("missing tests/vectors/mrz.json");
    return nlohmann::json::parse(in);
  }();
  return doc;
}

std::string join(const std::vector<std::string>& lines, const std::string& end) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? end : "") + lines[i];
  return out;
}

Mrz parsed(std::string_view text) {
  auto m = parse_mrz(text);
  EXPECT_TRUE(m) << (m ? "" : m.error().message);
  return m ? *m : Mrz{};
}

// The message of the error `text` must give (and that it is bad_input).
std::string error_of(std::string_view text) {
  auto m = parse_mrz(text);
  if (m) return "(parsed)";
  EXPECT_EQ(m.error().code, Errc::bad_input);
  return m.error().message;
}

// The parsed MRZ of the vector with this id.
Mrz vector_mrz(const std::string& id) {
  for (const auto& v : vectors())
    if (v.at("id") == id) return parsed(join(v.at("lines").get<std::vector<std::string>>(), "\n"));
  ADD_FAILURE() << "no vector " << id;
  return {};
}

bool has_field(const Mrz& m, const std::string& name) {
  return std::any_of(m.fields.begin(), m.fields.end(),
                     [&](const auto& f) { return f.first == name; });
}

// Each check of a vector: found, computed (or, for the Belgian specimen
// that fits neither rule, the ICAO digit over the whole number), input.
void expect_checks(const Mrz& m, const nlohmann::json& v, const std::string& id) {
  EXPECT_EQ(m.checks.size(), v.at("check_digits").size()) << id;
  for (const auto& [name, want] : v.at("check_digits").items()) {
    const MrzCheck* c = m.check(name);
    ASSERT_NE(c, nullptr) << id << " " << name;
    const std::string found = want.at("found");
    const std::string computed =
        want.contains("computed") ? want.at("computed") : want.at("computed_without_filler");
    EXPECT_EQ(std::string(1, c->found), found) << id << " " << name;
    EXPECT_EQ(std::string(1, c->computed), computed) << id << " " << name;
    // An all-filler personal number may carry '<' for 0 (mrz_spec.md).
    const bool filler = name == "personal_number" && found == "<" && computed == "0";
    EXPECT_EQ(c->ok, found == computed || filler) << id << " " << name;
    if (want.contains("input")) {
      EXPECT_EQ(c->input, want.at("input").get<std::string>()) << id << " " << name;
    }
  }
}

TEST(Mrz, ParsesEveryPublishedVector) {
  int checked = 0;
  for (const auto& v : vectors()) {
    const std::string id = v.at("id");
    const auto lines = v.at("lines").get<std::vector<std::string>>();
    const Mrz m = parsed(join(lines, "\n"));
    EXPECT_EQ(to_string(m.format), v.at("format").get<std::string>()) << id;
    EXPECT_EQ(m.lines, lines) << id;
    for (const auto& [name, value] : v.at("fields").items()) {
      EXPECT_TRUE(has_field(m, name)) << id << " lacks " << name;
      EXPECT_EQ(m.field(name), value.get<std::string>()) << id << " " << name;
    }
    expect_checks(m, v, id);
    EXPECT_EQ(m.valid(), v.at("valid").get<bool>()) << id;
    ++checked;
  }
  EXPECT_EQ(checked, 28);
}

TEST(Mrz, CrLfAndSurroundingBlankLinesGiveTheSameResult) {
  for (const auto& v : vectors()) {
    const auto lines = v.at("lines").get<std::vector<std::string>>();
    const Mrz plain = parsed(join(lines, "\n"));
    for (const std::string& text :
         {join(lines, "\r\n") + "\r\n", "\n \n\t\r\n" + join(lines, "\n") + "\n\n  \n"}) {
      const Mrz other = parsed(text);
      EXPECT_EQ(other.fields, plain.fields) << v.at("id");
      EXPECT_EQ(other.lines, plain.lines) << v.at("id");
      EXPECT_EQ(other.valid(), plain.valid()) << v.at("id");
    }
  }
}

TEST(Mrz, FieldsComeInMrzOrder) {
  const Mrz m = vector_mrz("icao-9303-p4-td3-utopia-2015");
  std::vector<std::string> names;
  for (const auto& f : m.fields) names.push_back(f.first);
  EXPECT_EQ(names,
            (std::vector<std::string>{
                "document_code", "issuing_state", "surname", "given_names", "document_number",
                "document_number_check_digit", "nationality", "date_of_birth",
                "date_of_birth_check_digit", "sex", "date_of_expiry", "date_of_expiry_check_digit",
                "personal_number", "personal_number_check_digit", "composite_check_digit"}));
  EXPECT_EQ(m.field("no_such_field"), "");
  EXPECT_EQ(m.check("no_such_check"), nullptr);
}

// mrz_spec.md, from Doc 9303 Part 3 Appendix A and Arg0s1080/mrz doctests.
TEST(Mrz, CheckDigitWorkedExamples) {
  EXPECT_EQ(mrz_check_digit("520727"), 3);
  EXPECT_EQ(mrz_check_digit("AB2134<<<"), 5);
  EXPECT_EQ(mrz_check_digit("HA672242<"), 6);
  EXPECT_EQ(mrz_check_digit("HA672242<6"
                            "5802254"
                            "9601086<<<<<<<<<<<<<<0"),
            8);
  EXPECT_EQ(mrz_check_digit("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), 7);
  EXPECT_EQ(mrz_check_digit("0123456789"), 7);
  EXPECT_EQ(mrz_check_digit("0123456789ABCDEF"), 0);
  EXPECT_EQ(mrz_check_digit("0"), 0);
  EXPECT_EQ(mrz_check_digit(""), 0);
}

TEST(Mrz, CheckDigitRejectsCharactersOutsideTheMrzSet) {
  EXPECT_EQ(mrz_check_digit("52a727"), -1);
  EXPECT_EQ(mrz_check_digit("520 727"), -1);
  EXPECT_EQ(mrz_check_digit("\xC3\x84"), -1);
}

TEST(Mrz, CompositeWorkedExamples) {
  const Mrz td3 = parsed(
      "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
      "HA672242<6YTO5802254M9601086<<<<<<<<<<<<<<08");
  ASSERT_NE(td3.check("composite"), nullptr);
  EXPECT_EQ(td3.check("composite")->computed, '8');
  EXPECT_EQ(td3.check("document_number")->computed, '6');
  EXPECT_TRUE(td3.valid());

  const Mrz td1 = parsed(
      "I<YTOD231458907<<<<<<<<<<<<<<<\n"
      "3407127M9507122YTO<<<<<<<<<<<2\n"
      "STEVENSON<<PETER<JOHN<<<<<<<<<");
  EXPECT_EQ(td1.format, MrzFormat::td1);
  EXPECT_EQ(td1.check("composite")->computed, '2');
  EXPECT_TRUE(td1.valid());

  const Mrz td2 = parsed(
      "I<YTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
      "HA672242<6YTO5802254M9601086<<<<<<<8");
  EXPECT_EQ(td2.format, MrzFormat::td2);
  EXPECT_EQ(td2.check("composite")->computed, '8');
  EXPECT_TRUE(td2.valid());
}

// Part 6: a TD2 number over 9 characters continues in the optional data.
TEST(Mrz, ReadsALongTd2DocumentNumber) {
  const Mrz m = parsed(
      "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
      "D23145890<UTO7408122F12041597349<<<2");
  EXPECT_EQ(m.field("document_number"), "D23145890734");
  EXPECT_EQ(m.field("document_number_check_digit"), "9");
  EXPECT_EQ(m.field("optional_data_raw"), "7349");
  EXPECT_EQ(m.field("optional_data"), "");
  EXPECT_EQ(m.check("document_number")->input, "D23145890734");
  EXPECT_TRUE(m.valid());
}

TEST(Mrz, ABadCheckDigitCharacterParsesAndFails) {
  const Mrz m = parsed(
      "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
      "L898902C3XUTO7408122F1204159ZE184226B<<<<<10");
  ASSERT_NE(m.check("document_number"), nullptr);
  EXPECT_EQ(m.check("document_number")->found, 'X');
  EXPECT_EQ(m.check("document_number")->computed, '6');
  EXPECT_FALSE(m.check("document_number")->ok);
  EXPECT_FALSE(m.valid());
}

// The '<' for 0 is accepted only where the field is all fillers.
TEST(Mrz, FillerCheckDigitOnlyForAnEmptyPersonalNumber) {
  const Mrz m = parsed(
      "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
      "L898902C36UTO7408122F1204159ZE184226B<<<<<<0");
  EXPECT_FALSE(m.check("personal_number")->ok);
  EXPECT_FALSE(m.valid());
}

const std::string k_td3_1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
const std::string k_td3_2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

TEST(Mrz, RejectsAWrongLineLength) {
  EXPECT_EQ(error_of(k_td3_1 + "\n" + k_td3_2.substr(1)),
            "line 2: 43 characters, a TD3 line has 44");
  EXPECT_EQ(error_of("V" + k_td3_1.substr(1) + "\n" + k_td3_2 + "<"),
            "line 2: 45 characters, an MRVA line has 44");
  EXPECT_EQ(error_of(k_td3_1.substr(4) + "\n" + k_td3_2),
            "line 1: 40 characters; the first line of a 2-line MRZ has 36 (TD2, MRVB) or 44 "
            "(TD3, MRVA)");
  EXPECT_EQ(error_of("I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\n"
                     "ERIKSSON<<ANNA<MARIA<<<<<<<<<"),
            "line 3: 29 characters, a TD1 line has 30");
}

TEST(Mrz, NamesTheLineAndColumnOfABadCharacter) {
  std::string lower = k_td3_1;
  lower[2] = 'u';
  EXPECT_EQ(error_of(lower + "\n" + k_td3_2),
            "line 1, column 3: 'u' (lower case) is not an MRZ character (A-Z, 0-9, <)");
  EXPECT_EQ(error_of(k_td3_1 + "\n" + k_td3_2 + " \n"),
            "line 2, column 45: a space is not an MRZ character (A-Z, 0-9, <)");
  EXPECT_EQ(error_of(" " + k_td3_1 + "\n" + k_td3_2),
            "line 1, column 1: a space is not an MRZ character (A-Z, 0-9, <)");
  EXPECT_EQ(error_of(k_td3_1 + "\n" + k_td3_2.substr(0, 10) + "\t" + k_td3_2.substr(11)),
            "line 2, column 11: a tab is not an MRZ character (A-Z, 0-9, <)");
  EXPECT_EQ(error_of(k_td3_1 + "\r" + k_td3_2),
            "line 1, column 45: a carriage return is not an MRZ character (A-Z, 0-9, <)");
  EXPECT_EQ(error_of("P<UTO\xC3\x84" + k_td3_1.substr(6) + "\n" + k_td3_2),
            "line 1, column 6: byte 0xC3 is not an MRZ character (A-Z, 0-9, <)");
}

TEST(Mrz, LineNumbersCountTheSkippedBlankLines) {
  EXPECT_EQ(error_of("\n\n" + k_td3_1 + "\n" + k_td3_2 + "-"),
            "line 4, column 45: '-' is not an MRZ character (A-Z, 0-9, <)");
}

TEST(Mrz, RejectsTheWrongNumberOfLines) {
  EXPECT_EQ(error_of(""), "no MRZ: the input is empty or blank");
  EXPECT_EQ(error_of("\r\n  \n\t\n"), "no MRZ: the input is empty or blank");
  EXPECT_EQ(error_of(k_td3_1 + "\n"),
            "line 1: only 1 line; an MRZ has 2 lines (TD2, TD3, MRVA, MRVB) or 3 (TD1)");
  EXPECT_EQ(error_of(k_td3_1 + "\n" + k_td3_2 + "\n" + k_td3_1 + "\n" + k_td3_2 + "\n"),
            "line 4: too many lines (4); an MRZ has 2 lines (TD2, TD3, MRVA, MRVB) or 3 (TD1)");
  EXPECT_EQ(error_of(k_td3_1 + "\n\n" + k_td3_2), "line 2: a blank line inside the MRZ");
}

// --- identity_differences ---------------------------------------------------------

Person eriksson() {
  Person p;
  p.name_en = "Anna Maria Eriksson";
  p.passport_no = "L898902C3";
  p.date_of_birth = Date{1974, 8, 12};
  return p;
}

Mrz td3_named(const std::string& name_field) {
  std::string line1 = "P<UTO" + name_field;
  line1.resize(44, '<');
  return parsed(line1 + "\n" + k_td3_2);
}

std::vector<std::string> differing(const Mrz& m, const Person& p) {
  std::vector<std::string> out;
  for (const IdentityDifference& d : identity_differences(m, p)) out.push_back(d.field);
  return out;
}

using Fields = std::vector<std::string>;

TEST(MrzIdentity, MatchesTheApprovedPerson) {
  EXPECT_EQ(differing(parsed(k_td3_1 + "\n" + k_td3_2), eriksson()), Fields{});
}

TEST(MrzIdentity, ReportsAnotherDocumentNumber) {
  Person p = eriksson();
  p.passport_no = "L898902C4";
  const auto d = identity_differences(parsed(k_td3_1 + "\n" + k_td3_2), p);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].field, "document_number");
  EXPECT_EQ(d[0].presented, "L898902C3");
  EXPECT_EQ(d[0].approved, "L898902C4");
}

TEST(MrzIdentity, EitherApprovedDocumentMatches) {
  Person p = eriksson();
  p.national_id = "L898902C3";  // not a real national ID: only which field matches counts
  p.passport_no = "X1";
  EXPECT_EQ(differing(parsed(k_td3_1 + "\n" + k_td3_2), p), Fields{});
  p.national_id = "401234567";
  const auto d = identity_differences(parsed(k_td3_1 + "\n" + k_td3_2), p);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].approved, "X1 or 401234567");
}

TEST(MrzIdentity, ReportsAnotherDateOfBirth) {
  Person p = eriksson();
  p.date_of_birth = Date{1974, 8, 21};
  const auto d = identity_differences(parsed(k_td3_1 + "\n" + k_td3_2), p);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].field, "date_of_birth");
  EXPECT_EQ(d[0].presented, "740812");
  EXPECT_EQ(d[0].approved, "1974-08-21");
  // Only YYMMDD is compared: a century apart is the same MRZ date.
  p.date_of_birth = Date{2074, 8, 12};
  EXPECT_EQ(differing(parsed(k_td3_1 + "\n" + k_td3_2), p), Fields{});
}

TEST(MrzIdentity, AnUnknownDatePartIsADifference) {
  const Mrz m = parsed(k_td3_1 + "\nL898902C36UTO7408<<2F1204159ZE184226B<<<<<10");
  EXPECT_EQ(differing(m, eriksson()), Fields{"date_of_birth"});
}

TEST(MrzIdentity, ReportsAnotherName) {
  Person p = eriksson();
  p.name_en = "Anna Eriksson";
  const auto d = identity_differences(parsed(k_td3_1 + "\n" + k_td3_2), p);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].field, "name");
  EXPECT_EQ(d[0].presented, "ERIKSSON, ANNA MARIA");
  EXPECT_EQ(d[0].approved, "Anna Eriksson");
  p.name_en = "";
  EXPECT_EQ(differing(parsed(k_td3_1 + "\n" + k_td3_2), p), Fields{"name"});
}

TEST(MrzIdentity, NamesCompareAsTokensInAnyOrderAndCase) {
  Person p = eriksson();
  p.name_en = "ERIKSSON, anna-maria";
  EXPECT_EQ(differing(parsed(k_td3_1 + "\n" + k_td3_2), p), Fields{});
  p.name_en = "Anna Mária Eriksson";  // á folded to A
  EXPECT_EQ(differing(parsed(k_td3_1 + "\n" + k_td3_2), p), Fields{});
  p.name_en =
      "Anna Mari\xCC\x81"
      "a Eriksson";  // i and a combining acute
  EXPECT_EQ(differing(parsed(k_td3_1 + "\n" + k_td3_2), p), Fields{});
  p.name_en = "Anna Maria Eriksson Eriksson";  // a token too many
  EXPECT_EQ(differing(parsed(k_td3_1 + "\n" + k_td3_2), p), Fields{"name"});
}

TEST(MrzIdentity, UmlautsMatchEitherIcaoSpelling) {
  Person p = eriksson();
  p.name_en = "Jürgen Müller";
  EXPECT_EQ(differing(td3_named("MUELLER<<JUERGEN"), p), Fields{});
  EXPECT_EQ(differing(td3_named("MULLER<<JURGEN"), p), Fields{});
  EXPECT_EQ(differing(td3_named("MILLER<<JURGEN"), p), Fields{"name"});
  p.name_en = "Strauß Ærø";
  EXPECT_EQ(differing(td3_named("STRAUSS<<AEROE"), p), Fields{});
}

// cheminfo-td1-prt: the name field is full, so "ESTEV" may be cut short.
TEST(MrzIdentity, AcceptsATruncatedFullNameField) {
  const Mrz m = vector_mrz("cheminfo-td1-prt");
  Person p;
  p.national_id = "007777779";
  p.passport_no = "007777779ZZ9";
  p.date_of_birth = Date{1983, 3, 14};
  p.name_en = "André Estevão Cacador de Araujo";
  EXPECT_EQ(differing(m, p), Fields{});
  p.name_en = "André Estevão Pereira Cacador de Araujo";  // cut entirely
  EXPECT_EQ(differing(m, p), Fields{});
  p.name_en = "André Estevão Cacador Araujo";  // DE missing: not a truncation
  EXPECT_EQ(differing(m, p), Fields{"name"});
  p.name_en = "André Sousa Cacador de Araujo";  // ESTEV does not begin SOUSA
  EXPECT_EQ(differing(m, p), Fields{"name"});
}

// Only a full name field may have been cut short.
TEST(MrzIdentity, ANameFieldWithRoomLeftIsNotTruncated) {
  Person p = eriksson();
  p.name_en = "Anna Marianabella Vonderschulenburghausen";
  const std::string full = "VONDERSCHULENBURGHAUSEN<<ANNA<MARIANABE";
  ASSERT_EQ(full.size(), 39u);
  EXPECT_EQ(differing(td3_named(full), p), Fields{});
  EXPECT_EQ(differing(td3_named(full.substr(0, 38)), p), Fields{"name"});
  p.name_en = "Anna Mariana Eriksson";
  EXPECT_EQ(differing(parsed(k_td3_1 + "\n" + k_td3_2), p), Fields{"name"});
}

Person utopian(const std::string& national_id) {
  Person p;
  p.name_en = "Anna Maria Eriksson";
  p.national_id = national_id;
  p.date_of_birth = Date{1974, 8, 12};
  return p;
}

TEST(MrzIdentity, AnIdCardMayCarryTheNationalIdInItsOptionalData) {
  const std::string name = "\nERIKSSON<<ANNA<MARIA<<<<<<<<<<";
  const std::string line2 = "\n7408122F1204159UTO<<<<<<<<<<<0";
  const Mrz first = parsed("I<UTOD231458907X<401234567<<<<" + line2 + name);
  EXPECT_EQ(first.field("optional_data_1"), "X<401234567");
  EXPECT_EQ(differing(first, utopian("401234567")), Fields{});
  // A part must equal the national ID, not merely contain it.
  const Mrz longer = parsed("I<UTOD231458907X<4012345670<<<" + line2 + name);
  EXPECT_EQ(differing(longer, utopian("401234567")), Fields{"document_number"});
  const Mrz second =
      parsed("I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO401234567<<6" + name);
  EXPECT_EQ(second.field("optional_data_2"), "401234567");
  EXPECT_EQ(differing(second, utopian("401234567")), Fields{});
  EXPECT_EQ(differing(second, utopian("D23145890")), Fields{});
  EXPECT_EQ(differing(second, utopian("401234568")), Fields{"document_number"});
}

// The personal number of a passport is not the document: TD1 only.
TEST(MrzIdentity, APassportPersonalNumberIsNotTheDocument) {
  const Mrz m = parsed(k_td3_1 + "\nL898902C36UTO7408122F1204159401234567<<<<<10");
  EXPECT_EQ(m.field("personal_number"), "401234567");
  EXPECT_EQ(differing(m, utopian("401234567")), Fields{"document_number"});
}

TEST(MrzIdentity, AnEmptyDocumentNumberMatchesNothing) {
  const Mrz m = parsed(k_td3_1 + "\n<<<<<<<<<<UTO7408122F1204159ZE184226B<<<<<10");
  EXPECT_EQ(m.field("document_number"), "");
  EXPECT_EQ(differing(m, utopian("401234567")), Fields{"document_number"});
}

}  // namespace
}  // namespace corridor::core
