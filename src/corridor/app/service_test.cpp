#include <corridor/app/service.hpp>
#include <corridor/app/test_deployment.hpp>

#include <corridor/app/env.hpp>
#include <corridor/core/case.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/workflow.hpp>
#include <corridor/ledger/key.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace corridor::app {
namespace {

namespace fs = std::filesystem;

using testing::k_hour;
using testing::k_start;

const std::string k_header =
    "ref,direction,category,urgency,diagnosis,group_ref,national_id,passport_no,name_ar,name_en,"
    "date_of_birth,sex,nationality,phone,requested_on\n";

// A decision and the party whose officer signs it.
struct Signed {
  DecideRequest req;
  std::string party;
};

Signed request(std::string ref, std::string stage, std::string party,
               core::Outcome outcome = core::Outcome::approve) {
  DecideRequest r;
  r.ref = std::move(ref);
  r.stage = std::move(stage);
  r.outcome = outcome;
  return {std::move(r), std::move(party)};
}

AmendRequest amendment(std::string ref, std::string field, std::string value) {
  return AmendRequest{std::move(ref), {{std::move(field), std::move(value)}}};
}

bool has_flag(const std::vector<core::Flag>& flags, std::string_view code) {
  return std::any_of(flags.begin(), flags.end(),
                     [&](const core::Flag& f) { return f.code == code; });
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.rfind(prefix, 0) == 0;
}

const StageLoad& load_of(const Stats& st, std::string_view stage, std::string_view party) {
  auto it = std::find_if(st.pending.begin(), st.pending.end(),
                         [&](const StageLoad& l) { return l.stage == stage && l.party == party; });
  if (it == st.pending.end()) throw std::runtime_error("no stage load " + std::string(stage));
  return *it;
}

class ServiceTest : public testing::DeploymentTest {
protected:
  core::Result<DecisionReport> decide(const Signed& s) { return svc->decide(s.req, key(s.party)); }

  void decide_ok(const Signed& s) {
    auto r = decide(s);
    ASSERT_TRUE(r.ok()) << s.req.ref << " " << s.req.stage << ": " << r.error().message;
  }

  core::Result<core::CaseState> close(std::string ref, core::ClosureKind kind,
                                      const std::string& party) {
    return svc->close_case({std::move(ref), kind, ""}, key(party));
  }

  core::Result<AmendReport> amend(const AmendRequest& req) { return svc->amend(req, key("pa")); }

  // Approves every stage of a medical case, each by its party.
  void clear_medical(const std::string& ref) {
    decide_ok(request(ref, "referral", "who"));
    decide_ok(request(ref, "acceptance", "egypt"));
    decide_ok(request(ref, "security", "cogat"));
  }

  CaseDetail detail(std::string_view ref) {
    auto d = svc->get_case(ref);
    EXPECT_TRUE(d.ok()) << ref;
    return d.ok() ? std::move(d).value() : CaseDetail{};
  }

  Stats stats() {
    auto st = svc->stats();
    EXPECT_TRUE(st.ok());
    return st.ok() ? std::move(st).value() : Stats{};
  }

