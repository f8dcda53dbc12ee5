// Amendments have an owner (config [[amend]], rule amend-party) on every
// path: drafting, a statement signed elsewhere, and replay by rebuild; and
// the private fields they change (urgency, diagnosis, phone) replay exactly.

#include <corridor/app/apply.hpp>

#include <corridor/app/service.hpp>
#include <corridor/app/test_deployment.hpp>
#include <corridor/core/config.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace corridor::app {
namespace {

using testing::k_hour;
using testing::k_officer;

// Rows of tests/data/good.csv by ref, and its header.
std::map<std::string, std::string> good_rows(std::string& header) {
  auto data = read_file(CORRIDOR_SOURCE_DIR "/tests/data/good.csv");
  if (!data) throw std::runtime_error(data.error().message);
  std::istringstream in(*data);
  std::map<std::string, std::string> rows;
  std::getline(in, header);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) rows[line.substr(0, line.find(','))] = line;
  return rows;
}

// A valid new value of each amendable field, unlike every case's in good.csv.
const std::map<std::string, std::string> k_new_values{
    {"name_ar", "اسم جديد"},     {"name_en", "A New Name"},       {"national_id", "123456789"},
    {"passport_no", "P9876543"}, {"date_of_birth", "2016-04-13"}, {"sex", "F"},
    {"nationality", "EGY"},      {"phone", "+970 59 000 0001"},   {"urgency", "routine"},
    {"diagnosis", "neurology"}};

// WHO-2025-0101 and -0102 (with companions) registered by the WHO;
// WHO-2025-0103 (a medical case too) by the crossings authority.
class AmendTest : public testing::DeploymentTest {
protected:
  void SetUp() override {
    DeploymentTest::SetUp();
    if (HasFatalFailure()) return;
    std::string header;
    auto rows = good_rows(header);
    import_as("who", header + "\n" + rows.at("WHO-2025-0101") + "\n" + rows.at("WHO-2025-0101-C1") +
                         "\n" + rows.at("WHO-2025-0102") + "\n");
    import_as("pa", header + "\n" + rows.at("WHO-2025-0103") + "\n");
    env.advance(k_hour);
  }

  void import_as(const std::string& party, const std::string& csv) {
    auto rep = svc->import_csv(party + ".csv", csv, false, key(party));
    ASSERT_TRUE(rep.ok()) << rep.error().message;
    ASSERT_TRUE(rep->committed) << party << ": " << rep->errors.size() << " row errors";
  }

  core::Result<Prepared<AmendReport>> draft(const std::string& party, const std::string& ref,
                                            const std::string& field, const std::string& value) {
    return svc->prepare_amend({ref, {{field, value}}}, key(party).public_key());
  }

  CaseDetail detail(const std::string& ref) {
    auto d = svc->get_case(ref);
    if (!d) throw std::runtime_error(d.error().message);
    return std::move(d).value();
  }

  // An amendment statement of private fields only, signed by `party`.
  std::string foreign_amendment(const std::string& party, const std::string& ref,
                                std::vector<std::string> fields) {
    ledger::Statement s;
    s.log = svc->config().log.origin;
    s.time = env.now();
    s.party = party;
    s.officer = k_officer;
    s.case_ref = testing::public_id(*svc, ref);
    const core::Hash256 snapshot = detail(ref).record.snapshot;
    s.body = ledger::Amendment{std::move(fields), snapshot, snapshot};
    auto body = ledger::format_statement(s);
    if (!body) throw std::runtime_error(body.error().message);
    return ledger::format_note({*body, {ledger::sign_note_text(*body, key(party))}});
  }

  core::Date today_plus(int days) { return svc->today().plus_days(days); }

  void decide_referral() {
    DecideRequest r{"WHO-2025-0101", "referral", core::Outcome::approve, "", "", std::nullopt};
    auto d = svc->decide(r, key("who"));
    ASSERT_TRUE(d.ok()) << d.error().message;
  }

  std::string stored_config() {
    auto db = store::Database::open(db_path(), store::OpenMode::read_only);
    if (!db) throw std::runtime_error(db.error().message);
    auto text = store::get_meta(*db, "config");
    if (!text || !*text) throw std::runtime_error("no stored config");
    return **text;
  }

  // Closes the Service, stores `config` as the deployment's, and opens it
  // again: a config changed behind the log's back.
  void reopen_with(const std::string& config) {
    svc.reset();
    {
      auto db = store::Database::open(db_path(), store::OpenMode::read_write);
      ASSERT_TRUE(db.ok()) << db.error().message;
      ASSERT_TRUE(store::set_meta(*db, "config", config).ok());
    }
    auto opened = Service::open(OpenOptions{db_path()}, env);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    svc = std::move(opened).value();
  }

  core::Hash256 digest() {
    auto db = svc->reader();
    if (!db) throw std::runtime_error(db.error().message);
    auto d = store::projection_digest(**db);
    if (!d) throw std::runtime_error(d.error().message);
    return *d;
  }
};

