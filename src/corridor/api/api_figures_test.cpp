// Figures and reasons respect visibility (issue 13): no count broken down
// by a field a party may not see, no filter by one, and a health-related
// reason ([reasons] medical) only for the parties whose view includes
// medical fields, or that gave it: on the figures, the day's report, the
// case view and the log's statements.

#include <corridor/api/api.hpp>

#include <corridor/api/api_test_fixture.hpp>
#include <corridor/core/config.hpp>
#include <corridor/ledger/case_proof.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace corridor::api {
namespace {

using nlohmann::json;
using testing::ApiTest;
using testing::Reply;

const core::Date k_day{2025, 11, 25};
const std::string k_turned = "WHO-2025-0102";    // turned back at the gate: too ill
const std::string k_denied = "WHO-2025-0103";    // refused by Egypt: no hospital bed
const std::string k_refused = "MOE-2025-0007";   // refused by COGAT: security
const std::string k_mismatch = "WHO-2025-0104";  // turned back: identity mismatch

class ApiFigures : public ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    import_good();
    login_all();
  }

  void login_all() {
    for (const core::PartyDef& p : svc->config().parties) tokens[p.id] = login_party(p.id);
    tokens["admin"] = login(std::string(testing::k_admin));
  }

  bool may_see(const std::string& party, std::string_view field) const {
    return svc->config().may_see(party, field);
  }

  std::vector<std::string> viewers() const {
    std::vector<std::string> out;
    for (const core::PartyDef& p : svc->config().parties) out.push_back(p.id);
    out.push_back("admin");
    return out;
  }

  // The party an account acts for ("" for the admin).
  static std::string party_of(const std::string& viewer) { return viewer == "admin" ? "" : viewer; }

  json get(const std::string& target, const std::string& viewer) {
    const Reply r = call("GET", target, "", tokens[viewer]);
    EXPECT_EQ(r.status, 200) << viewer << " " << target << ": " << r.text;
    return r.body;
  }

  std::map<std::string, std::string> tokens;
};

// --- figures -------------------------------------------------------------------

TEST_F(ApiFigures, StatsGiveNoBreakdownByAFieldThePartyMayNotSee) {
  approve(k_turned, "referral", "who");
  for (const std::string& v : viewers()) {
    SCOPED_TRACE(v);
    const std::string party = party_of(v);
    const json st = get("/api/v1/stats", v);
    const json& w = st["waiting"];
    const bool urgency = may_see(party, "urgency");
    EXPECT_EQ(w.contains("by_urgency"), urgency) << w.dump();
    EXPECT_EQ(w.contains("children_by_urgency"), urgency && may_see(party, "date_of_birth"));
    EXPECT_EQ(w.contains("children"), may_see(party, "date_of_birth"));
    // Every total stays: only the breakdowns go.
    EXPECT_EQ(w["total"], 12);
    if (urgency) {
      EXPECT_EQ(w["by_urgency"]["critical"], 1);
      EXPECT_EQ(w["by_urgency"]["life-saving"], 1);
    } else {
      for (const auto& level : svc->config().urgencies)
        EXPECT_EQ(st.dump().find("\"" + level + "\""), std::string::npos) << level;
      const auto withheld = st["withheld"].get<std::vector<std::string>>();
      EXPECT_NE(std::find(withheld.begin(), withheld.end(), "waiting.by_urgency"), withheld.end());
    }
  }
  // The Rafah parties by name: COGAT and EUBAM do not see urgency.
  EXPECT_FALSE(get("/api/v1/stats", "cogat")["waiting"].contains("by_urgency"));
  EXPECT_FALSE(get("/api/v1/stats", "eubam")["waiting"].contains("by_urgency"));
  EXPECT_TRUE(get("/api/v1/stats", "pa")["waiting"].contains("by_urgency"));
}

