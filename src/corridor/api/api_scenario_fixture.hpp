#pragma once
// The scenario the figures, reasons and leak tests share (test-only): the
// test deployment's referrals imported, every party signed in; and a day
// at the gate (ApiReasons): Egypt refuses one patient for want of a
// hospital bed, COGAT a student for security; the operator turns one
// patient back as too ill to travel and another for an identity mismatch,
// and the day closes.

#include <corridor/api/api_test_fixture.hpp>
#include <corridor/core/config.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace corridor::api::testing {

using nlohmann::json;

inline const core::Date k_day{2025, 11, 25};
inline const std::string k_turned = "WHO-2025-0102";    // turned back at the gate: too ill
inline const std::string k_denied = "WHO-2025-0103";    // refused by Egypt: no hospital bed
inline const std::string k_refused = "MOE-2025-0007";   // refused by COGAT: security
inline const std::string k_mismatch = "WHO-2025-0104";  // turned back: identity mismatch

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

}  // namespace corridor::api::testing