  const core::StageDef& medical_stage(std::string_view id) const {
    return *svc->config().workflow_for(core::Direction::exit, "medical")->find_stage(id);
  }
};

TEST_F(ServiceTest, ImportCommitsAllRowsOrNone) {
  const std::string mixed = k_header +
                            "S-1,exit,student,,,,039337423,,,Sami Haddad,2000-01-01,M,PSE,,\n"
                            "S-2,exit,student,,,,407182336,,,Nadia Haddad,2000-01-01,X,PSE,,\n";
  auto bad = svc->import_csv("mixed.csv", mixed, false, key("pa"));
  ASSERT_TRUE(bad.ok()) << bad.error().message;
  EXPECT_FALSE(bad->committed);
  EXPECT_TRUE(bad->by_category.empty());  // nothing was imported
  ASSERT_EQ(bad->errors.size(), 1u);
  EXPECT_EQ(bad->errors[0].row, 3);
  EXPECT_EQ(bad->errors[0].column, "sex");
  EXPECT_TRUE(svc->list_cases({})->empty());

  const ImportReport good = import_good();
  EXPECT_EQ(good.rows, 12);
  EXPECT_TRUE(good.errors.empty());
  const std::map<std::string, std::int64_t> expected = {
      {"medical", 4},  {"companion", 3},          {"student", 2},
      {"returnee", 1}, {"humanitarian-staff", 1}, {"dual-national", 1}};
  EXPECT_EQ(good.by_category, expected);
  EXPECT_EQ(svc->list_cases({})->size(), 12u);
}

TEST_F(ServiceTest, ImportRefusesRefsAlreadyStored) {
  import_good();
  auto data = read_file(CORRIDOR_SOURCE_DIR "/tests/data/good.csv");
  auto again = svc->import_csv("good.csv", *data, false, key("pa"));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(again->committed);
  ASSERT_FALSE(again->errors.empty());
  EXPECT_EQ(again->errors[0].row, 2);
  EXPECT_EQ(again->errors[0].column, "ref");
  EXPECT_EQ(svc->list_cases({})->size(), 12u);
}

TEST_F(ServiceTest, ImportDryRunStoresNothing) {
  auto data = read_file(CORRIDOR_SOURCE_DIR "/tests/data/good.csv");
  auto rep = svc->import_csv("good.csv", *data, true, key("pa"));
  ASSERT_TRUE(rep.ok()) << rep.error().message;
  EXPECT_FALSE(rep->committed);
  EXPECT_TRUE(rep->errors.empty());
  EXPECT_TRUE(svc->list_cases({})->empty());
}

TEST_F(ServiceTest, DecisionsClearACaseAndExpiryUncleared) {
  import_good();
  decide_ok(request("WHO-2025-0101", "referral", "who"));
  decide_ok(request("WHO-2025-0101", "acceptance", "egypt"));
  env.advance(k_hour);
  const core::Timestamp approved_at = env.now();
  auto last = decide(request("WHO-2025-0101", "security", "cogat"));
  ASSERT_TRUE(last.ok()) << last.error().message;
  EXPECT_EQ(last->state, core::CaseState::cleared);

  const core::Timestamp expires =
      approved_at + medical_stage("security").valid_days * core::k_seconds_per_day;
  env.set(expires - 1);
  EXPECT_EQ(detail("WHO-2025-0101").view.state, core::CaseState::cleared);

  env.set(expires);
  const CaseDetail d = detail("WHO-2025-0101");
  EXPECT_EQ(d.view.state, core::CaseState::expired);
  EXPECT_EQ(d.view.find("security")->status, core::StageStatus::expired);
  EXPECT_EQ(d.view.find("acceptance")->status, core::StageStatus::approved);
  CaseFilter expired;
  expired.state = core::CaseState::expired;
  auto found = svc->list_cases(expired);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().ref, "WHO-2025-0101");
}

TEST_F(ServiceTest, OverdueAndOldestInStats) {
  import_good();
  const core::Timestamp deadline = k_start + medical_stage("referral").deadline_hours * k_hour;
  env.set(deadline);
  const StageLoad before = load_of(stats(), "referral", "who");
  EXPECT_EQ(before.pending, 4);
  EXPECT_EQ(before.overdue, 0);

  env.set(deadline + 1);
  const StageLoad after = load_of(stats(), "referral", "who");
  EXPECT_EQ(after.pending, 4);
  EXPECT_EQ(after.overdue, 4);
  EXPECT_EQ(after.oldest_since, k_start);
}

TEST_F(ServiceTest, ReturnedStageIsNotOverdue) {
  import_good();
  auto ret = request("WHO-2025-0102", "referral", "who", core::Outcome::ret);
  ret.req.note = "the latest echocardiogram";
  decide_ok(ret);
  env.set(k_start + 100 * medical_stage("referral").deadline_hours * k_hour);

  const StageLoad l = load_of(stats(), "referral", "who");
  EXPECT_EQ(l.returned, 1);
  EXPECT_EQ(l.pending, 3);
  EXPECT_EQ(l.overdue, 3);
  const CaseDetail d = detail("WHO-2025-0102");
  EXPECT_EQ(d.view.state, core::CaseState::returned);
  EXPECT_FALSE(d.view.find("referral")->overdue(env.now()));
}