bool allowed(const std::string& party, const std::string& field, const std::string& registrant) {
  if (party == "pa") return field != "urgency" && field != "diagnosis";
  if (party == "who")
    return registrant == "who" && (field == "urgency" || field == "diagnosis" || field == "phone");
  return false;
}

// Every party, every amendable field, a case of each registrant: a draft is
// made exactly where [[amend]] allows it; elsewhere amend-party names the
// field, before any value is compared.
TEST_F(AmendTest, DraftsOnlyWhatTheAmendTableAllows) {
  for (const core::PartyDef& p : svc->config().parties)
    for (const auto& [field, value] : k_new_values)
      for (const auto& [ref, registrant] :
           std::map<std::string, std::string>{{"WHO-2025-0101", "who"}, {"WHO-2025-0103", "pa"}}) {
        std::string v = value;
        if (field == "sex")  // the other one
          v = core::to_string(detail(ref).record.person.sex) == "F" ? "M" : "F";
        auto d = draft(p.id, ref, field, v);
        const std::string what = p.id + " " + field + " on " + ref;
        if (allowed(p.id, field, registrant)) {
          EXPECT_TRUE(d.ok()) << what << ": " << d.error().message;
          continue;
        }
        ASSERT_FALSE(d.ok()) << what << ": drafted";
        EXPECT_EQ(d.error().code, core::Errc::refused) << what;
        EXPECT_EQ(d.error().rule, "amend-party") << what;
        EXPECT_EQ(d.error().field, field) << what;
        EXPECT_EQ(d.error().message.rfind("amend-party: " + field + ": ", 0), 0u)
            << what << ": " << d.error().message;
      }
}

// The oracle of issue 13: cogat guessing a phone number it cannot see got
// "nothing changes" for a right guess. Now a right and a wrong guess get
// the same refusal.
TEST_F(AmendTest, ARefusalSaysNothingAboutTheValue) {
  const std::string phone = detail("WHO-2025-0101").record.person.phone;
  auto right = draft("cogat", "WHO-2025-0101", "phone", phone);
  auto wrong = draft("cogat", "WHO-2025-0101", "phone", "+970 59 999 9999");
  ASSERT_FALSE(right.ok());
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(right.error().code, wrong.error().code);
  EXPECT_EQ(right.error().message, wrong.error().message);
  // Also for a mix: one allowed field does not let a forbidden one through.
  auto mixed = svc->prepare_amend({"WHO-2025-0101", {{"name_en", "X Y"}, {"urgency", "routine"}}},
                                  key("pa").public_key());
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().message.rfind("amend-party: urgency: ", 0), 0u);
}

TEST_F(AmendTest, RefusesAStatementSignedElsewhereByAPartyThatMayNotAmend) {
  const std::uint64_t before = *svc->log_size();
  for (const auto& [party, ref, field] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"cogat", "WHO-2025-0101", "phone"},
           {"eubam", "WHO-2025-0101", "phone"},
           {"egypt", "WHO-2025-0101", "diagnosis"},
           {"who", "WHO-2025-0103", "urgency"},  // registered by pa
           {"pa", "WHO-2025-0101", "urgency"}}) {
    auto r = svc->submit(foreign_amendment(party, ref, {field}));
    ASSERT_FALSE(r.ok()) << party << " " << field << ": accepted";
    EXPECT_EQ(r.error().code, core::Errc::refused);
    EXPECT_EQ(r.error().rule, "amend-party");
    EXPECT_EQ(r.error().field, field);
    EXPECT_EQ(r.error().message.rfind("amend-party: " + field + ": ", 0), 0u) << r.error().message;
  }
  EXPECT_EQ(*svc->log_size(), before);
  // Allowed ones still go through.
  EXPECT_TRUE(svc->submit(foreign_amendment("who", "WHO-2025-0101", {"phone"})).ok());
  EXPECT_TRUE(svc->submit(foreign_amendment("pa", "WHO-2025-0103", {"phone"})).ok());
}

TEST_F(AmendTest, TheWhoAmendsUrgencyAndDiagnosisWithoutANewSnapshot) {
  decide_referral();
  const CaseDetail old = detail("WHO-2025-0101");
  auto r = svc->amend({"WHO-2025-0101", {{"urgency", "routine"}, {"diagnosis", "neurology"}}},
                      key("who"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->fields, (std::vector<std::string>{"urgency", "diagnosis"}));
  EXPECT_TRUE(r->now_stale.empty());
  const CaseDetail now = detail("WHO-2025-0101");
  EXPECT_EQ(now.record.urgency, "routine");
  EXPECT_EQ(now.record.diagnosis, "neurology");
  EXPECT_EQ(now.record.snapshot, old.record.snapshot);
  EXPECT_EQ(now.view.stages[0].status, core::StageStatus::approved);
  // The rules of docs/csv.md hold.
  auto bad =
      svc->prepare_amend({"WHO-2025-0101", {{"urgency", "whenever"}}}, key("who").public_key());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, core::Errc::bad_input);
  auto companion =
      svc->prepare_amend({"WHO-2025-0101-C1", {{"urgency", "critical"}}}, key("who").public_key());
  ASSERT_FALSE(companion.ok());
  EXPECT_EQ(companion.error().code, core::Errc::bad_input) << companion.error().message;
}