// Watching a filtered total change would tell a hidden field: the filter is
// refused, not ignored.
TEST_F(ApiFigures, AFilterByAFieldThePartyMayNotSeeIsRefused) {
  approve(k_turned, "referral", "who");
  approve("WHO-2025-0101", "referral", "who");
  for (const std::string& v : viewers()) {
    SCOPED_TRACE(v);
    const std::string party = party_of(v);
    const std::vector<std::string> targets =
        v == "admin" ? std::vector<std::string>{}
                     : std::vector<std::string>{"/api/v1/queue", "/api/v1/cases"};
    for (const std::string& target : targets) {
      const Reply r = call("GET", target + "?urgency=critical", "", tokens[v]);
      if (!may_see(party, "urgency")) {
        EXPECT_EQ(r.status, 403) << target << ": " << r.text;
        EXPECT_EQ(r.problem(), "not-visible") << r.text;
        EXPECT_EQ(r.body.value("field", ""), "urgency");
        EXPECT_FALSE(r.body.contains("total"));
        continue;
      }
      ASSERT_EQ(r.status, 200) << target << ": " << r.text;
      const json& items = r.body[target == "/api/v1/queue" ? "items" : "cases"];
      for (const json& i : items) EXPECT_EQ(i["urgency"], "critical") << i.dump();
      const json all = get(target, v);
      EXPECT_LE(r.body["total"], all["total"]);
    }
  }
  // The WHO's own list: one critical case of twelve.
  EXPECT_EQ(get("/api/v1/cases?urgency=critical", "who")["total"], 1);
  // Egypt's queue holds both referred patients; filtered, the critical one.
  const json egypt = get("/api/v1/queue?urgency=critical", "egypt");
  ASSERT_EQ(egypt["total"], 1) << egypt.dump();
  EXPECT_EQ(egypt["items"][0]["ref"], k_turned);
}

// --- reasons -------------------------------------------------------------------

// A day at the gate: Egypt refuses one patient for want of a hospital bed,
// COGAT a student for security; the operator turns one patient back as too
// ill to travel and another for an identity mismatch, and the day closes.
class ApiReasons : public ApiFigures {
protected:
  void SetUp() override {
    ApiFigures::SetUp();
    if (HasFatalFailure()) return;
    approve(k_denied, "referral", "who");
    auto denied = svc->decide(
        {k_denied, "acceptance", core::Outcome::deny, "no-hospital-bed", "", std::nullopt},
        key("egypt"));
    ASSERT_TRUE(denied.ok()) << denied.error().message;
    approve(k_refused, "registration", "pa");
    auto refused = svc->decide(
        {k_refused, "security", core::Outcome::deny, "security-refusal", "", std::nullopt},
        key("cogat"));
    ASSERT_TRUE(refused.ok()) << refused.error().message;
    approve_everything();
    for (const char* party : {"egypt", "cogat"}) {
      auto opened =
          svc->change_crossing({"open", k_day, k_day, "a test day", std::nullopt}, key(party));
      ASSERT_TRUE(opened.ok()) << opened.error().message;
    }
    ASSERT_TRUE(svc->build_manifest(k_day, core::Direction::exit, key("pa")).ok());
    for (const char* party : {"egypt", "cogat"})
      ASSERT_TRUE(svc->approve_manifest(k_day, core::Direction::exit, key(party)).ok());
    env.set(app::testing::k_start + 16 * app::testing::k_hour);  // 10:00 at the crossing
    app::CheckinRequest back{k_day, "900551268"};
    back.outcome = "turned-back";
    back.reason = "too-ill-to-travel";
    auto turned = svc->checkin(back, key("pa"));
    ASSERT_TRUE(turned.ok()) << turned.error().message;
    env.advance(60);
    back.national_id = "804172658";
    back.reason = "identity-mismatch";
    auto mismatch = svc->checkin(back, key("pa"));
    ASSERT_TRUE(mismatch.ok()) << mismatch.error().message;
    env.advance(60);
    auto crossed = svc->checkin({k_day, "403915820"}, key("pa"));  // the companion
    ASSERT_TRUE(crossed.ok()) << crossed.error().message;
    env.set(app::testing::k_start + 23 * app::testing::k_hour);  // 17:00
    auto closed = svc->close_day(k_day, key("pa"));
    ASSERT_TRUE(closed.ok()) << closed.error().message;
    login_all();  // the clock moved past the sessions' lifetime
  }

