// POST /api/v1/plan: the capacity planner over HTTP. Who may plan, the
// body's errors and limits, one plan at a time, the deadline, a result
// that a seed fixes, and sliders that move the result the right way.
// (Every role against the route: api_test.cpp's authorization matrix.)

#include <corridor/api/api.hpp>

#include <corridor/api/api_test_fixture.hpp>
#include <corridor/plan/scenario.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>

namespace corridor::api {
namespace {

using nlohmann::json;
using testing::ApiTest;
using testing::k_plan_scenario;
using testing::Reply;

const std::string k_route = "/api/v1/plan";

class ApiPlan : public ApiTest {
protected:
  // A plan as `token`: the test scenario unless the body says otherwise.
  Reply plan(json body, const std::string& token) {
    if (!body.contains("scenario")) body["scenario"] = k_plan_scenario;
    return call("POST", k_route, body.dump(), token);
  }
  Reply plan(json body) { return plan(std::move(body), login_party("who")); }

  void expect_invalid(const Reply& r, const std::string& field) {
    EXPECT_EQ(r.status, 422) << r.text;
    EXPECT_EQ(r.problem(), "invalid") << r.text;
    EXPECT_EQ(r.body.value("field", ""), field) << r.text;
  }

  // The Api again, with other options.
  void rebuild(ApiOptions o) { api = std::make_unique<Api>(*svc, *auth, env, std::move(o)); }
};

TEST_F(ApiPlan, AnyAccountPlansAndGetsTheScenarioItRanAndItsResult) {
  for (const std::string name :
       {officer("who"), officer("cogat"), officer("eubam"), std::string(testing::k_admin)}) {
    SCOPED_TRACE(name);
    const Reply r = plan({{"runs", 20}, {"days", 60}, {"seed", 7}}, login(name));
    ASSERT_EQ(r.status, 200) << r.text;
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    ASSERT_TRUE(r.body["scenario"].is_string());
    auto ran = plan::parse_scenario(r.body["scenario"].get<std::string>(), "answer");
    ASSERT_TRUE(ran.ok()) << ran.error().message;
    EXPECT_EQ(ran->name, "api-test");
    const json& result = r.body["result"];
    EXPECT_EQ(result["format"], "corridor-plan-result/v1");
    EXPECT_EQ(result["runs"], 20);
    EXPECT_EQ(result["days"], 60);
    EXPECT_EQ(result["seed"], 7);
    EXPECT_EQ(result["backlog"]["patients"], 5000);
    EXPECT_TRUE(result["clear_days"].contains("all"));
  }
}

// Without a scenario, the server calibrates one from its own log (as
// `corridor plan calibrate` does) and answers it with the result.
TEST_F(ApiPlan, WithoutAScenarioTheDeploymentIsCalibrated) {
  import_good();
  const std::string token = login_party("who");
  const Reply r = call("POST", k_route, json{{"runs", 10}, {"days", 30}}.dump(), token);
  ASSERT_EQ(r.status, 200) << r.text;
  auto s = plan::parse_scenario(r.body["scenario"].get<std::string>(), "answer");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_FALSE(s->stages.empty());
  EXPECT_FALSE(s->calibration.empty()) << "each parameter's sample size and interval";
  EXPECT_EQ(r.body["result"]["runs"], 10);
  // The same with a slider, and from a day of the log.
  const Reply changed = call(
      "POST", k_route,
      json{{"runs", 10}, {"days", 30}, {"since", "2025-01-01"}, {"set", {{"patient_places", 7}}}}
          .dump(),
      token);
  ASSERT_EQ(changed.status, 200) << changed.text;
  auto c = plan::parse_scenario(changed.body["scenario"].get<std::string>(), "answer");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->crossing.patient_places, 7);
  // A since after today is the calibration's own refusal, naming since.
  const Reply future =
      call("POST", k_route, json{{"runs", 10}, {"since", "2099-01-01"}}.dump(), token);
  expect_invalid(future, "since");
}

// A party that may not see urgency (COGAT, EUBAM, an admin) plans on the
// calibrated deployment too, but is shown neither the calibrated scenario
// (its backlog and counts by urgency) nor any figure by urgency: small
// counts by urgency beside its own queue would tell a person's urgency.
// The sliders' settings still come, and a scenario it sent is its own.
TEST_F(ApiPlan, APartyThatMayNotSeeUrgencyGetsNothingByUrgencyOfTheDeployment) {
  import_good();
  const json body{{"runs", 10}, {"days", 30}, {"set", {{"patient_places", 7}}}};
  const Reply who = call("POST", k_route, body.dump(), login_party("who"));
  ASSERT_EQ(who.status, 200) << who.text;
  EXPECT_TRUE(who.body["scenario"].is_string());
  EXPECT_EQ(who.body["withheld"], json::array());
  EXPECT_TRUE(who.body["result"]["backlog"].contains("by_urgency"));
  EXPECT_FALSE(who.body["result"]["urgencies"].empty());
  for (const std::string party : {"cogat", "eubam"}) {
    SCOPED_TRACE(party);
    const Reply r = call("POST", k_route, body.dump(), login_party(party));
    ASSERT_EQ(r.status, 200) << r.text;
    EXPECT_TRUE(r.body["scenario"].is_null()) << r.text;
    EXPECT_EQ(r.body["withheld"][0], "scenario");
    const json& res = r.body["result"];
    EXPECT_EQ(res["urgencies"], json::array());
    EXPECT_FALSE(res["backlog"].contains("by_urgency"));
    EXPECT_FALSE(res["deaths"].contains("by_urgency"));
    EXPECT_FALSE(res.contains("wait_days"));
    ASSERT_EQ(res["clear_days"].size(), 1u);
    EXPECT_TRUE(res["clear_days"].contains("all"));
    for (const auto& u : who.body["result"]["urgencies"])
      EXPECT_EQ(r.text.find("\"" + u.get<std::string>() + "\""), std::string::npos) << u;
    // The same totals as the WHO's, and the sliders' settings.
    EXPECT_EQ(res["backlog"]["patients"], who.body["result"]["backlog"]["patients"]);
    EXPECT_EQ(r.body["controls"]["crossing"]["patient_places"], 7);
    EXPECT_FALSE(r.body["controls"]["stages"].empty());
  }
  // Its own scenario is its own: nothing withheld.
  const Reply own = plan({{"runs", 10}, {"days", 30}}, login_party("cogat"));
  ASSERT_EQ(own.status, 200) << own.text;
  EXPECT_TRUE(own.body["scenario"].is_string());
  EXPECT_EQ(own.body["withheld"], json::array());
}

TEST_F(ApiPlan, AnonymousMayNotPlan) {
  const Reply r = call("POST", k_route, json{{"scenario", k_plan_scenario}}.dump());
  EXPECT_EQ(r.status, 401) << r.text;
  EXPECT_EQ(r.problem(), "no-session");
}

TEST_F(ApiPlan, TheSameSeedGivesTheSameResult) {
  const json body{{"runs", 40}, {"days", 120}, {"seed", 11}};
  const Reply a = plan(body);
  const Reply b = plan(body);
  ASSERT_EQ(a.status, 200) << a.text;
  EXPECT_EQ(a.text, b.text);
  const Reply other = plan({{"runs", 40}, {"days", 120}, {"seed", 12}});
  ASSERT_EQ(other.status, 200) << other.text;
  EXPECT_NE(other.body["result"]["deaths"], a.body["result"]["deaths"]);
}

TEST_F(ApiPlan, TwoHundredPlacesADayClearTheBacklogSoonerThanFifty) {
  const json base{{"runs", 30}, {"days", 300}, {"seed", 3}};
  json faster = base;
  faster["set"] = {{"patient_places", 200}};
  const Reply at50 = plan(base);
  const Reply at200 = plan(faster);
  ASSERT_EQ(at50.status, 200) << at50.text;
  ASSERT_EQ(at200.status, 200) << at200.text;
  const json& slow = at50.body["result"];
  const json& fast = at200.body["result"];
  ASSERT_TRUE(fast["clear_days"]["all"]["p50"].is_number()) << fast["clear_days"].dump();
  // 5,000 patients at 50 a day need 100 days, less the few who die
  // waiting; at 200 a day about 25.
  ASSERT_TRUE(slow["clear_days"]["all"]["p10"].is_number()) << slow["clear_days"].dump();
  EXPECT_GE(slow["clear_days"]["all"]["p10"].get<double>(), 90);
  EXPECT_LE(fast["clear_days"]["all"]["p90"].get<double>(), 40);
  EXPECT_LT(fast["clear_days"]["all"]["p90"].get<double>(),
            slow["clear_days"]["all"]["p10"].get<double>());
  EXPECT_LT(fast["deaths"]["mean"].get<double>(), slow["deaths"]["mean"].get<double>());
  // The answer's scenario is the one that ran: with the change applied.
  auto ran = plan::parse_scenario(at200.body["scenario"].get<std::string>(), "answer");
  ASSERT_TRUE(ran.ok()) << ran.error().message;
  EXPECT_EQ(ran->crossing.patient_places, 200);
}

TEST_F(ApiPlan, EachSliderReachesTheScenario) {
  const Reply r = plan({{"runs", 2},
                        {"days", 10},
                        {"set",
                         {{"days_open_per_week", 5},
                          {"suspend_probability", 0.25},
                          {"equal_in_out", true},
                          {"companion_places", 150},
                          {"min_days", {{"security", 9}}},
                          {"capacity_per_day", {{"referral", 33.5}}}}}});
  ASSERT_EQ(r.status, 200) << r.text;
  auto s = plan::parse_scenario(r.body["scenario"].get<std::string>(), "answer");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->crossing.open_weekdays, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_DOUBLE_EQ(s->crossing.suspend_probability, 0.25);
  EXPECT_TRUE(s->crossing.equal_in_out);
  EXPECT_EQ(s->crossing.companion_places, 150);
  EXPECT_EQ(s->stages[1].min_days, 9);
  EXPECT_DOUBLE_EQ(s->stages[0].capacity_per_day, 33.5);
}

TEST_F(ApiPlan, ABadBodyIsRefusedNamingTheField) {
  const std::string token = login_party("who");
  auto raw = [&](const std::string& body) { return call("POST", k_route, body, token); };
  expect_invalid(raw("not json"), "body");
  expect_invalid(raw("[]"), "body");
  expect_invalid(plan({{"runz", 10}}, token), "runz");
  expect_invalid(plan({{"runs", "ten"}}, token), "runs");
  expect_invalid(plan({{"runs", 1.5}}, token), "runs");
  expect_invalid(plan({{"days", -1}}, token), "days");
  expect_invalid(plan({{"seed", -1}}, token), "seed");
  expect_invalid(plan({{"scenario", 5}}, token), "scenario");
  expect_invalid(plan({{"scenario", ""}}, token), "scenario");
  expect_invalid(plan({{"since", "2026-01-01"}}, token), "since");
  expect_invalid(raw(json{{"since", "yesterday"}}.dump()), "since");
  expect_invalid(plan({{"set", {{"patient_places", "many"}}}}, token), "set.patient_places");
  expect_invalid(plan({{"set", {{"equal_in_out", 1}}}}, token), "set.equal_in_out");
  expect_invalid(plan({{"set", {{"speed", 1}}}}, token), "set.speed");
  expect_invalid(plan({{"set", {{"min_days", {{"security", "x"}}}}}}, token),
                 "set.min_days.security");
  expect_invalid(plan({{"set", 3}}, token), "set");
  // The scenario's own checks name the key inside it.
  const Reply toml =
      plan({{"scenario", "format = \"corridor-plan-scenario/v1\"\nname = 3\n"}}, token);
  EXPECT_EQ(toml.status, 422) << toml.text;
  EXPECT_EQ(toml.body.value("field", "").rfind("scenario", 0), 0u) << toml.text;
  // plan::apply_changes's: an unknown stage, a range.
  const Reply stage = plan({{"set", {{"min_days", {{"nosuch", 3}}}}}}, token);
  EXPECT_EQ(stage.status, 422) << stage.text;
  EXPECT_EQ(stage.body.value("field", "").rfind("set.min_days", 0), 0u) << stage.text;
  const Reply week = plan({{"set", {{"days_open_per_week", 8}}}}, token);
  EXPECT_EQ(week.status, 422) << week.text;
  EXPECT_EQ(week.body.value("field", "").rfind("set.days_open_per_week", 0), 0u) << week.text;
}

TEST_F(ApiPlan, TheLimitsBoundOnePlansWork) {
  const std::string token = login_party("who");
  expect_invalid(plan({{"runs", 0}}, token), "runs");
  expect_invalid(plan({{"runs", 10001}}, token), "runs");
  expect_invalid(plan({{"days", 0}}, token), "days");
  expect_invalid(plan({{"days", 1096}}, token), "days");
  expect_invalid(plan({{"runs", 10000}, {"days", 731}}, token), "runs");  // 7,310,000
  expect_invalid(plan({{"runs", 1}, {"scenario", std::string((8 << 20) + 1, '#')}}, token),
                 "scenario");
  // At the limits exactly, the body is accepted (a tiny horizon keeps it quick).
  EXPECT_EQ(plan({{"runs", 10000}, {"days", 1}}, token).status, 200);
  EXPECT_EQ(plan({{"runs", 1}, {"days", 1095}}, token).status, 200);
}

// One plan at a time: a second request while one runs gets 503 with
// Retry-After, and the slot is free again once the first ends.
TEST_F(ApiPlan, ASecondPlanWhileOneRunsIsTurnedAway) {
  std::mutex m;
  std::condition_variable cv;
  bool inside = false, go_on = false;
  ApiOptions o;
  o.plan_progress = [&](int) {
    std::unique_lock lock(m);
    inside = true;
    cv.notify_all();
    cv.wait(lock, [&] { return go_on; });
  };
  rebuild(std::move(o));
  const std::string first_token = login_party("who");
  const std::string second_token = login_party("egypt");
  auto first = std::async(std::launch::async, [&] {
    return plan({{"runs", 3}, {"days", 20}}, first_token);
  });
  {
    std::unique_lock lock(m);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return inside; }));
  }
  const Reply busy = plan({{"runs", 3}, {"days", 20}}, second_token);
  EXPECT_EQ(busy.status, 503) << busy.text;
  EXPECT_EQ(busy.problem(), "plan-busy");
  EXPECT_EQ(busy.header("Retry-After"), "1");
  {
    std::lock_guard lock(m);
    go_on = true;
  }
  cv.notify_all();
  EXPECT_EQ(first.get().status, 200);
  EXPECT_EQ(plan({{"runs", 3}, {"days", 20}}, second_token).status, 200);
}

TEST_F(ApiPlan, APlanOverItsDeadlineIsStopped) {
  ApiOptions o;
  o.plan_deadline = std::chrono::milliseconds(0);
  o.plan_progress = [](int) { std::this_thread::sleep_for(std::chrono::milliseconds(2)); };
  rebuild(std::move(o));
  const Reply r = plan({{"runs", 50}, {"days", 30}});
  EXPECT_EQ(r.status, 503) << r.text;
  EXPECT_EQ(r.problem(), "plan-timeout");
  // And the slot is free: the next plan (a deadline it meets) runs.
  ApiOptions roomy;
  rebuild(std::move(roomy));
  EXPECT_EQ(plan({{"runs", 2}, {"days", 10}}).status, 200);
}

TEST_F(ApiPlan, AServerShuttingDownStopsItsPlan) {
  ApiOptions o;
  Api* self = nullptr;
  o.plan_progress = [&self](int) { self->set_ready(false); };
  rebuild(std::move(o));
  self = api.get();
  const Reply r = plan({{"runs", 50}, {"days", 30}});
  EXPECT_EQ(r.status, 503) << r.text;
  EXPECT_EQ(r.problem(), "shutting-down");
}

}  // namespace
}  // namespace corridor::api