// Replay sees each private value while it held, and ends where the live
// tables are.
TEST_F(AmendTest, RebuildReplaysPrivateAmendmentsExactly) {
  // A second apart: the same party's amendment of the same field in the
  // same second would be the very same statement text (a replay).
  for (const auto& [party, ref, field, value] :
       std::vector<std::tuple<std::string, std::string, std::string, std::string>>{
           {"who", "WHO-2025-0101", "urgency", "routine"},
           {"pa", "WHO-2025-0101", "phone", "+970 59 000 0002"},
           {"who", "WHO-2025-0101", "urgency", "critical"},
           {"pa", "WHO-2025-0103", "name_en", "Someone Else"}}) {
    env.advance(1);
    auto a = svc->amend({ref, {{field, value}}}, key(party));
    ASSERT_TRUE(a.ok()) << party << " " << field << ": " << a.error().message;
  }
  const core::Hash256 live = digest();
  auto r = svc->rebuild(false);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->before, live);
  EXPECT_EQ(r->after, live);
  EXPECT_EQ(detail("WHO-2025-0101").record.urgency, "critical");
}

// Urgency orders the manifests, and the store checks each manifest against
// the policy again when it replays it. An urgency amended after a manifest
// must not change that manifest's replay: it sees the urgency it had.
TEST_F(AmendTest, AManifestBuiltBeforeAnUrgencyAmendmentReplays) {
  for (int round = 0; round < 3; ++round) {
    auto all = svc->list_cases({});
    ASSERT_TRUE(all.ok());
    for (const CaseSummary& c : *all)
      for (const std::string& stage : c.pending) {
        const core::WorkflowDef* wf = svc->config().workflow_for(c.direction, c.category);
        auto d = svc->decide({c.ref, stage, core::Outcome::approve, "", "", std::nullopt},
                             key(wf->find_stage(stage)->party));
        ASSERT_TRUE(d.ok()) << c.ref << " " << stage << ": " << d.error().message;
      }
  }
  auto cap = core::parse_capacity("exit/medical=1,exit/companion=2");
  ASSERT_TRUE(cap.ok());
  const core::Date tomorrow = today_plus(1);
  for (const char* party : {"egypt", "cogat"}) {
    auto opened = svc->change_crossing({"open", tomorrow, tomorrow, "test", *cap}, key(party));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
  }
  auto m = svc->build_manifest(tomorrow, core::Direction::exit, key("pa"));
  ASSERT_TRUE(m.ok()) << m.error().message;
  ASSERT_EQ(m->lines.at(0).ref, "WHO-2025-0101");  // life-saving
  env.advance(60);
  ASSERT_TRUE(svc->amend({"WHO-2025-0101", {{"urgency", "routine"}}}, key("who")).ok());
  env.advance(60);
  auto plan = svc->plan_manifest(tomorrow, core::Direction::exit);
  ASSERT_TRUE(plan.ok());
  ASSERT_NE(plan->lines.at(0).ref, "WHO-2025-0101");  // the amendment moved it down
  const core::Hash256 live = digest();
  auto r = svc->rebuild(false);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->after, live);
}

// A statement that a config once allowed is refused by a replay under one
// that does not: rebuild names amend-party and the field.
TEST_F(AmendTest, RebuildRefusesAnAmendmentTheConfigDoesNotAllow) {
  const std::string rafah = stored_config();
  std::string lax = rafah;
  const std::string cogat_sees = "cogat = [\"ref\", ";
  lax.replace(lax.find(cogat_sees), cogat_sees.size(), "cogat = [\"phone\", \"ref\", ");
  lax += "\n[[amend]]\nparty = \"cogat\"\nfields = [\"phone\"]\n";
  ASSERT_NO_FATAL_FAILURE(reopen_with(lax));
  auto amended = svc->amend({"WHO-2025-0101", {{"phone", "+970 59 000 0003"}}}, key("cogat"));
  ASSERT_TRUE(amended.ok()) << amended.error().message;
  ASSERT_NO_FATAL_FAILURE(reopen_with(rafah));
  auto r = svc->rebuild(true);
  ASSERT_FALSE(r.ok()) << "replayed";
  EXPECT_NE(r.error().message.find("does not replay: amend-party: phone: "), std::string::npos)
      << r.error().message;
}

}  // namespace
}  // namespace corridor::app
