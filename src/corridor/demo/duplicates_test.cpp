// `demo-data --duplicates`: the planted pairs and their variations.

#include <corridor/demo/data.hpp>
#include <corridor/demo/duplicates.hpp>

#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/intake.hpp>
#include <corridor/core/national_id.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace corridor::demo {
namespace {

const core::Date k_today{2025, 11, 30};

DemoOptions options(int patients, double rate) {
  DemoOptions o;
  o.patients = patients;
  o.seed = 11;
  o.today = k_today;
  o.duplicate_share = rate;
  return o;
}

// One row, by the columns of docs/csv.md (the generator never quotes).
using Fields = std::vector<std::string>;
enum Col {
  ref,
  direction,
  category,
  urgency,
  diagnosis,
  group_ref,
  national_id,
  passport_no,
  name_ar,
  name_en,
  date_of_birth,
  sex,
  nationality,
  phone,
  requested_on
};

std::vector<Fields> lines(const std::string& text) {
  std::vector<Fields> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    out.emplace_back(1);
    for (char c : line) {
      if (c == ',')
        out.back().emplace_back();
      else
        out.back().back().push_back(c);
    }
  }
  return out;
}

struct Planted {
  std::string csv, truth, plain;
  DemoCounts counts, plain_counts;
  std::map<std::string, Fields> by_ref;
  std::vector<Fields> pairs;  // ref_a, ref_b, variation
};

const Planted& planted() {
  static const Planted p = [] {
    Planted p;
    std::ostringstream out, truth, plain;
    p.counts = *write_demo_csv(options(4000, 0.2), out, &truth);
    p.plain_counts = *write_demo_csv(options(4000, 0), plain);
    p.csv = out.str();
    p.truth = truth.str();
    p.plain = plain.str();
    const auto rows = lines(p.csv);
    for (std::size_t i = 1; i < rows.size(); ++i) p.by_ref[rows[i][ref]] = rows[i];
    p.pairs = lines(p.truth);
    return p;
  }();
  return p;
}

bool has_tag(const Fields& pair, std::string_view tag) {
  return ("+" + pair[2] + "+").find("+" + std::string(tag) + "+") != std::string::npos;
}

TEST(DemoDuplicates, OtherRowsStayAsWithoutTheOption) {
  const Planted& p = planted();
  ASSERT_GT(p.counts.duplicates, 0);
  EXPECT_EQ(p.csv.substr(0, p.plain.size()), p.plain);
  EXPECT_EQ(p.counts.rows(), p.plain_counts.rows() + p.counts.duplicates);
  EXPECT_EQ(std::count(p.csv.begin(), p.csv.end(), '\n'), p.counts.rows() + 1);
}

TEST(DemoDuplicates, RateIsTheShareOfPersonsWrittenTwice) {
  const Planted& p = planted();
  const double share = static_cast<double>(p.counts.duplicates) / p.plain_counts.rows();
  EXPECT_NEAR(share, 0.2, 0.02);
}

TEST(DemoDuplicates, TruthNamesEachPlantedRowAndItsOriginal) {
  const Planted& p = planted();
  ASSERT_EQ(p.pairs.front(), (Fields{"ref_a", "ref_b", "variation"}));
  ASSERT_EQ(static_cast<int>(p.pairs.size()) - 1, p.counts.duplicates);
  std::set<std::string> seen;
  for (std::size_t i = 1; i < p.pairs.size(); ++i) {
    const Fields& pair = p.pairs[i];
    ASSERT_TRUE(p.by_ref.count(pair[0]) && p.by_ref.count(pair[1])) << pair[0] << " " << pair[1];
    EXPECT_TRUE(seen.insert(pair[1]).second);
    const Fields& a = p.by_ref.at(pair[0]);
    const Fields& b = p.by_ref.at(pair[1]);
    EXPECT_EQ(a[sex], b[sex]);
    EXPECT_EQ(a[date_of_birth].substr(0, 4), b[date_of_birth].substr(0, 4));
    EXPECT_TRUE(pair[1].starts_with("WHO-") || pair[1].starts_with("MOI-")) << pair[1];
  }
}

