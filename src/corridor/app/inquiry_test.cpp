// Status for families (Service::inquire): what a match shows, that an
// unknown ref and a wrong date of birth answer alike, the per-ref back-off
// (persistent, keyed), the read log, and the place among cleared cases.

#include <corridor/app/inquiry.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/test_deployment.hpp>
#include <corridor/store/account_repo.hpp>
#include <corridor/store/inquiry_repo.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace corridor::app {
namespace {

using testing::k_start;

InquiryRequest ask(std::string ref, std::string_view birth, std::string code = "") {
  return {std::move(ref), *core::parse_date(birth), std::move(code), "203.0.113.9"};
}

// Every member but found and retry_after, as one comparable value.
std::string shape(const InquiryAnswer& a) {
  std::ostringstream out;
  out << a.found << '|' << a.retry_after << '|' << a.state << '|' << a.stages.size() << '|'
      << a.crossing_day.has_value() << '|' << a.position.value_or(-1) << '|'
      << a.cleared_total.value_or(-1);
  return out.str();
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class InquiryTest : public testing::DeploymentTest {
protected:
  void SetUp() override {
    DeploymentTest::SetUp();
    import_good();
  }

  InquiryAnswer inquire(const InquiryRequest& r) {
    auto a = svc->inquire(r);
    EXPECT_TRUE(a.ok()) << a.error().message;
    return a.ok() ? *a : InquiryAnswer{};
  }

  void approve(const std::string& ref, const std::string& stage, const std::string& party) {
    DecideRequest r;
    r.ref = ref;
    r.stage = stage;
    auto d = svc->decide(r, key(party));
    ASSERT_TRUE(d.ok()) << d.error().message;
  }

  void clear_medical(const std::string& ref) {
    approve(ref, "referral", "who");
    approve(ref, "acceptance", "egypt");
    approve(ref, "security", "cogat");
  }

  std::vector<store::ReadEntry> reads() {
    auto db = svc->reader();
    EXPECT_TRUE(db.ok());
    store::ReadFilter f;
    f.limit = 1000;
    auto rows = store::list_reads(**db, f);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? *rows : std::vector<store::ReadEntry>{};
  }
};

TEST_F(InquiryTest, AMatchShowsEachStageAndNoReason) {
  approve("WHO-2025-0102", "referral", "who");
  env.advance(2 * core::k_seconds_per_day);
  const InquiryAnswer a = inquire(ask("WHO-2025-0102", "1957-11-03"));
  ASSERT_TRUE(a.found);
  EXPECT_EQ(a.state, "in-review");
  ASSERT_EQ(a.stages.size(), 3u);
  EXPECT_EQ(a.stages[0].stage, "referral");
  EXPECT_EQ(a.stages[0].party, "who");
  EXPECT_EQ(a.stages[0].status, "done");
  EXPECT_EQ(a.stages[0].since, k_start);
  EXPECT_EQ(a.stages[0].days, 2);
  EXPECT_EQ(a.stages[1].status, "pending");
  EXPECT_EQ(a.stages[1].party, "egypt");
  EXPECT_EQ(a.stages[1].days, 2);
  EXPECT_EQ(a.stages[2].status, "pending");
  EXPECT_FALSE(a.crossing_day);
  EXPECT_FALSE(a.position);
}

TEST_F(InquiryTest, AnUnknownRefAndAWrongBirthDateAnswerAlike) {
  const InquiryAnswer unknown = inquire(ask("WHO-2099-9999", "1957-11-03"));
  const InquiryAnswer wrong = inquire(ask("WHO-2025-0102", "1957-11-04"));
  const InquiryAnswer right = inquire(ask("WHO-2025-0102", "1957-11-03"));
  EXPECT_FALSE(unknown.found);
  EXPECT_EQ(shape(unknown), shape(wrong));
  EXPECT_EQ(shape(wrong), shape(InquiryAnswer{}));
  EXPECT_TRUE(right.found);
}

TEST_F(InquiryTest, ADenialSaysNotApprovedAndNothingOfWhoOrWhy) {
  DecideRequest r;
  r.ref = "WHO-2025-0103";
  r.stage = "referral";
  ASSERT_TRUE(svc->decide(r, key("who")).ok());
  r.stage = "acceptance";
  r.outcome = core::Outcome::deny;
  r.reason = "no-hospital-bed";
  auto d = svc->decide(r, key("egypt"));
  ASSERT_TRUE(d.ok()) << d.error().message;
  const InquiryAnswer a = inquire(ask("WHO-2025-0103", "1999-06-21"));
  ASSERT_TRUE(a.found);
  EXPECT_EQ(a.state, "not-approved");
  EXPECT_TRUE(a.stages.empty());  // the stages would say which party denied
}

TEST_F(InquiryTest, AClearedCaseHasItsPlaceInThePolicysOrder) {
  // life-saving (and a child) before critical before urgent: core's order.
  clear_medical("WHO-2025-0103");
  clear_medical("WHO-2025-0102");
  clear_medical("WHO-2025-0101");
  const InquiryAnswer first = inquire(ask("WHO-2025-0101", "2016-04-12"));
  const InquiryAnswer second = inquire(ask("WHO-2025-0102", "1957-11-03"));
  const InquiryAnswer third = inquire(ask("WHO-2025-0103", "1999-06-21"));
  EXPECT_EQ(first.state, "cleared");
  EXPECT_EQ(first.position, 1);
  EXPECT_EQ(second.position, 2);
  EXPECT_EQ(third.position, 3);
  EXPECT_EQ(third.cleared_total, 3);
  // A case in review is not counted, and is given no place.
  approve("WHO-2025-0104", "referral", "who");
  EXPECT_FALSE(inquire(ask("WHO-2025-0104", "1962-02-08")).position);
  EXPECT_EQ(inquire(ask("WHO-2025-0103", "1999-06-21")).cleared_total, 3);
}

TEST_F(InquiryTest, TheBackOffLocksARefKnownOrNotAndPersists) {
  for (const std::string ref : {"WHO-2025-0102", "WHO-2099-9999"}) {
    for (int i = 0; i < 3; ++i) EXPECT_EQ(inquire(ask(ref, "1900-01-01")).retry_after, 0);
    EXPECT_EQ(inquire(ask(ref, "1900-01-02")).retry_after, 0);  // the 4th failure locks
    EXPECT_EQ(inquire(ask(ref, "1957-11-03")).retry_after, 60) << ref;
  }
  // Across a restart.
  svc.reset();
  auto opened = Service::open({db_path(), false, std::nullopt}, env);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  svc = std::move(opened).value();
  env.advance(30);
  EXPECT_EQ(inquire(ask("WHO-2025-0102", "1957-11-03")).retry_after, 30);
  env.advance(30);
  EXPECT_TRUE(inquire(ask("WHO-2025-0102", "1957-11-03")).found);
  // A match resets it: three free failures again.
  for (int i = 0; i < 3; ++i) inquire(ask("WHO-2025-0102", "1900-01-01"));
  EXPECT_TRUE(inquire(ask("WHO-2025-0102", "1957-11-03")).found);
}

TEST_F(InquiryTest, TheLockDoublesAndNeverOverflows) {
  EXPECT_EQ(inquiry_lock_seconds(1), 0);
  EXPECT_EQ(inquiry_lock_seconds(3), 0);
  EXPECT_EQ(inquiry_lock_seconds(4), 60);
  EXPECT_EQ(inquiry_lock_seconds(5), 120);
  EXPECT_EQ(inquiry_lock_seconds(23), 60LL << 19);
  EXPECT_GT(inquiry_lock_seconds(1000), 0);
  EXPECT_EQ(inquiry_lock_seconds(1000), inquiry_lock_seconds(45));
  // docs/api.md: 23 inquiries fit in a year, the 24th does not.
  std::int64_t waited = 0;
  for (int n = 1; n < 23; ++n) waited += inquiry_lock_seconds(n);
  EXPECT_LE(waited, 365 * core::k_seconds_per_day);
  EXPECT_GT(waited + inquiry_lock_seconds(23), 365 * core::k_seconds_per_day);
}

TEST_F(InquiryTest, TheReadLogAndTheFileHoldNothingTyped) {
  inquire(ask("ZZ-TYPED-REF-7", "1931-07-17"));
  inquire(ask("WHO-2025-0104", "1931-07-18"));
  inquire(ask("WHO-2025-0104", "1962-02-08"));
  const auto rows = reads();
  ASSERT_EQ(rows.size(), 3u);
  for (const store::ReadEntry& e : rows) {
    EXPECT_EQ(e.account, "anonymous");
    EXPECT_EQ(e.what, "inquiry");
    EXPECT_EQ(e.reason.find("1931"), std::string::npos);
  }
  // Newest first: the match names its case; the others name none.
  EXPECT_EQ(rows[0].ref, "WHO-2025-0104");
  EXPECT_EQ(rows[1].ref, "");
  EXPECT_EQ(rows[2].ref, "");
  // Neither the typed ref nor the typed dates are anywhere in the files.
  svc.reset();
  const std::string all = file_bytes(db_path()) + file_bytes(db_path() + "-wal");
  EXPECT_EQ(all.find("ZZ-TYPED-REF-7"), std::string::npos);
  EXPECT_EQ(all.find("1931-07-1"), std::string::npos);
  auto opened = Service::open({db_path(), false, std::nullopt}, env);
  ASSERT_TRUE(opened.ok());
  svc = std::move(opened).value();
}

class InquiryCodeTest : public InquiryTest {
protected:
  std::optional<std::string> config_path() override {
    std::string text(embedded_default_config());
    const std::string from = "code_required = false";
    text.replace(text.find(from), from.size(), "code_required = true");
    const std::string path = (dir() / "code.toml").string();
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(InquiryCodeTest, TheCodeMustMatchToo) {
  EXPECT_FALSE(inquire(ask("WHO-2025-0102", "1957-11-03")).found);  // makes the key
  auto db = svc->reader();
  ASSERT_TRUE(db.ok());
  auto key = store::inquiry_key(**db);
  ASSERT_TRUE(key.ok() && key->has_value());
  const std::string code = inquiry_code(**key, "WHO-2025-0102");
  EXPECT_EQ(code.size(), 10u);
  EXPECT_NE(code, inquiry_code(**key, "WHO-2025-0103"));
  EXPECT_FALSE(inquire(ask("WHO-2025-0102", "1957-11-03", "aaaaaaaaaa")).found);
  EXPECT_TRUE(inquire(ask("WHO-2025-0102", "1957-11-03", code)).found);
}

}  // namespace
}  // namespace corridor::app