  // Every stage of every open case approved, in workflow order.
  void approve_everything() {
    for (int round = 0; round < 3; ++round) {
      auto cases = svc->list_cases({});
      ASSERT_TRUE(cases.ok());
      for (const app::CaseSummary& c : *cases) {
        if (c.state == core::CaseState::denied) continue;
        for (const std::string& stage : c.pending) {
          const core::WorkflowDef* wf = svc->config().workflow_for(c.direction, c.category);
          approve(c.ref, stage, wf->find_stage(stage)->party);
        }
      }
    }
  }

  // Whether `viewer` is to see a reason `signer` gave from a list holding a
  // medical code (docs/api.md): its view includes medical fields
  // (diagnosis), or it gave the reason.
  bool sees_reason(const std::string& viewer, const std::string& signer) const {
    const std::string party = party_of(viewer);
    return !party.empty() && (party == signer || may_see(party, "diagnosis"));
  }
  bool sees_gate_reason(const std::string& viewer) const { return sees_reason(viewer, "pa"); }
};

TEST_F(ApiReasons, TheDayReportWithholdsAMedicalTurnBackReason) {
  const std::string target = "/api/v1/gate/" + k_day.to_string() + "/report";
  for (const std::string& v : viewers()) {
    SCOPED_TRACE(v);
    const Reply r = call("GET", target, "", tokens[v]);
    ASSERT_EQ(r.status, 200) << r.text;
    // The entries stay, so the counts agree; only the reasons are withheld,
    // the identity mismatch's too: "withheld" alone must not mean "too ill".
    ASSERT_EQ(r.body["turned_back"].size(), 2u) << r.text;
    std::map<std::string, std::string> reasons;
    for (const json& t : r.body["turned_back"]) reasons[t["ref"]] = t["reason"];
    const bool sees = sees_gate_reason(v);
    EXPECT_EQ(reasons[k_turned], sees ? "too-ill-to-travel" : "withheld");
    EXPECT_EQ(reasons[k_mismatch], sees ? "identity-mismatch" : "withheld");
    if (!sees) {
      EXPECT_EQ(r.text.find("too-ill"), std::string::npos);
    }
    EXPECT_EQ(r.body["matches_log"], true);
  }
  // Rafah: the WHO and Egypt see medical fields; the PA wrote the reason.
  for (const char* p : {"who", "egypt", "pa"}) EXPECT_TRUE(sees_gate_reason(p)) << p;
  for (const char* p : {"cogat", "eubam", "admin"}) EXPECT_FALSE(sees_gate_reason(p)) << p;
}

TEST_F(ApiReasons, TheCaseViewWithholdsAMedicalDenyReason) {
  for (const std::string& v : viewers()) {
    if (v == "admin") continue;  // an admin reads no case
    SCOPED_TRACE(v);
    const json c = get("/api/v1/cases/" + k_denied, v);
    ASSERT_EQ(c["state"], "denied");
    const json* deny = nullptr;
    for (const json& d : c["decisions"])
      if (d["outcome"] == "deny") deny = &d;
    ASSERT_NE(deny, nullptr) << c.dump();
    EXPECT_EQ((*deny)["party"], "egypt");
    const bool sees = sees_reason(v, "egypt");
    EXPECT_EQ((*deny)["reason"], sees ? "no-hospital-bed" : "withheld");
    const auto withheld = c["withheld"].get<std::vector<std::string>>();
    EXPECT_EQ(std::find(withheld.begin(), withheld.end(), "decision reasons") != withheld.end(),
              !sees);
  }
  EXPECT_EQ(get("/api/v1/cases/" + k_denied, "cogat").dump().find("no-hospital-bed"),
            std::string::npos);
  // A list with no health-related code is shown to every party.
  for (const std::string& v : viewers()) {
    if (v == "admin") continue;
    const json c = get("/api/v1/cases/" + k_refused, v);
    ASSERT_EQ(c["decisions"].back()["outcome"], "deny") << c.dump();
    EXPECT_EQ(c["decisions"].back()["reason"], "security-refusal") << v;
  }
  // Break-glass shows it, and is logged as such.
  const Reply glass = post("/api/v1/cases/" + k_denied + "/break-glass",
                           {{"reason", "the family asks why"}}, tokens["cogat"]);
  ASSERT_EQ(glass.status, 200) << glass.text;
  EXPECT_NE(glass.text.find("no-hospital-bed"), std::string::npos);
}