TEST_F(ServiceTest, StatsCountWaitingChildrenAndUrgency) {
  import_good();
  Stats st = stats();
  EXPECT_EQ(st.cases, 12);
  EXPECT_EQ(st.waiting, 12);
  const std::map<std::string, std::int64_t> by_category = {
      {"medical", 4},  {"companion", 3},          {"student", 2},
      {"returnee", 1}, {"humanitarian-staff", 1}, {"dual-national", 1}};
  EXPECT_EQ(st.waiting_by_category, by_category);
  const std::map<std::string, std::int64_t> by_urgency = {
      {"life-saving", 1}, {"critical", 1}, {"urgent", 1}, {"routine", 1}};
  EXPECT_EQ(st.waiting_by_urgency, by_urgency);
  EXPECT_EQ(st.waiting_children, 1);  // WHO-2025-0101, born 2016
  EXPECT_EQ(st.children_by_category, (std::map<std::string, std::int64_t>{{"medical", 1}}));
  EXPECT_EQ(st.children_by_urgency, (std::map<std::string, std::int64_t>{{"life-saving", 1}}));

  ASSERT_TRUE(close("WHO-2025-0101", core::ClosureKind::withdrawn, "who"));
  st = stats();
  EXPECT_EQ(st.waiting, 11);
  EXPECT_EQ(st.waiting_children, 0);
  EXPECT_EQ(st.waiting_by_urgency.count("life-saving"), 0u);
  EXPECT_EQ(st.withdrawn, 1);
}

TEST_F(ServiceTest, AmendMakesApprovalsStaleAndPhoneDoesNot) {
  import_good();
  env.advance(k_hour);
  clear_medical("WHO-2025-0101");
  env.advance(k_hour);
  const core::Timestamp amended_at = env.now();
  auto name = amend(amendment("WHO-2025-0101", "name_en", "Mohammed Ahmed Al-Shaer"));
  ASSERT_TRUE(name.ok()) << name.error().message;
  EXPECT_EQ(name->now_stale, (std::vector<std::string>{"referral", "acceptance", "security"}));
  EXPECT_EQ(name->state, core::CaseState::in_review);
  for (const auto& s : detail("WHO-2025-0101").view.stages) {
    EXPECT_EQ(s.status, core::StageStatus::stale) << s.def->id;
    EXPECT_EQ(s.since, amended_at) << s.def->id;
  }

  env.advance(k_hour);
  auto phone = amend(amendment("WHO-2025-0101", "phone", "+970 59 000 1111"));
  ASSERT_TRUE(phone.ok()) << phone.error().message;
  EXPECT_EQ(phone->fields, std::vector<std::string>{"phone"});
  EXPECT_TRUE(phone->now_stale.empty());
  EXPECT_EQ(phone->state, core::CaseState::in_review);
  for (const auto& s : detail("WHO-2025-0101").view.stages)
    EXPECT_EQ(s.since, amended_at) << s.def->id;
}

TEST_F(ServiceTest, AmendPhoneKeepsACaseCleared) {
  import_good();
  clear_medical("WHO-2025-0102");
  env.advance(k_hour);
  auto phone = amend(amendment("WHO-2025-0102", "phone", "+970 56 000 2222"));
  ASSERT_TRUE(phone.ok()) << phone.error().message;
  EXPECT_TRUE(phone->now_stale.empty());
  EXPECT_EQ(phone->state, core::CaseState::cleared);
  EXPECT_EQ(detail("WHO-2025-0102").view.state, core::CaseState::cleared);
}

