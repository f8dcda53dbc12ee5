#pragma once
// For the API's tests only: a fresh deployment (app::testing::DeploymentTest)
// with an Api in front of it, an account per party and an admin, and helpers
// that speak HTTP to Api::handle() without a socket.
//
// Account names are unique across parties, so each party's officer is
// "<party>-officer" (not the deployment's "officer-1"): a signing key of
// that name is registered for it and replaces the party's entry in `keys`,
// so key(party) is always the signed-in officer's key. The monitor party's
// account has Role::monitor; "admin-1" is an admin.

#include <corridor/api/api.hpp>
#include <corridor/api/auth.hpp>
#include <corridor/api/http.hpp>
#include <corridor/app/test_deployment.hpp>
#include <corridor/ledger/key.hpp>
#include <corridor/ledger/note.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace corridor::api::testing {

inline constexpr std::string_view k_password = "a password for tests";
inline constexpr std::string_view k_admin = "admin-1";
inline constexpr std::string_view k_peer = "192.0.2.10";

// A small planning scenario (docs/planner.md) for POST /api/v1/plan: 5,000
// cleared patients, no referrals, two stages, a crossing open every day
// with 50 patient places and no randomness but the deaths.
inline constexpr std::string_view k_plan_scenario = R"(format = "corridor-plan-scenario/v1"
name = "api-test"
start = "2026-12-06"
description = "tests"

[crossing]
open_weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
suspend_probability = 0.0
suspend_repeat = 0.0
patient_places = 50
companion_places = 100
total_places = 0
equal_in_out = false
entry_per_day = 0.0
entry_places = 50
standby = 0
no_show = 0.0
turn_back = 0.0
companions = [1.0]

[priority]
urgency_points = 1000
points_per_day = 5
max_aging_points = 1500
child_points = 100

[[class]]
urgency = "critical"
referrals_per_day = 0.0
child_share = 0.0
death_hazard = 0.001

[[class]]
urgency = "routine"
referrals_per_day = 2.0
child_share = 0.2
death_hazard = 0.0001

[[stage]]
id = "referral"
party = "who"
step = 1
min_days = 1
capacity_per_day = 20.0
approve = 1.0
deny = 0.0

[[stage]]
id = "security"
party = "cogat"
step = 2
min_days = 2
capacity_per_day = 20.0
approve = 0.9
deny = 0.05

[[backlog]]
urgency = "critical"
child = false
pending = []
waiting_since = "2026-10-01"
count = 3000

[[backlog]]
urgency = "routine"
child = true
pending = []
waiting_since = "2026-09-01"
count = 2000
)";

// What Api::handle answered, with the body parsed when it is JSON.
struct Reply {
  int status = 0;
  Headers headers;
  std::string text;
  nlohmann::json body;  // null unless the body is JSON

  std::string header(std::string_view name) const {
    return std::string(headers.get(name).value_or(""));
  }
  // The problem's type without its prefix ("forbidden"), "" if none.
  std::string problem() const {
    if (!body.is_object() || !body.contains("type") || !body["type"].is_string()) return "";
    const std::string type = body["type"];
    const std::string prefix = "urn:corridor:problem:";
    return type.rfind(prefix, 0) == 0 ? type.substr(prefix.size()) : type;
  }
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

class ApiTest : public app::testing::DeploymentTest {
protected:
  void SetUp() override {
    DeploymentTest::SetUp();
    if (HasFatalFailure()) return;
    auth = std::make_unique<Auth>(*svc, env, AuthOptions{.fast_hash_for_tests = true});
    api = std::make_unique<Api>(*svc, *auth, env);
    const std::string& monitor = svc->config().manifest.monitor;
    for (const core::PartyDef& p : svc->config().parties) {
      const std::string name = officer(p.id);
      auto k = new_key(p.id + "/" + name, ledger::KeyType::ed25519);
      auto added = svc->add_officer(p.id, name, ledger::format_vkey(k.public_key()));
      ASSERT_TRUE(added.ok()) << added.error().message;
      keys.insert_or_assign(p.id, std::move(k));
      const Role role = p.id == monitor ? Role::monitor : Role::officer;
      auto account = auth->add_account(name, role, p.id, k_password);
      ASSERT_TRUE(account.ok()) << account.error().message;
    }
    auto admin = auth->add_account(k_admin, Role::admin, "", k_password);
    ASSERT_TRUE(admin.ok()) << admin.error().message;
  }

  void TearDown() override {
    api.reset();
    auth.reset();
    DeploymentTest::TearDown();
  }

  // The account name of a party's officer.
  static std::string officer(const std::string& party) { return party + "-officer"; }

  Reply call(std::string method, std::string target, std::string body = "",
             const std::string& token = "", const HeaderList& extra = {}) {
    Request req;
    req.method = std::move(method);
    req.target = std::move(target);
    req.body = std::move(body);
    req.peer = std::string(k_peer);
    if (!req.body.empty()) req.headers.set("Content-Type", "application/json");
    if (!token.empty()) req.headers.set("Authorization", "Bearer " + token);
    for (const auto& [name, value] : extra) req.headers.add(name, value);
    Response res = api->handle(req);
    Reply out{res.status, std::move(res.headers), std::move(res.body), nullptr};
    out.body = nlohmann::json::parse(out.text, nullptr, false);
    if (out.body.is_discarded()) out.body = nullptr;
    return out;
  }