TEST_F(ApiReasons, TheDashboardCountsAMedicalRefusalAsWithheld) {
  for (const std::string& v : viewers()) {
    SCOPED_TRACE(v);
    const json st = get("/api/v1/stats", v);
    EXPECT_EQ(st["denied"]["total"], 2);
    const bool sees = sees_reason(v, "egypt");
    json expected{{"security:security-refusal", 1}};
    expected[sees ? "acceptance:no-hospital-bed" : "acceptance:withheld"] = 1;
    EXPECT_EQ(st["denied"]["by_reason"], expected);
    // From the referral to the crossing: a figure of the requested dates.
    EXPECT_EQ(st["crossings"].contains("days_to_cross"), may_see(party_of(v), "requested_on"))
        << st["crossings"].dump();
  }
  EXPECT_EQ(get("/api/v1/stats", "cogat")["crossings"]["crossed"], 1);
}

// The Log page's statement text: a statement carrying a reason the party
// may not see is withheld, its inclusion still proven.
TEST_F(ApiReasons, TheLogsStatementsWithholdAMedicalReason) {
  for (const std::string& ref : {k_turned, k_denied}) {
    for (const std::string& v : viewers()) {
      SCOPED_TRACE(ref + " " + v);
      const Reply r = call("GET", "/api/v1/log/proof/" + ref, "", tokens[v]);
      ASSERT_EQ(r.status, 200) << r.text;
      const bool sees = ref == k_turned ? sees_gate_reason(v) : sees_reason(v, "egypt");
      for (const char* code : {"too-ill-to-travel", "no-hospital-bed", "identity-mismatch"})
        if (!sees) {
          EXPECT_EQ(r.text.find(code), std::string::npos) << code;
        }
      int withheld = 0;
      for (const json& s : r.body["statements"]) {
        if (!s.contains("withheld")) continue;
        ++withheld;
        EXPECT_FALSE(s.contains("statement"));
        EXPECT_EQ(s["leaf_hash"].get<std::string>().size(), 64u);
        EXPECT_NE(s["withheld"].get<std::string>().find("withheld"), std::string::npos);
      }
      // The gate statement and the day's report; or Egypt's refusal.
      EXPECT_EQ(withheld, sees ? 0 : (ref == k_turned ? 2 : 1)) << r.text;
      auto report = ledger::verify_proof(r.text, std::nullopt);
      ASSERT_TRUE(report.ok()) << report.error().message;
      int said = 0;
      for (const std::string& line : report->statements)
        said += line.find("withheld from this copy") != std::string::npos;
      EXPECT_EQ(said, withheld);
    }
  }
  // A withheld entry still binds its place in the log: another leaf fails.
  json cogat = call("GET", "/api/v1/log/proof/" + k_turned, "", tokens["cogat"]).body;
  for (json& st : cogat["statements"])
    if (st.contains("withheld")) st["leaf_hash"] = std::string(64, 'a');
  auto forged = ledger::verify_proof(cogat.dump(), std::nullopt);
  ASSERT_FALSE(forged.ok());
  EXPECT_NE(forged.error().message.find("not included"), std::string::npos)
      << forged.error().message;
  const Reply who = call("GET", "/api/v1/log/proof/" + k_turned, "", tokens["who"]);
  EXPECT_NE(who.text.find("reason too-ill-to-travel"), std::string::npos);
}

}  // namespace
}  // namespace corridor::api