// Each planted variation is what its tag says, and each occurs.
TEST(DemoDuplicates, VariationsAreWhatTheTagsSay) {
  const Planted& p = planted();
  std::map<std::string, int> counts;
  for (std::size_t i = 1; i < p.pairs.size(); ++i) {
    const Fields& pair = p.pairs[i];
    const Fields& a = p.by_ref.at(pair[0]);
    const Fields& b = p.by_ref.at(pair[1]);
    std::istringstream tags(pair[2]);
    for (std::string t; std::getline(tags, t, '+');) ++counts[t];
    if (has_tag(pair, "no-id")) {
      EXPECT_TRUE(b[national_id].empty() && !b[passport_no].empty());
    }
    if (has_tag(pair, "id-digit")) {
      ASSERT_EQ(b[national_id].size(), 9u);
      int differ = 0;
      for (int k = 0; k < 9; ++k) differ += a[national_id][k] != b[national_id][k];
      EXPECT_EQ(differ, 1);
      // Luhn catches one wrong digit (an original that was a typo may pass).
      if (core::national_id_check_digit_ok(a[national_id]))
        EXPECT_FALSE(core::national_id_check_digit_ok(b[national_id]));
    }
    if (has_tag(pair, "new-passport")) {
      EXPECT_NE(a[passport_no], b[passport_no]);
    }
    if (has_tag(pair, "arabic-only")) {
      EXPECT_TRUE(b[name_en].empty() && !b[name_ar].empty());
    }
    if (has_tag(pair, "latin-only")) {
      EXPECT_TRUE(b[name_ar].empty() && !b[name_en].empty());
    }
    if (has_tag(pair, "day-month-swapped")) {
      const std::string& d = a[date_of_birth];
      EXPECT_EQ(b[date_of_birth], d.substr(0, 5) + d.substr(8, 2) + "-" + d.substr(5, 2));
    }
    if (has_tag(pair, "companion-as-patient")) {
      EXPECT_TRUE(a[category] == "companion" && b[category] == "medical");
    }
  }
  for (const char* tag :
       {"no-id", "id-digit", "new-passport", "arabic-only", "latin-only", "day-month-swapped",
        "year-only", "companion-as-patient", "spelling", "abu-joined", "el-article", "no-article",
        "capitals", "three-names", "arabic-letters"})
    EXPECT_GT(counts[tag], 0) << tag;
}

// The importer takes the file: no planted ID or passport is another
// person's, and the only flags are failed check digits.
TEST(DemoDuplicates, PassesIntakeValidation) {
  std::ifstream file(std::string(CORRIDOR_SOURCE_DIR) + "/config/rafah.toml");
  const std::string toml{std::istreambuf_iterator<char>(file), {}};
  const auto config = core::parse_config(toml, "rafah.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  const core::IntakeResult result = core::validate_csv(planted().csv, *config, k_today);
  for (const core::RowError& e : result.errors)
    ADD_FAILURE() << e.row << " " << e.column << ": " << e.message;
  EXPECT_EQ(static_cast<int>(result.rows.size()), planted().counts.rows());
  for (const core::RowFlag& f : result.flags) EXPECT_EQ(f.flag.code, "id-check-digit");
}

TEST(DemoDuplicates, SameSeedGivesSameBytes) {
  std::ostringstream a, b, ta, tb;
  ASSERT_TRUE(write_demo_csv(options(300, 0.1), a, &ta).ok());
  ASSERT_TRUE(write_demo_csv(options(300, 0.1), b, &tb).ok());
  EXPECT_EQ(a.str(), b.str());
  EXPECT_EQ(ta.str(), tb.str());
}

TEST(DemoDuplicates, RejectsARateOutOfRange) {
  std::ostringstream out;
  EXPECT_EQ(write_demo_csv(options(10, 1.5), out).error().code, core::Errc::bad_input);
  EXPECT_EQ(write_demo_csv(options(10, -0.1), out).error().code, core::Errc::bad_input);
}

TEST(DemoDuplicates, ArabicLettersVaryAsRegistrarsWriteThem) {
  std::string name = "أحمد إبراهيم أبو حصيرة مصطفى";
  vary_arabic_name(name);
  EXPECT_EQ(name, "احمد ابراهيم ابو حصيره مصطفي");
}

TEST(DemoDuplicates, LatinNamesVaryAsRegistrarsWriteThem) {
  std::set<std::string> seen;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    DemoRng rng(seed);
    std::string name = "Mohammed Khalil al-Sheikh Abu Shaaban";
    vary_latin_name(name, rng);
    seen.insert(name);
  }
  EXPECT_TRUE(seen.count("Mohammed Khalil al-Sheikh Abushaaban"));
  EXPECT_TRUE(seen.count("Mohammed Khalil El-Sheikh Abu Shaaban"));
  EXPECT_TRUE(seen.count("Mohammed Khalil Sheikh Abu Shaaban"));
  EXPECT_TRUE(seen.count("Mohamed Khalil al-Sheikh Abu Shaaban"));
  EXPECT_TRUE(seen.count("MOHAMMED KHALIL AL-SHEIKH ABU SHAABAN"));
}

}  // namespace
}  // namespace corridor::demo