TEST_F(ServiceTest, AmendRefusesIdOfAnotherOpenCase) {
  import_good();
  // 407182336 is WHO-2025-0101's, an open exit case.
  auto r = amend(amendment("WHO-2025-0103", "national_id", "407182336"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Errc::refused);
  EXPECT_TRUE(starts_with(r.error().message, "person-open-case")) << r.error().message;
  EXPECT_EQ(detail("WHO-2025-0103").record.person.national_id, "408627198");
}

TEST_F(ServiceTest, AmendAllowsIdOfAClosedOrOtherDirectionCase) {
  import_good();
  // RET-2025-0011 (901483727) travels the other way.
  auto other_way = amend(amendment("WHO-2025-0103", "national_id", "901483727"));
  EXPECT_TRUE(other_way.ok()) << other_way.error().message;

  ASSERT_TRUE(close("WHO-2025-0101", core::ClosureKind::withdrawn, "who"));
  auto closed = amend(amendment("WHO-2025-0102", "national_id", "407182336"));
  EXPECT_TRUE(closed.ok()) << closed.error().message;
}

TEST_F(ServiceTest, AmendKeepsCheckDigitFlagInStep) {
  import_good();
  ASSERT_TRUE(has_flag(detail("WHO-2025-0104-C1").record.flags, "id-check-digit"));

  auto fixed = amend(amendment("WHO-2025-0104-C1", "national_id", "039337423"));
  ASSERT_TRUE(fixed.ok()) << fixed.error().message;
  EXPECT_FALSE(has_flag(fixed->flags, "id-check-digit"));
  EXPECT_FALSE(has_flag(detail("WHO-2025-0104-C1").record.flags, "id-check-digit"));

  auto mistyped = amend(amendment("WHO-2025-0104-C1", "national_id", "406275316"));
  ASSERT_TRUE(mistyped.ok()) << mistyped.error().message;
  EXPECT_TRUE(has_flag(mistyped->flags, "id-check-digit"));
  EXPECT_TRUE(has_flag(detail("WHO-2025-0104-C1").record.flags, "id-check-digit"));
}

TEST_F(ServiceTest, CloseRecordsDeathByDate) {
  import_good();
  // 23:00Z is already the next day in Gaza (UTC+2).
  env.set(k_start + 7 * k_hour);
  ASSERT_EQ(svc->today(), (core::Date{2025, 11, 25}));

  auto by_egypt = close("WHO-2025-0101", core::ClosureKind::deceased, "egypt");
  ASSERT_FALSE(by_egypt.ok());
  EXPECT_EQ(by_egypt.error().code, core::Errc::refused);
  EXPECT_TRUE(starts_with(by_egypt.error().message, "closure-party")) << by_egypt.error().message;

  auto by_who = close("WHO-2025-0101", core::ClosureKind::deceased, "who");
  ASSERT_TRUE(by_who.ok()) << by_who.error().message;
  EXPECT_EQ(*by_who, core::CaseState::deceased);
  EXPECT_EQ(detail("WHO-2025-0101").view.state, core::CaseState::deceased);
  const Stats st = stats();
  EXPECT_EQ(st.deceased, 1);
  using Deaths = std::vector<std::pair<std::string, std::int64_t>>;
  EXPECT_EQ(st.deaths_by_date, (Deaths{{"2025-11-25", 1}}));
}

TEST_F(ServiceTest, DecideAllAppliesEachOnItsOwn) {
  import_good();
  // Signed by a who officer: the second is egypt's stage.
  const std::vector<DecideRequest> batch = {request("WHO-2025-0101", "referral", "who").req,
                                            request("WHO-2025-0102", "acceptance", "who").req};
  auto results = svc->decide_all(batch, key("who"));
  ASSERT_EQ(results.size(), 2u);
  ASSERT_TRUE(results[0].ok()) << results[0].error().message;
  EXPECT_EQ(results[0]->state, core::CaseState::in_review);
  ASSERT_FALSE(results[1].ok());
  EXPECT_EQ(results[1].error().code, core::Errc::refused);
  EXPECT_TRUE(starts_with(results[1].error().message, "stage-party"));
  EXPECT_EQ(detail("WHO-2025-0101").decisions.size(), 1u);
  EXPECT_TRUE(detail("WHO-2025-0102").decisions.empty());
}

TEST_F(ServiceTest, DecideAllSeesEarlierDecisionsOfTheBatch) {
  import_good();
  decide_ok(request("WHO-2025-0101", "referral", "who"));
  // The second differs by its note, so it is not a replay of the first.
  auto again = request("WHO-2025-0101", "acceptance", "egypt");
  again.req.note = "bed confirmed";
  const std::vector<DecideRequest> batch = {request("WHO-2025-0101", "acceptance", "egypt").req,
                                            again.req};
  auto results = svc->decide_all(batch, key("egypt"));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].ok()) << results[0].error().message;
  ASSERT_FALSE(results[1].ok());
  EXPECT_TRUE(starts_with(results[1].error().message, "already-decided"));
  EXPECT_EQ(detail("WHO-2025-0101").decisions.size(), 2u);
}

TEST_F(ServiceTest, GetCaseRefusesUnknownRef) {
  auto r = svc->get_case("WHO-1999-0001");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Errc::not_found);
}

TEST_F(ServiceTest, OpenRefusesMissingDatabase) {
  auto r = Service::open({(dir() / "missing.db").string(), false, std::nullopt}, env);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Errc::not_found);
}

TEST_F(ServiceTest, InitRefusesExistingFile) {
  auto r = Service::init(db_path(), std::nullopt, env);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Errc::conflict);
}

TEST_F(ServiceTest, OpenReadsWhatInitStored) {
  import_good();
  clear_medical("WHO-2025-0101");
  svc.reset();
  auto reopened = Service::open({db_path(), true, std::nullopt}, env);
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  svc = std::move(reopened).value();
  EXPECT_EQ(svc->config().crossing.id, "rafah");
  EXPECT_EQ(svc->list_cases({})->size(), 12u);
  EXPECT_EQ(detail("WHO-2025-0101").view.state, core::CaseState::cleared);
}

}  // namespace
}  // namespace corridor::app