  // A state-changing request with a fresh Idempotency-Key (or `key`).
  Reply post(const std::string& target, const nlohmann::json& body, const std::string& token,
             std::string key = "", HeaderList extra = {}) {
    extra.emplace_back("Idempotency-Key", key.empty() ? fresh_key() : std::move(key));
    return call("POST", target, body.dump(), token, extra);
  }

  std::string fresh_key() { return "key-" + std::to_string(++m_keys); }

  // Logs in with a bearer token; "" (and a test failure) if refused.
  std::string login(const std::string& name) {
    nlohmann::json body{{"name", name}, {"password", k_password}, {"bearer", true}};
    Reply r = call("POST", "/api/v1/session", body.dump());
    EXPECT_EQ(r.status, 201) << name << ": " << r.text;
    if (r.status != 201 || !r.body.contains("token")) return "";
    return r.body["token"].get<std::string>();
  }
  std::string login_party(const std::string& party) { return login(officer(party)); }

  // Each body of a draft (201 {"sign": [...]}) signed with `key`.
  static std::vector<std::string> sign_draft(const nlohmann::json& draft,
                                             const ledger::PrivateKey& key) {
    std::vector<std::string> notes;
    for (const auto& b : draft.at("sign")) {
      const std::string text = b.get<std::string>();
      notes.push_back(ledger::format_note({text, {ledger::sign_note_text(text, key)}}));
    }
    return notes;
  }

  // Signs a draft with the party's key and commits it to its commit URL.
  Reply sign_and_commit(const Reply& draft, const std::string& party, const std::string& token,
                        std::string idempotency_key = "") {
    EXPECT_EQ(draft.status, 201) << draft.text;
    if (draft.status != 201) return draft;
    return commit(draft, sign_draft(draft.body, key(party)), token, std::move(idempotency_key));
  }

  Reply commit(const Reply& draft, const std::vector<std::string>& notes, const std::string& token,
               std::string idempotency_key = "") {
    return post(draft.body.at("commit").get<std::string>(), {{"notes", notes}}, token,
                std::move(idempotency_key));
  }

  // Drafts a decision about `ref` for the token's officer.
  Reply draft_decision(const std::string& ref, const std::string& stage, const std::string& token,
                       const std::string& outcome = "approve", HeaderList extra = {}) {
    nlohmann::json body{{"stage", stage}, {"outcome", outcome}};
    return call("POST", "/api/v1/cases/" + ref + "/decisions", body.dump(), token, extra);
  }

  // The size of the log's latest checkpoint (its second line).
  std::uint64_t log_size() {
    Reply r = call("GET", "/api/v1/log/checkpoint");
    EXPECT_EQ(r.status, 200) << r.text;
    const auto first = r.text.find('\n');
    if (first == std::string::npos) return 0;
    return std::stoull(r.text.substr(first + 1, r.text.find('\n', first + 1) - first - 1));
  }

  // Approves `stage` of `ref` directly through the service, as its party.
  void approve(const std::string& ref, const std::string& stage, const std::string& party,
               const std::string& note = "") {
    auto r = svc->decide({ref, stage, core::Outcome::approve, "", note, std::nullopt}, key(party));
    ASSERT_TRUE(r.ok()) << ref << " " << stage << ": " << r.error().message;
  }

  // The gate's tests' day: the good file imported, every stage of every
  // case approved, `day` opened by egypt and cogat, its exit list built by
  // pa and approved by both, and the clock at 10:00 at the crossing.
  void publish_exit_day(const core::Date& day) {
    import_good();
    for (int round = 0; round < 3; ++round) {
      auto cases = svc->list_cases({});
      ASSERT_TRUE(cases.ok());
      for (const app::CaseSummary& c : *cases)
        for (const std::string& stage : c.pending) {
          const core::WorkflowDef* wf = svc->config().workflow_for(c.direction, c.category);
          approve(c.ref, stage, wf->find_stage(stage)->party);
        }
    }
    for (const char* party : {"egypt", "cogat"}) {
      auto opened =
          svc->change_crossing({"open", day, day, "a test day", std::nullopt}, key(party));
      ASSERT_TRUE(opened.ok()) << opened.error().message;
    }
    ASSERT_TRUE(svc->build_manifest(day, core::Direction::exit, key("pa")).ok());
    for (const char* party : {"egypt", "cogat"})
      ASSERT_TRUE(svc->approve_manifest(day, core::Direction::exit, key(party)).ok());
    env.set(app::testing::k_start + 16 * app::testing::k_hour);  // 10:00 at the crossing
  }

  std::unique_ptr<Auth> auth;
  std::unique_ptr<Api> api;

private:
  int m_keys = 0;
};

}  // namespace corridor::api::testing
