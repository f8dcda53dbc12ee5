// Figures and reasons respect visibility (issue 13): no count broken down
// by a field a party may not see, no filter by one, and a health-related
// reason ([reasons] medical) only for the parties whose view includes
// medical fields, or that gave it: on the figures, the day's report, the
// case view and the log's statements.

#include <corridor/api/api.hpp>

#include <corridor/api/api_scenario_fixture.hpp>
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

using testing::ApiFigures;
using testing::ApiReasons;
using testing::k_day;
using testing::k_denied;
using testing::k_mismatch;
using testing::k_refused;
using testing::k_turned;

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

// The Log page's statement text (issue 16): a reason the config keeps
// private is sealed in the log itself, so no party's copy of a statement
// names it, and every statement is shown signed, its signature checkable.
TEST_F(ApiReasons, TheLogsStatementsSealAPrivateReason) {
  for (const std::string& ref : {k_turned, k_denied, k_mismatch}) {
    for (const std::string& v : viewers()) {
      SCOPED_TRACE(ref + " " + v);
      const Reply r = call("GET", "/api/v1/log/proof/" + ref, "", tokens[v]);
      ASSERT_EQ(r.status, 200) << r.text;
      for (const char* code : {"too-ill-to-travel", "no-hospital-bed", "identity-mismatch"})
        EXPECT_EQ(r.text.find(code), std::string::npos) << code;
      EXPECT_NE(r.text.find("reason sealed-"), std::string::npos);
      for (const json& s : r.body["statements"]) EXPECT_FALSE(s.contains("withheld")) << s.dump();
      auto report = ledger::verify_proof(r.text, std::nullopt);
      ASSERT_TRUE(report.ok()) << report.error().message;
    }
  }
  // A public reason stays readable: COGAT's security refusal.
  const Reply refused = call("GET", "/api/v1/log/proof/" + k_refused, "", tokens["eubam"]);
  ASSERT_EQ(refused.status, 200) << refused.text;
  EXPECT_NE(refused.text.find("reason security-refusal"), std::string::npos);
}

}  // namespace
}  // namespace corridor::api
