// The HTTP API without a socket: every route against every role, sessions,
// what each party sees of a person, the read log, decisions signed and
// committed over HTTP, stale updates, problem+json and the work queue.

#include <corridor/api/api.hpp>

#include <corridor/api/api_test_fixture.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace corridor::api {
namespace {

using nlohmann::json;
using testing::ApiTest;
using testing::HeaderList;
using testing::Reply;

const std::string k_patient = "WHO-2025-0101";  // medical, life-saving, a child
const std::string k_cases = "/api/v1/cases/";

std::set<std::string> keys_of(const json& j) {
  std::set<std::string> out;
  for (const auto& [k, v] : j.items()) out.insert(k);
  return out;
}

json without(json j, std::initializer_list<const char*> names) {
  for (const char* n : names) j.erase(n);
  return j;
}

bool is_field(std::string_view name) {
  const auto& names = core::visible_field_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The problem+json members every error has (RFC 9457).
void expect_error(const Reply& r, int status) {
  EXPECT_EQ(r.status, status) << r.text;
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  ASSERT_TRUE(r.body.is_object()) << r.text;
  EXPECT_EQ(r.body.value("type", "").rfind("urn:corridor:problem:", 0), 0u) << r.text;
  EXPECT_EQ(r.body.value("title", ""), std::string(status_reason(status)));
  EXPECT_EQ(r.body.value("status", 0), status);
  ASSERT_TRUE(r.body.contains("detail") && r.body["detail"].is_string());
  EXPECT_FALSE(r.body["detail"].get<std::string>().empty());
}

// ... and its code, the end of `type`.
void expect_problem(const Reply& r, int status, const std::string& code) {
  expect_error(r, status);
  EXPECT_EQ(r.problem(), code) << r.text;
}

// ============================================================================
// 1. Authorization: every route of the table against every role.

enum class Who { anonymous, officer, monitor, admin };

std::string_view name_of(Who w) {
  switch (w) {
    case Who::anonymous:
      return "anonymous";
    case Who::officer:
      return "officer";
    case Who::monitor:
      return "monitor";
    case Who::admin:
      return "admin";
  }
  return "?";
}

// Who may pass each Access, written out as docs/accounts.md says it.
bool allowed(Access a, Who w) {
  switch (a) {
    case Access::open:
      return true;
    case Access::signed_in:
      return w != Who::anonymous;
    case Access::officer:
      return w == Who::officer || w == Who::monitor;
    case Access::monitor:
      return w == Who::monitor;
    case Access::admin:
      return w == Who::admin;
    case Access::auditor:
      return w == Who::admin || w == Who::monitor;
  }
  return false;
}

// Plausible values for every path parameter of the table; a route with a
// parameter not listed here fails the matrix until one is added.
const std::map<std::string, std::string, std::less<>> k_params = {
    {"ref", k_patient}, {"id", std::string(32, '0')}, {"date", "2025-11-25"}, {"direction", "exit"},
    {"path*", "0/000"}, {"name", "nobody"},           {"party", "who"}};

std::optional<std::string> target_of(const Route& route) {
  std::string out;
  for (std::string_view seg : path_segments(route.pattern)) {
    if (seg.empty()) continue;
    std::string part(seg);
    if (seg.front() == '{' && seg.back() == '}') {
      auto it = k_params.find(seg.substr(1, seg.size() - 2));
      if (it == k_params.end()) return std::nullopt;
      part = it->second;
    }
    out += "/" + part;
  }
  return out;
}

// A well-formed body per state-changing route ("{}" where none is read).
std::string body_of(const Route& route) {
  static const std::map<std::string, json> bodies = {
      {"/api/v1/session", {{"name", "admin-1"}, {"password", "a password for tests"}}},
      {"/api/v1/cases/{ref}/break-glass", {{"reason", "the authorization matrix"}}},
      {"/api/v1/cases/{ref}/decisions", {{"stage", "referral"}, {"outcome", "approve"}}},
      {"/api/v1/decisions",
       {{"decisions", {{{"ref", k_patient}, {"stage", "referral"}, {"outcome", "approve"}}}}}},
      {"/api/v1/cases/{ref}/amendments", {{"changes", {{"phone", "+970 59 000 0000"}}}}},
      {"/api/v1/cases/{ref}/closure", {{"kind", "withdrawn"}}},
      {"/api/v1/duplicates/same-person", {{"keep", "WHO-2025-0102"}, {"duplicate", k_patient}}},
      {"/api/v1/duplicates/different-persons", {{"a", "WHO-2025-0102"}, {"b", k_patient}}},
      {"/api/v1/drafts/{id}", {{"notes", json::array()}}},
      {"/api/v1/statements", {{"notes", json::array()}}},
      {"/api/v1/days", {{"action", "open"}, {"date", "2025-11-25"}, {"reason", "matrix"}}},
      {"/api/v1/gate/{date}/checkins", {{"id", "407182336"}}},
      {"/api/v1/gate/{date}/no-shows", {{"ref", k_patient}}},
      {"/api/v1/gate/{date}/reexaminations", {{"ref", k_patient}, {"step", "ordered"}}},
      {"/api/v1/log/cosignatures", {{"size", 1}, {"cosignatures", "x"}}},
      {"/api/v1/accounts", json::object()},
      {"/api/v1/accounts/{name}/password", {{"password", "a new password for the matrix"}}},
      {"/api/v1/officers", json::object()},
      {"/api/v1/officers/{party}/{name}/rotation", {{"vkey", "not a key"}}},
      {"/api/v1/public/inquiry", {{"ref", k_patient}, {"date_of_birth", "2016-04-12"}}},
      {"/api/v1/plan", {{"scenario", testing::k_plan_scenario}, {"runs", 2}, {"days", 10}}}};
  if (route.method == "GET" || route.method == "DELETE") return "";
  auto it = bodies.find(route.pattern);
  return it == bodies.end() ? "{}" : it->second.dump();
}

using ApiAuthorization = ApiTest;

TEST_F(ApiAuthorization, EveryRouteAdmitsExactlyItsRoles) {
  import_good();
  const std::map<Who, std::string> names = {
      {Who::officer, officer("who")}, {Who::monitor, officer("eubam")}, {Who::admin, "admin-1"}};
  std::map<Who, std::string> tokens = {{Who::anonymous, ""}};
  for (const auto& [who, name] : names) tokens[who] = login(name);
  const auto& routes = api->routes().routes();
  ASSERT_GT(routes.size(), 40u);
  for (const Route& route : routes) {
    const auto target = target_of(route);
    ASSERT_TRUE(target) << route.pattern << ": add its parameter to k_params";
    for (Who who : {Who::anonymous, Who::officer, Who::monitor, Who::admin}) {
      SCOPED_TRACE(route.method + " " + route.pattern + " as " + std::string(name_of(who)));
      HeaderList headers;
      if (route.idempotent) headers.emplace_back("Idempotency-Key", fresh_key());
      const Reply r = call(route.method, *target, body_of(route), tokens[who], headers);
      if (!allowed(route.access, who)) {
        if (who == Who::anonymous) {
          expect_problem(r, 401, "no-session");
          EXPECT_EQ(r.header("WWW-Authenticate"), "Bearer");
        } else {
          expect_problem(r, 403, "forbidden");
        }
        continue;
      }
      // Past the gate: the handler may still refuse the fake parameters.
      EXPECT_NE(r.status, 401) << r.text;
      EXPECT_FALSE(r.status == 403 && (r.problem() == "forbidden" || r.problem() == "csrf"))
          << r.text;
      EXPECT_LT(r.status, 500) << r.text;
      if (route.idempotent && who != Who::anonymous) {
        const Reply bare = call(route.method, *target, body_of(route), tokens[who]);
        expect_problem(bare, 400, "idempotency-key-required");
      }
      // Logging out ends the session the rest of the matrix uses.
      if (route.method == "DELETE" && route.pattern == "/api/v1/session" && who != Who::anonymous)
        tokens[who] = login(names.at(who));
    }
  }
}

TEST_F(ApiAuthorization, AnAdminCanNeverDecide) {
  import_good();
  const std::string admin = login("admin-1");
  expect_problem(draft_decision(k_patient, "referral", admin), 403, "forbidden");
  const json bulk{
      {"decisions", {{{"ref", k_patient}, {"stage", "referral"}, {"outcome", "approve"}}}}};
  expect_problem(call("POST", "/api/v1/decisions", bulk.dump(), admin), 403, "forbidden");
  // Nor commit a draft someone else made.
  const std::string who = login_party("who");
  const Reply draft = draft_decision(k_patient, "referral", who);
  ASSERT_EQ(draft.status, 201) << draft.text;
  expect_problem(commit(draft, sign_draft(draft.body, key("who")), admin), 403, "forbidden");
  EXPECT_TRUE(svc->get_case(k_patient)->decisions.empty());
}

TEST_F(ApiAuthorization, AnOfficerCannotDecideAnotherPartysStage) {
  import_good();
  approve(k_patient, "referral", "who");
  const std::uint64_t before = log_size();
  const std::string who = login_party("who");
  // Drafted for the who officer, so signed by who: the commit is refused.
  const Reply draft = draft_decision(k_patient, "security", who);
  ASSERT_EQ(draft.status, 201) << draft.text;
  expect_problem(sign_and_commit(draft, "who", who), 403, "stage-party");
  EXPECT_EQ(log_size(), before);
  EXPECT_EQ(svc->get_case(k_patient)->decisions.size(), 1u);
  // The monitor decides no stage at all.
  const std::string eubam = login_party("eubam");
  const Reply monitor = draft_decision(k_patient, "security", eubam);
  ASSERT_EQ(monitor.status, 201) << monitor.text;
  expect_problem(sign_and_commit(monitor, "eubam", eubam), 403, "stage-party");
  EXPECT_EQ(log_size(), before);
  EXPECT_EQ(svc->get_case(k_patient)->decisions.size(), 1u);
}

// Amend x party x field: every party, every field of a case (the amendable
// ones and the rest), on a case the crossings authority registered and on
// one the WHO registered. A draft is made exactly where [[amend]] allows it
// (Rafah: pa the identity and phone; who urgency, diagnosis and phone of its
// own registrations); elsewhere 403 amend-party naming the field, whatever
// the value, and a field no amendment changes is 422 for everyone.
TEST_F(ApiAuthorization, AmendmentsFollowTheAmendTableForEveryPartyAndField) {
  import_good();  // registered by pa
  const std::string own = "WHO-2025-0901";
  auto who_csv = svc->import_csv(
      "who.csv",
      "ref,direction,category,urgency,diagnosis,group_ref,national_id,passport_no,name_ar,"
      "name_en,date_of_birth,sex,nationality,phone,requested_on\n" +
          own +
          ",exit,medical,critical,oncology,,,P7654321,اسم,Test Patient,1990-01-01,M,PSE,"
          "+970 59 000 0009,2025-05-02\n",
      false, key("who"));
  ASSERT_TRUE(who_csv.ok() && who_csv->committed);
  const std::map<std::string, std::string> values{{"name_ar", "اسم جديد"},
                                                  {"name_en", "A New Name"},
                                                  {"national_id", "123456789"},
                                                  {"passport_no", "P9876543"},
                                                  {"date_of_birth", "1990-01-02"},
                                                  {"sex", "F"},
                                                  {"nationality", "EGY"},
                                                  {"phone", "+970 59 000 0001"},
                                                  {"urgency", "routine"},
                                                  {"diagnosis", "neurology"},
                                                  {"ref", "WHO-2025-0999"},
                                                  {"category", "student"},
                                                  {"requested_on", "2025-05-03"},
                                                  {"flags", ""},
                                                  {"group_ref", "X"},
                                                  {"direction", "entry"}};
  for (std::string_view f : core::visible_field_names())
    ASSERT_TRUE(values.count(std::string(f))) << f << ": give it a value here";
  const auto& amendable = core::amendable_field_names();
  const std::map<std::string, std::string> registrant{{k_patient, "pa"}, {own, "who"}};
  for (const core::PartyDef& p : svc->config().parties) {
    const std::string token = login_party(p.id);
    for (const auto& [ref, by] : registrant) {
      const std::string etag = call("GET", k_cases + ref, "", token).header("ETag");
      for (const auto& [field, value] : values) {
        SCOPED_TRACE(p.id + " amends " + field + " of " + ref + " (registered by " + by + ")");
        const bool can_amend =
            std::find(amendable.begin(), amendable.end(), field) != amendable.end();
        const bool allowed = can_amend && svc->config().may_amend(p.id, field, by);
        EXPECT_EQ(allowed,
                  (p.id == "pa" && field != "urgency" && field != "diagnosis" && can_amend) ||
                      (p.id == "who" && by == "who" &&
                       (field == "urgency" || field == "diagnosis" || field == "phone")));
        const json body{{"changes", {{field, value}}}};
        const Reply r =
            call("POST", k_cases + ref + "/amendments", body.dump(), token, {{"If-Match", etag}});
        if (allowed) {
          ASSERT_EQ(r.status, 201) << r.text;
          EXPECT_EQ(call("DELETE", r.body["commit"].get<std::string>(), "", token).status, 204);
        } else if (!can_amend) {
          expect_problem(r, 422, "invalid");
        } else {
          expect_problem(r, 403, "amend-party");
          EXPECT_EQ(r.body.value("field", ""), "changes." + field) << r.text;
          EXPECT_EQ(r.body.value("detail", "").rfind("amend-party: " + field + ": ", 0), 0u);
        }
      }
    }
  }
}

// Possible duplicates x party x category: only a [registration] party
// lists them (Rafah: who, pa; egypt, cogat and eubam 403 pair-party), and it
// decides a pair only if it may register both cases' categories (who may
// not decide a medical case against a student's: 403 pair-party at commit).
TEST_F(ApiAuthorization, DuplicatesFollowTheRegistrationTable) {
  import_good();
  const std::vector<std::pair<std::string, std::string>> pairs{{"WHO-2025-0103", "WHO-2025-0104"},
                                                               {"WHO-2025-0103", "MOE-2025-0007"}};
  for (const core::PartyDef& p : svc->config().parties) {
    SCOPED_TRACE(p.id);
    const std::string token = login_party(p.id);
    const bool registers = p.id == "who" || p.id == "pa";
    const Reply listed = call("GET", "/api/v1/duplicates", "", token);
    if (registers) {
      EXPECT_EQ(listed.status, 200) << listed.text;
    } else {
      expect_problem(listed, 403, "pair-party");
    }
    for (const auto& [a, b] : pairs) {
      const bool may = registers && (p.id == "pa" || b != "MOE-2025-0007");
      const Reply draft = post("/api/v1/duplicates/different-persons", {{"a", a}, {"b", b}}, token);
      if (!may) {
        const Reply r = draft.status == 201 ? sign_and_commit(draft, p.id, token) : draft;
        expect_problem(r, 403, "pair-party");
        continue;
      }
      ASSERT_EQ(draft.status, 201) << draft.text;
      EXPECT_EQ(call("DELETE", draft.body["commit"].get<std::string>(), "", token).status, 204);
    }
  }
}

// The log's key is public, as the log is: anyone may fetch it to pin it.
TEST_F(ApiAuthorization, AnyoneMayFetchTheLogKeyToPinIt) {
  const Reply r = call("GET", "/api/v1/log/key", "", "");
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body["origin"], svc->config().log.origin);
  EXPECT_EQ(r.body["key"], ledger::format_vkey(svc->log_key()));
  EXPECT_EQ(keys_of(r.body), (std::set<std::string>{"origin", "key"}));
}

// ============================================================================
// 2. Sessions.

using ApiSessions = ApiTest;

std::string cookie_token(const Reply& r) {
  const std::string set = r.header("Set-Cookie");
  const std::string prefix = "corridor_session=";
  if (set.rfind(prefix, 0) != 0) return "";
  return set.substr(prefix.size(), set.find(';') - prefix.size());
}

TEST_F(ApiSessions, LogsInWithTheRightPasswordOnly) {
  const json good{{"name", officer("who")}, {"password", testing::k_password}, {"bearer", true}};
  const Reply ok = call("POST", "/api/v1/session", good.dump());
  ASSERT_EQ(ok.status, 201) << ok.text;
  EXPECT_EQ(ok.body["name"], officer("who"));
  EXPECT_EQ(ok.body["role"], "officer");
  EXPECT_EQ(ok.body["party"], "who");
  EXPECT_FALSE(ok.body["csrf"].get<std::string>().empty());
  ASSERT_TRUE(ok.body.contains("token"));
  EXPECT_EQ(cookie_token(ok), ok.body["token"]);
  EXPECT_NE(ok.header("Set-Cookie").find("HttpOnly"), std::string::npos);
  const Reply me = call("GET", "/api/v1/session", "", ok.body["token"]);
  ASSERT_EQ(me.status, 200) << me.text;
  EXPECT_EQ(me.body["name"], officer("who"));

  const json bad{{"name", officer("who")}, {"password", "not the password at all"}};
  expect_problem(call("POST", "/api/v1/session", bad.dump()), 401, "bad-credentials");
  const json nobody{{"name", "nobody"}, {"password", testing::k_password}};
  expect_problem(call("POST", "/api/v1/session", nobody.dump()), 401, "bad-credentials");
}

TEST_F(ApiSessions, TheTokenIsInTheBodyOnlyForABearerLogin) {
  const json browser{{"name", officer("who")}, {"password", testing::k_password}};
  const Reply r = call("POST", "/api/v1/session", browser.dump());
  ASSERT_EQ(r.status, 201) << r.text;
  EXPECT_FALSE(r.body.contains("token")) << r.text;
  EXPECT_FALSE(cookie_token(r).empty());
  EXPECT_NE(r.text.find(r.body["csrf"].get<std::string>()), std::string::npos);
  EXPECT_EQ(r.text.find(cookie_token(r)), std::string::npos);
}

TEST_F(ApiSessions, ThrottlesAfterFiveFailures) {
  const json bad{{"name", officer("who")}, {"password", "not the password at all"}};
  for (int i = 0; i < 5; ++i)
    expect_problem(call("POST", "/api/v1/session", bad.dump()), 401, "bad-credentials");
  // Even the right password waits now.
  const json good{{"name", officer("who")}, {"password", testing::k_password}};
  const Reply r = call("POST", "/api/v1/session", good.dump());
  expect_problem(r, 429, "too-many-attempts");
  const std::string wait = r.header("Retry-After");
  ASSERT_FALSE(wait.empty());
  EXPECT_GE(std::stoi(wait), 1);
  EXPECT_GE(r.body.value("retry_after", 0), 1);
  env.advance(std::stoi(wait));
  EXPECT_EQ(call("POST", "/api/v1/session", good.dump()).status, 201);
}

TEST_F(ApiSessions, ASessionExpiresAfterEightHours) {
  const std::string token = login_party("who");
  env.advance(8 * app::testing::k_hour - 1);
  EXPECT_EQ(call("GET", "/api/v1/session", "", token).status, 200);
  env.advance(1);
  const Reply r = call("GET", "/api/v1/session", "", token);
  expect_error(r, 401);
  EXPECT_EQ(r.header("WWW-Authenticate"), "Bearer");
  expect_error(call("GET", "/api/v1/queue", "", token), 401);
}

// The 401 tells a client whether to say "your session expired" or "you
// were signed out" (auth.hpp k_session_expired, k_session_revoked).
TEST_F(ApiSessions, A401SaysWhyTheSessionEnded) {
  const std::string expired = login_party("who");
  const std::string revoked = login_party("egypt");
  ASSERT_EQ(call("DELETE", "/api/v1/session", "", revoked).status, 204);
  expect_problem(call("GET", "/api/v1/session", "", revoked), 401, "session-revoked");
  env.advance(8 * app::testing::k_hour);
  expect_problem(call("GET", "/api/v1/session", "", expired), 401, "session-expired");
}

TEST_F(ApiSessions, LogoutEndsTheSession) {
  const std::string token = login_party("who");
  const Reply out = call("DELETE", "/api/v1/session", "", token);
  EXPECT_EQ(out.status, 204) << out.text;
  EXPECT_NE(out.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  expect_error(call("GET", "/api/v1/session", "", token), 401);
  expect_error(call("GET", "/api/v1/queue", "", token), 401);
  // Logging out twice is not an error of the session's: it has none.
  expect_error(call("DELETE", "/api/v1/session", "", token), 401);
}

TEST_F(ApiSessions, ACookieSessionNeedsTheCsrfTokenToChangeState) {
  import_good();
  const json browser{{"name", officer("who")}, {"password", testing::k_password}};
  const Reply login_reply = call("POST", "/api/v1/session", browser.dump());
  ASSERT_EQ(login_reply.status, 201);
  const std::string cookie = "theme=dark; corridor_session=" + cookie_token(login_reply);
  const std::string csrf = login_reply.body["csrf"];
  const HeaderList with_cookie{{"Cookie", cookie}};
  // Reading needs the cookie only.
  const Reply me = call("GET", "/api/v1/session", "", "", with_cookie);
  ASSERT_EQ(me.status, 200) << me.text;
  EXPECT_EQ(me.body["name"], officer("who"));
  EXPECT_EQ(call("GET", k_cases + k_patient, "", "", with_cookie).status, 200);
  // Changing state needs the CSRF token too: missing, wrong or short.
  const json decision{{"stage", "referral"}, {"outcome", "approve"}};
  const std::string target = k_cases + k_patient + "/decisions";
  expect_problem(call("POST", target, decision.dump(), "", with_cookie), 403, "csrf");
  std::string wrong = csrf;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  expect_problem(
      call("POST", target, decision.dump(), "", {{"Cookie", cookie}, {"X-CSRF-Token", wrong}}), 403,
      "csrf");
  expect_problem(
      call("POST", target, decision.dump(), "", {{"Cookie", cookie}, {"X-CSRF-Token", "x"}}), 403,
      "csrf");
  expect_problem(
      call("POST", target, decision.dump(), "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf + "x"}}),
      403, "csrf");
  const Reply drafted =
      call("POST", target, decision.dump(), "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(drafted.status, 201) << drafted.text;
  // Logging out changes state too.
  expect_problem(call("DELETE", "/api/v1/session", "", "", with_cookie), 403, "csrf");
  EXPECT_EQ(call("DELETE", "/api/v1/session", "", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}})
                .status,
            204);
  expect_error(call("GET", "/api/v1/session", "", "", with_cookie), 401);
}

TEST_F(ApiSessions, ABearerSessionNeedsNoCsrfToken) {
  import_good();
  const std::string token = login_party("who");
  EXPECT_EQ(draft_decision(k_patient, "referral", token).status, 201);
  expect_problem(call("GET", "/api/v1/queue", "", "",
                      HeaderList{{"Authorization", std::string("Basic d2hvOng=")}}),
                 401, "bad-authorization");
  expect_problem(call("GET", "/api/v1/queue", "", "not-a-token"), 401, "no-session");
}

// ============================================================================
// 3. What each party sees of a person.

// Members that are workflow facts, shown to every party working a case.
const std::set<std::string> k_workflow = {"ref",     "direction",    "category", "state",
                                          "stages",  "companions",   "snapshot", "registered_at",
                                          "closure", "scheduled_on", "person",   "decisions"};

class ApiVisibility : public ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    import_good();
    // Cleared, so that it has a priority; the referral's note is medical.
    approve(k_patient, "referral", "who", "needs chemotherapy within two weeks");
    approve(k_patient, "acceptance", "egypt");
    approve(k_patient, "security", "cogat");
    for (const core::PartyDef& p : svc->config().parties) tokens[p.id] = login_party(p.id);
  }

  bool may_see(const std::string& party, std::string_view field) const {
    return svc->config().may_see(party, field);
  }

  // The whole record: a break-glass read withholds nothing.
  json full_case(const std::string& party = "who") {
    const Reply r = post(k_cases + k_patient + "/break-glass",
                         {{"reason", "a family emergency call"}}, tokens[party]);
    EXPECT_EQ(r.status, 200) << r.text;
    return without(r.body, {"withheld", "break_glass"});
  }

  // The top-level members `party` may see of `full`, by the config.
  std::set<std::string> expected_members(const std::string& party, const json& full) const {
    std::set<std::string> out{"withheld"};
    for (const auto& [k, v] : full.items()) {
      const bool shown = k_workflow.contains(k) ? true
                         : is_field(k)          ? may_see(party, k)
                         : k == "child"         ? may_see(party, "date_of_birth")
                         : k == "priority"      ? may_see(party, "urgency")
                                                : false;
      if (shown) out.insert(k);
    }
    return out;
  }

  std::map<std::string, std::string> tokens;
};

TEST_F(ApiVisibility, ACaseShowsEachPartyExactlyTheFieldsItMaySee) {
  const json full = full_case();
  // The record has everything the rules below are about.
  for (const char* member : {"urgency", "diagnosis", "requested_on", "child", "priority", "flags"})
    EXPECT_TRUE(full.contains(member)) << member;
  EXPECT_EQ(full["person"].size(), 8u);
  ASSERT_FALSE(full["decisions"].empty());
  ASSERT_TRUE(full["decisions"][0].contains("note"));

  for (const core::PartyDef& p : svc->config().parties) {
    SCOPED_TRACE(p.id);
    const Reply r = call("GET", k_cases + k_patient, "", tokens[p.id]);
    ASSERT_EQ(r.status, 200) << r.text;
    EXPECT_EQ(keys_of(r.body), expected_members(p.id, full));
    std::set<std::string> person;
    for (const auto& [field, v] : full["person"].items())
      if (may_see(p.id, field)) person.insert(field);
    EXPECT_EQ(keys_of(r.body["person"]), person);
    // What is shown is shown as it is.
    for (const auto& [k, v] : r.body.items())
      if (k != "withheld" && k != "decisions" && k != "person") {
        EXPECT_EQ(v, full.at(k)) << k;
      }
    for (const auto& [field, v] : r.body["person"].items()) EXPECT_EQ(v, full["person"].at(field));
    ASSERT_EQ(r.body["decisions"].size(), full["decisions"].size());
    for (std::size_t i = 0; i < full["decisions"].size(); ++i) {
      const json& d = r.body["decisions"][i];
      EXPECT_EQ(d.contains("note"),
                full["decisions"][i].contains("note") && may_see(p.id, "diagnosis"))
          << d.dump();
      EXPECT_EQ(without(d, {"note"}), without(full["decisions"][i], {"note"}));
    }
    // Every visible field the party may not see is named as withheld.
    const auto withheld = r.body["withheld"].get<std::vector<std::string>>();
    for (std::string_view f : core::visible_field_names()) {
      const bool present =
          r.body.contains(std::string(f)) || r.body["person"].contains(std::string(f));
      const bool in_full = full.contains(std::string(f)) || full["person"].contains(std::string(f));
      EXPECT_EQ(present, in_full && may_see(p.id, f)) << f;
      if (in_full && !may_see(p.id, f)) {
        EXPECT_NE(std::find(withheld.begin(), withheld.end(), f), withheld.end()) << f;
      }
    }
  }
}

TEST_F(ApiVisibility, ConcreteFactsOfTheRafahConfig) {
  const json cogat = call("GET", k_cases + k_patient, "", tokens["cogat"]).body;
  EXPECT_FALSE(cogat.contains("urgency"));
  EXPECT_FALSE(cogat.contains("diagnosis"));
  EXPECT_FALSE(cogat.contains("priority"));
  EXPECT_FALSE(cogat["person"].contains("phone"));
  EXPECT_EQ(cogat["person"]["national_id"], "407182336");
  EXPECT_FALSE(cogat["decisions"][0].contains("note"));
  EXPECT_EQ(cogat.dump().find("oncology"), std::string::npos);
  EXPECT_EQ(cogat.dump().find("+970"), std::string::npos);

  const json who = call("GET", k_cases + k_patient, "", tokens["who"]).body;
  EXPECT_EQ(who["person"]["phone"], "+970 59 412 3301");
  EXPECT_EQ(who["diagnosis"], "oncology");
  EXPECT_EQ(who["urgency"], "life-saving");

  const json egypt = call("GET", k_cases + k_patient, "", tokens["egypt"]).body;
  EXPECT_EQ(egypt["urgency"], "life-saving");
  EXPECT_EQ(egypt["diagnosis"], "oncology");
  EXPECT_FALSE(egypt["person"].contains("phone"));

  const json pa = call("GET", k_cases + k_patient, "", tokens["pa"]).body;
  EXPECT_EQ(pa["urgency"], "life-saving");
  EXPECT_FALSE(pa.contains("diagnosis"));
  EXPECT_EQ(pa["person"]["phone"], "+970 59 412 3301");  // it calls travellers to the gate

  const json eubam = call("GET", k_cases + k_patient, "", tokens["eubam"]).body;
  EXPECT_FALSE(eubam.contains("urgency"));
  EXPECT_FALSE(eubam.contains("diagnosis"));
  EXPECT_FALSE(eubam["person"].contains("phone"));
}

TEST_F(ApiVisibility, BreakGlassShowsEverythingToEveryParty) {
  const json full = full_case("who");
  for (const core::PartyDef& p : svc->config().parties) {
    SCOPED_TRACE(p.id);
    const Reply r = post(k_cases + k_patient + "/break-glass",
                         {{"reason", "the patient collapsed at the gate"}}, tokens[p.id]);
    ASSERT_EQ(r.status, 200) << r.text;
    EXPECT_EQ(r.body["break_glass"], true);
    EXPECT_EQ(r.body["withheld"], json::array());
    EXPECT_EQ(without(r.body, {"withheld", "break_glass"}), full);
    EXPECT_EQ(r.body["person"]["phone"], "+970 59 412 3301");
    EXPECT_EQ(r.body["diagnosis"], "oncology");
  }
  // A reason is required, and said in a few words; nothing is shown without.
  for (const json& body : {json{{"reason", "why"}}, json::object()}) {
    const Reply r = post(k_cases + k_patient + "/break-glass", body, tokens["cogat"]);
    expect_error(r, 422);
    EXPECT_EQ(r.body["detail"].get<std::string>().rfind("reason:", 0), 0u) << r.text;
    EXPECT_EQ(r.text.find("oncology"), std::string::npos);
  }
}

TEST_F(ApiVisibility, CaseListShowsUrgencyOnlyToPartiesThatMaySeeIt) {
  for (const core::PartyDef& p : svc->config().parties) {
    SCOPED_TRACE(p.id);
    const Reply r = call("GET", "/api/v1/cases?limit=500", "", tokens[p.id]);
    ASSERT_EQ(r.status, 200) << r.text;
    ASSERT_EQ(r.body["total"], 12);
    int with_urgency = 0;
    for (const json& c : r.body["cases"]) with_urgency += c.contains("urgency");
    EXPECT_EQ(with_urgency, may_see(p.id, "urgency") ? 4 : 0);
  }
}

// The summaries follow the allow-list of visibility.hpp like the full case.
TEST_F(ApiVisibility, CaseListShowsNoFieldThePartyMayNotSee) {
  std::map<std::string, json> all;  // by ref, as the WHO (which sees everything) gets them
  const Reply who = call("GET", "/api/v1/cases?limit=500", "", tokens["who"]);
  for (const json& c : who.body["cases"]) all[c["ref"].get<std::string>()] = c;
  ASSERT_EQ(all.size(), 12u);
  for (const core::PartyDef& p : svc->config().parties) {
    SCOPED_TRACE(p.id);
    const Reply r = call("GET", "/api/v1/cases?limit=500", "", tokens[p.id]);
    ASSERT_EQ(r.body["cases"].size(), 12u) << r.text;
    for (const json& c : r.body["cases"]) {
      const json& everything = all.at(c["ref"].get<std::string>());
      for (const auto& [k, v] : everything.items()) {
        if (is_field(k)) {
          EXPECT_EQ(c.contains(k), may_see(p.id, k)) << c["ref"] << " " << k;
        }
      }
      for (const auto& [k, v] : c.items()) EXPECT_TRUE(everything.contains(k)) << k;
    }
  }
}

TEST_F(ApiVisibility, QueueItemsShowUrgencyAndAgeOnlyToPartiesThatMaySeeThem) {
  std::map<std::string, std::string> urgency;  // by ref
  const Reply who = call("GET", "/api/v1/cases?limit=500", "", tokens["who"]);
  for (const json& c : who.body["cases"])
    urgency[c["ref"].get<std::string>()] = c.value("urgency", "");
  ASSERT_EQ(urgency.size(), 12u);
  // A medical case at every party that works medical stages.
  approve("WHO-2025-0102", "referral", "who");
  const std::set<std::string> base = {"ref",    "direction", "category", "stage",
                                      "status", "since",     "overdue"};
  std::size_t medical = 0;
  for (const core::PartyDef& p : svc->config().parties) {
    SCOPED_TRACE(p.id);
    const Reply r = call("GET", "/api/v1/queue", "", tokens[p.id]);
    ASSERT_EQ(r.status, 200) << r.text;
    for (const json& item : r.body["items"]) {
      std::set<std::string> expected = base;
      const std::string& u = urgency.at(item["ref"].get<std::string>());
      if (!u.empty() && may_see(p.id, "urgency")) expected.insert("urgency");
      if (may_see(p.id, "date_of_birth")) expected.insert("child");
      // A companion names its patient to the parties that see groups.
      if (may_see(p.id, "group_ref") &&
          item["ref"].get<std::string>().find("-C") != std::string::npos)
        expected.insert("group_ref");
      EXPECT_EQ(keys_of(item), expected) << item.dump();
      if (item.contains("urgency")) {
        EXPECT_EQ(item["urgency"], u);
      }
      medical += !u.empty();
    }
  }
  EXPECT_GE(medical, 4u);  // who, egypt and cogat each have one at least
  const json cogat = call("GET", "/api/v1/queue?stage=security", "", tokens["cogat"]).body;
  auto it = std::find_if(cogat["items"].begin(), cogat["items"].end(),
                         [](const json& i) { return i["ref"] == "WHO-2025-0102"; });
  ASSERT_NE(it, cogat["items"].end()) << cogat.dump();
  EXPECT_FALSE(it->contains("urgency"));
  const json egypt = call("GET", "/api/v1/queue?stage=acceptance", "", tokens["egypt"]).body;
  it = std::find_if(egypt["items"].begin(), egypt["items"].end(),
                    [](const json& i) { return i["ref"] == "WHO-2025-0102"; });
  ASSERT_NE(it, egypt["items"].end()) << egypt.dump();
  EXPECT_EQ((*it)["urgency"], "critical");
}

class ApiManifestVisibility : public ApiVisibility {
protected:
  void SetUp() override {
    ApiVisibility::SetUp();
    if (HasFatalFailure()) return;
    approve_everything();
    const core::Date day{2025, 11, 25};
    for (const char* party : {"egypt", "cogat"}) {
      auto opened =
          svc->change_crossing({"open", day, day, "a test day", std::nullopt}, key(party));
      ASSERT_TRUE(opened.ok()) << opened.error().message;
    }
    auto built = svc->build_manifest(day, core::Direction::exit, key("pa"));
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  // Every stage of every case approved, in workflow order.
  void approve_everything() {
    for (int round = 0; round < 3; ++round) {
      auto cases = svc->list_cases({});
      ASSERT_TRUE(cases.ok());
      for (const app::CaseSummary& c : *cases)
        for (const std::string& stage : c.pending) {
          const core::WorkflowDef* wf = svc->config().workflow_for(c.direction, c.category);
          approve(c.ref, stage, wf->find_stage(stage)->party);
        }
    }
  }

  const std::string m_target = "/api/v1/manifests/2025-11-25/exit";
};

TEST_F(ApiManifestVisibility, ShowsNamesAndLastFourDigitsAndIsReadLogged) {
  const std::set<std::string> line_members = {"order",   "ref",     "group_ref", "category",
                                              "standby", "name_en", "name_ar",   "id_last4"};
  for (const core::PartyDef& p : svc->config().parties) {
    SCOPED_TRACE(p.id);
    const Reply r = call("GET", m_target + "?why=preparing%20the%20gate", "", tokens[p.id]);
    ASSERT_EQ(r.status, 200) << r.text;
    ASSERT_FALSE(r.body["travellers"].empty());
    for (const json& line : r.body["travellers"]) {
      EXPECT_EQ(keys_of(line), line_members) << line.dump();
      EXPECT_EQ(line["id_last4"].get<std::string>().size(), 4u);
    }
    EXPECT_EQ(r.body["travellers"][0]["name_en"], "Mohammed Ahmad Al-Shaer");
    EXPECT_EQ(r.body["travellers"][0]["id_last4"], "2336");
    // Nothing else of the person: no full ID, phone or diagnosis.
    for (const char* secret : {"407182336", "+970", "oncology", "cardiology", "diagnosis"})
      EXPECT_EQ(r.text.find(secret), std::string::npos) << secret;
  }
  const std::string admin = login("admin-1");
  // Logged under each traveller's ref (the patient is on the list).
  const Reply log = call("GET", "/api/v1/read-log?ref=" + k_patient, "", admin);
  ASSERT_EQ(log.status, 200) << log.text;
  std::set<std::string> readers;
  for (const json& row : log.body["reads"]) {
    readers.insert(row["party"].get<std::string>());
    EXPECT_EQ(row["reason"], "preparing the gate");
    EXPECT_EQ(row["break_glass"], false);
  }
  EXPECT_EQ(readers.size(), svc->config().parties.size());
}

// Priority points include urgency points (visibility.hpp): a party that may
// not see urgency must not get them from a list either.
TEST_F(ApiManifestVisibility, ShowsNoPriorityToPartiesThatMayNotSeeUrgency) {
  for (const core::PartyDef& p : svc->config().parties) {
    if (may_see(p.id, "urgency")) continue;
    SCOPED_TRACE(p.id);
    for (const std::string& target : {m_target, m_target + "/plan"}) {
      const Reply r = call("GET", target, "", tokens[p.id]);
      ASSERT_EQ(r.status, 200) << r.text;
      EXPECT_EQ(r.text.find("\"priority\""), std::string::npos) << target << ": " << r.text;
      EXPECT_EQ(r.text.find("\"urgency\""), std::string::npos) << target;
    }
  }
}

// ============================================================================
// 4. The read log.

using ApiReadLog = ApiTest;

TEST_F(ApiReadLog, EveryCaseReadIsLoggedWithItsReason) {
  import_good();
  const std::string who = login_party("who");
  const std::string egypt = login_party("egypt");
  const std::string cogat = login_party("cogat");
  ASSERT_EQ(call("GET", k_cases + k_patient + "?why=checking%20the%20referral", "", who).status,
            200);
  const std::string first_at = core::format_timestamp(env.now());
  env.advance(10);
  ASSERT_EQ(call("GET", k_cases + k_patient, "", egypt).status, 200);
  const std::string second_at = core::format_timestamp(env.now());
  env.advance(10);
  EXPECT_EQ(call("GET", k_cases + std::string("NO-SUCH-CASE"), "", egypt).status, 404);

  for (const std::string& auditor : {login("admin-1"), login_party("eubam")}) {
    const Reply r = call("GET", "/api/v1/read-log", "", auditor);
    ASSERT_EQ(r.status, 200) << r.text;
    const json& reads = r.body["reads"];
    ASSERT_EQ(reads.size(), 2u) << r.text;  // newest first; the 404 read nothing
    EXPECT_EQ(reads[0]["account"], officer("egypt"));
    EXPECT_EQ(reads[0]["party"], "egypt");
    EXPECT_EQ(reads[0]["role"], "officer");
    EXPECT_EQ(reads[0]["ref"], k_patient);
    EXPECT_EQ(reads[0]["reason"], "case view");
    EXPECT_EQ(reads[0]["at"], second_at);
    EXPECT_EQ(reads[0]["break_glass"], false);
    EXPECT_EQ(reads[1]["account"], officer("who"));
    EXPECT_EQ(reads[1]["reason"], "checking the referral");
    EXPECT_EQ(reads[1]["at"], first_at);
  }
  // Each read is a row, even the same officer's again.
  ASSERT_EQ(call("GET", k_cases + k_patient, "", egypt).status, 200);
  ASSERT_EQ(call("GET", k_cases + std::string("WHO-2025-0102"), "", egypt).status, 200);
  const std::string admin = login("admin-1");
  EXPECT_EQ(call("GET", "/api/v1/read-log", "", admin).body["reads"].size(), 4u);
  EXPECT_EQ(call("GET", "/api/v1/read-log?ref=" + k_patient, "", admin).body["reads"].size(), 3u);

  // Break-glass reads are marked, and found on their own.
  ASSERT_EQ(
      post(k_cases + k_patient + "/break-glass", {{"reason", "the family called about it"}}, cogat)
          .status,
      200);
  const Reply glass = call("GET", "/api/v1/read-log?break_glass=1", "", admin);
  ASSERT_EQ(glass.body["reads"].size(), 1u) << glass.text;
  EXPECT_EQ(glass.body["reads"][0]["account"], officer("cogat"));
  EXPECT_EQ(glass.body["reads"][0]["reason"], "the family called about it");
  EXPECT_EQ(glass.body["reads"][0]["break_glass"], true);
  EXPECT_EQ(call("GET", "/api/v1/read-log", "", admin).body["reads"].size(), 5u);

  // Officers do not read the read log.
  expect_problem(call("GET", "/api/v1/read-log", "", who), 403, "forbidden");
  expect_problem(call("GET", "/api/v1/read-log", "", egypt), 403, "forbidden");
}

// ============================================================================
// 5. Decisions over HTTP, end to end.

using ApiDecisions = ApiTest;

TEST_F(ApiDecisions, DraftSignCommitChangesTheCaseAndGrowsTheLog) {
  import_good();
  const std::string who = login_party("who");
  const std::uint64_t before = log_size();
  const Reply draft = draft_decision(k_patient, "referral", who);
  ASSERT_EQ(draft.status, 201) << draft.text;
  EXPECT_EQ(draft.body["kind"], "decision");
  ASSERT_EQ(draft.body["sign"].size(), 1u);
  EXPECT_EQ(draft.header("Location"), draft.body["commit"]);
  // The draft is its officer's only.
  const std::string url = draft.body["commit"];
  EXPECT_EQ(call("GET", url, "", who).body["sign"], draft.body["sign"]);
  expect_problem(call("GET", url, "", login_party("egypt")), 404, "no-draft");
  EXPECT_EQ(log_size(), before);  // nothing is logged before it is signed

  const std::string key = "commit-1";
  const Reply done = sign_and_commit(draft, "who", who, key);
  ASSERT_EQ(done.status, 200) << done.text;
  EXPECT_EQ(done.body["ref"], k_patient);
  EXPECT_EQ(done.body["outcome"], "approve");
  EXPECT_EQ(done.body["state"], "in-review");
  const std::uint64_t after = log_size();
  EXPECT_EQ(after, before + 1);
  const json c = call("GET", k_cases + k_patient, "", who).body;
  ASSERT_EQ(c["decisions"].size(), 1u);
  EXPECT_EQ(c["decisions"][0]["stage"], "referral");
  EXPECT_EQ(c["decisions"][0]["party"], "who");
  EXPECT_EQ(c["decisions"][0]["officer"], officer("who"));
  EXPECT_EQ(c["decisions"][0]["outcome"], "approve");

  // A retry with the same key gets the same answer, and nothing runs again.
  const Reply retry = commit(draft, sign_draft(draft.body, this->key("who")), who, key);
  EXPECT_EQ(retry.status, 200);
  EXPECT_EQ(retry.text, done.text);
  EXPECT_EQ(retry.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(log_size(), after);
  // The same key for another request is refused; another key finds no draft.
  expect_problem(post(url, {{"notes", json::array()}}, who, key), 422, "idempotency-key-reused");
  expect_problem(commit(draft, sign_draft(draft.body, this->key("who")), who), 404, "no-draft");
  EXPECT_EQ(log_size(), after);
  EXPECT_EQ(svc->get_case(k_patient)->decisions.size(), 1u);
}

TEST_F(ApiDecisions, RefusesANoteWhoseBodyWasChanged) {
  import_good();
  approve(k_patient, "referral", "who");
  const std::string egypt = login_party("egypt");
  const std::uint64_t before = log_size();
  const Reply draft = draft_decision(k_patient, "acceptance", egypt);
  ASSERT_EQ(draft.status, 201) << draft.text;
  std::string body = draft.body["sign"][0];
  const auto at = body.find("approve");
  ASSERT_NE(at, std::string::npos) << body;
  body.replace(at, 7, "deny");
  const std::string note =
      ledger::format_note({body, {ledger::sign_note_text(body, key("egypt"))}});
  const Reply r = commit(draft, {note}, egypt);
  EXPECT_EQ(r.problem(), "signed-body-differs") << r.text;
  EXPECT_GE(r.status, 400);
  EXPECT_EQ(log_size(), before);
  EXPECT_EQ(svc->get_case(k_patient)->decisions.size(), 1u);
}

// problem.cpp lists signed-body-differs among the conflicts (409): the
// client signed something other than the current draft.
TEST_F(ApiDecisions, ASignedBodyThatDiffersIsAConflict) {
  import_good();
  const std::string who = login_party("who");
  const Reply draft = draft_decision(k_patient, "referral", who);
  ASSERT_EQ(draft.status, 201) << draft.text;
  const Reply other = draft_decision("WHO-2025-0102", "referral", who);
  ASSERT_EQ(other.status, 201) << other.text;
  // The notes of another draft: well signed, but not what this one drafted.
  expect_problem(commit(draft, sign_draft(other.body, key("who")), who), 409,
                 "signed-body-differs");
  EXPECT_TRUE(svc->get_case(k_patient)->decisions.empty());
  EXPECT_TRUE(svc->get_case("WHO-2025-0102")->decisions.empty());
}

TEST_F(ApiDecisions, RefusesANoteSignedWithAnotherPartysKey) {
  import_good();
  approve(k_patient, "referral", "who");
  const std::string egypt = login_party("egypt");
  const std::uint64_t before = log_size();
  const Reply draft = draft_decision(k_patient, "acceptance", egypt);
  ASSERT_EQ(draft.status, 201) << draft.text;
  const Reply r = commit(draft, sign_draft(draft.body, key("cogat")), egypt);
  EXPECT_GE(r.status, 400) << r.text;
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  EXPECT_TRUE(r.problem() == "bad-signature" || r.problem() == "unknown-key") << r.text;
  EXPECT_EQ(log_size(), before);
  EXPECT_EQ(svc->get_case(k_patient)->decisions.size(), 1u);
  // Nor can another officer commit the draft with their own signature.
  const Reply again = draft_decision(k_patient, "acceptance", egypt);
  ASSERT_EQ(again.status, 201);
  expect_problem(sign_and_commit(again, "cogat", login_party("cogat")), 404, "no-draft");
  EXPECT_EQ(log_size(), before);
}

// ============================================================================
// 6. Stale updates.

using ApiStaleUpdate = ApiTest;

TEST_F(ApiStaleUpdate, ADecisionOnAnOldVersionIsRefusedNamingWhatChanged) {
  import_good();
  const std::string egypt = login_party("egypt");
  const std::string who = login_party("who");
  const Reply read = call("GET", k_cases + k_patient, "", egypt);
  const std::string old_tag = read.header("ETag");
  ASSERT_FALSE(old_tag.empty());
  // Meanwhile the WHO decides.
  env.advance(60);
  ASSERT_EQ(sign_and_commit(draft_decision(k_patient, "referral", who), "who", who).status, 200);
  const std::uint64_t before = log_size();

  const Reply stale =
      draft_decision(k_patient, "acceptance", egypt, "approve", {{"If-Match", old_tag}});
  expect_problem(stale, 409, "stale-version");
  EXPECT_EQ(stale.body["field"], "If-Match");
  ASSERT_EQ(stale.body["changed"].size(), 1u) << stale.text;
  const json& change = stale.body["changed"][0];
  EXPECT_EQ(change["what"], "decision");
  EXPECT_EQ(change["stage"], "referral");
  EXPECT_EQ(change["party"], "who");
  EXPECT_EQ(change["outcome"], "approve");
  EXPECT_EQ(change["at"], core::format_timestamp(env.now()));
  const std::string current = call("GET", k_cases + k_patient, "", egypt).header("ETag");
  EXPECT_NE(current, old_tag);
  EXPECT_EQ(stale.body["current"], current);
  EXPECT_EQ(stale.header("ETag"), current);
  EXPECT_EQ(log_size(), before);

  // With the current version it goes ahead.
  const Reply fresh =
      draft_decision(k_patient, "acceptance", egypt, "approve", {{"If-Match", current}});
  ASSERT_EQ(fresh.status, 201) << fresh.text;
  EXPECT_EQ(sign_and_commit(fresh, "egypt", egypt).status, 200);
}

TEST_F(ApiStaleUpdate, AnAmendmentNeedsIfMatchAndAnAmendedRecordIsNamed) {
  import_good();
  const std::string pa = login_party("pa");
  const std::string egypt = login_party("egypt");
  const json change{{"changes", {{"name_en", "Mohammed Ahmed Al-Shaer"}}}};
  const std::string target = k_cases + k_patient + "/amendments";
  expect_problem(call("POST", target, change.dump(), pa), 428, "precondition-required");
  const std::string old_tag = call("GET", k_cases + k_patient, "", egypt).header("ETag");
  const Reply amend = call("POST", target, change.dump(), pa,
                           {{"If-Match", call("GET", k_cases + k_patient, "", pa).header("ETag")}});
  ASSERT_EQ(amend.status, 201) << amend.text;
  ASSERT_EQ(sign_and_commit(amend, "pa", pa).status, 200);
  const Reply stale =
      draft_decision(k_patient, "referral", login_party("who"), "approve", {{"If-Match", old_tag}});
  expect_problem(stale, 409, "stale-version");
  ASSERT_FALSE(stale.body["changed"].empty()) << stale.text;
  EXPECT_EQ(stale.body["changed"][0]["what"], "amended");
  // An amendment on an old version is refused too.
  expect_problem(call("POST", target, change.dump(), pa, {{"If-Match", old_tag}}), 409,
                 "stale-version");
}

// ============================================================================
// 7. problem+json.

using ApiProblems = ApiTest;

TEST_F(ApiProblems, EveryErrorIsProblemJson) {
  import_good();
  const std::string who = login_party("who");
  expect_problem(call("GET", "/api/v1/nothing-here", "", who), 404, "no-route");

  const Reply not_allowed = call("PUT", "/api/v1/session", "{}", who);
  expect_problem(not_allowed, 405, "method-not-allowed");
  std::set<std::string> allow;
  std::string header = not_allowed.header("Allow");
  for (std::size_t start = 0; start <= header.size();) {
    const auto comma = header.find(',', start);
    std::string m =
        header.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    m.erase(0, m.find_first_not_of(' '));
    allow.insert(m);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  EXPECT_EQ(allow, (std::set<std::string>{"GET", "POST", "DELETE"})) << header;

  const Reply anonymous = call("GET", "/api/v1/queue");
  expect_problem(anonymous, 401, "no-session");
  EXPECT_EQ(anonymous.header("WWW-Authenticate"), "Bearer");
  expect_problem(call("GET", k_cases + std::string("NO-SUCH-CASE"), "", who), 404, "not-found");
  expect_error(draft_decision(k_patient, "referral", who, "maybe"), 422);
}

// A body or query that does not decode is "invalid" (one type for all of
// them, so clients can handle it once), and `field` names what is wrong.
TEST_F(ApiProblems, ADecodeErrorIsInvalidAndNamesTheField) {
  import_good();
  const std::string who = login_party("who");
  const std::string target = k_cases + k_patient + "/decisions";
  const std::vector<std::pair<Reply, std::string>> cases = {
      {draft_decision(k_patient, "referral", who, "maybe"), "outcome"},
      {call("POST", target, R"({"outcome":"approve"})", who), "stage"},
      {call("POST", target, R"({"stage":"referral","outcome":"approve","colour":"red"})", who),
       "colour"},
      {call("POST", target, "{not json", who), "body"},
      {post(k_cases + k_patient + "/break-glass", {{"reason", "why"}}, who), "reason"},
      {call("GET", "/api/v1/queue?limit=0", "", who), "limit"},
      {call("GET", "/api/v1/queue?overdue=maybe", "", who), "overdue"},
  };
  for (const auto& [r, field] : cases) {
    SCOPED_TRACE(field);
    expect_problem(r, 422, "invalid");
    EXPECT_EQ(r.body.value("field", ""), field) << r.text;
  }
}

// ============================================================================
// 8. The work queue.

class ApiQueue : public ApiTest {
protected:
  // Registered at the start; the WHO approves one referral 30 h later; now
  // is 50 h after the start: Egypt's three companions (48 h deadline) are
  // overdue, the patient's acceptance (decidable for 20 h) is not.
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    import_good();
    env.advance(30 * app::testing::k_hour);
    approve(k_patient, "referral", "who");
    env.advance(20 * app::testing::k_hour);
    egypt = login_party("egypt");
    pa = login_party("pa");
  }

  json queue(const std::string& token, const std::string& query = "") {
    const Reply r = call("GET", "/api/v1/queue" + query, "", token);
    EXPECT_EQ(r.status, 200) << query << ": " << r.text;
    return r.body;
  }

  static std::vector<std::string> refs(const json& q) {
    std::vector<std::string> out;
    for (const json& i : q["items"]) out.push_back(i["ref"].get<std::string>());
    return out;
  }

  std::string egypt, pa;
};

TEST_F(ApiQueue, OldestFirst) {
  const json q = queue(egypt);
  EXPECT_EQ(q["party"], "egypt");
  ASSERT_EQ(q["total"], 4) << q.dump();
  EXPECT_EQ(q["overdue"], 3);
  // Oldest first, but each companion right after its patient (issue 15).
  std::vector<json> leads;
  std::set<std::string> listed;
  for (const json& item : q["items"]) listed.insert(item["ref"].get<std::string>());
  for (std::size_t i = 0; i < q["items"].size(); ++i) {
    const json& item = q["items"][i];
    if (!item.contains("group_ref") || !listed.count(item["group_ref"].get<std::string>())) {
      leads.push_back(item);
      continue;
    }
    ASSERT_GT(i, 0u);
    const json& before = q["items"][i - 1];
    EXPECT_TRUE(before["ref"] == item["group_ref"] ||
                before.value("group_ref", "") == item["group_ref"])
        << q.dump();
  }
  for (std::size_t i = 1; i < leads.size(); ++i)
    EXPECT_LE(leads[i - 1]["since"].get<std::string>(), leads[i]["since"].get<std::string>());
  ASSERT_FALSE(leads.empty());
  EXPECT_EQ(leads.back()["ref"], k_patient);
  EXPECT_EQ(leads.back()["overdue"], false);
}

TEST_F(ApiQueue, FiltersByStageOverdueAndDirection) {
  EXPECT_EQ(queue(egypt, "?stage=acceptance")["total"], 4);
  EXPECT_EQ(queue(egypt, "?stage=referral")["total"], 0);
  const json overdue = queue(egypt, "?overdue=1");
  ASSERT_EQ(overdue["total"], 3) << overdue.dump();
  for (const json& i : overdue["items"]) {
    EXPECT_EQ(i["overdue"], true);
    EXPECT_EQ(i["category"], "companion");
  }
  EXPECT_EQ(queue(egypt, "?overdue=false")["total"], 4);
  EXPECT_EQ(queue(egypt, "?direction=entry")["total"], 0);
  EXPECT_EQ(queue(egypt, "?direction=exit")["total"], 4);
  const json entry = queue(pa, "?direction=entry");
  EXPECT_EQ(entry["total"], 3);
  for (const json& i : entry["items"]) EXPECT_EQ(i["direction"], "entry");
  EXPECT_EQ(queue(pa, "?direction=exit")["total"], 2);
  EXPECT_EQ(queue(pa, "?direction=exit&stage=registration&overdue=1")["total"], 2);
  expect_error(call("GET", "/api/v1/queue?direction=sideways", "", pa), 422);
  expect_error(call("GET", "/api/v1/queue?overdue=maybe", "", pa), 422);
}

TEST_F(ApiQueue, PagesWithLimitAndOffset) {
  const std::vector<std::string> all = refs(queue(egypt));
  ASSERT_EQ(all.size(), 4u);
  const json page = queue(egypt, "?limit=2&offset=1");
  EXPECT_EQ(page["total"], 4);
  EXPECT_EQ(page["limit"], 2);
  EXPECT_EQ(page["offset"], 1);
  EXPECT_EQ(refs(page), (std::vector<std::string>{all[1], all[2]}));
  const json last = queue(egypt, "?limit=2&offset=3");
  EXPECT_EQ(refs(last), std::vector<std::string>{all[3]});
  EXPECT_EQ(last["total"], 4);
  EXPECT_TRUE(queue(egypt, "?offset=10")["items"].empty());
  expect_error(call("GET", "/api/v1/queue?limit=0", "", egypt), 422);
  expect_error(call("GET", "/api/v1/queue?limit=501", "", egypt), 422);
  expect_error(call("GET", "/api/v1/queue?offset=-1", "", egypt), 422);
}

// ============================================================================
// 9. Officers' key enrolment: the browser makes the key, an admin registers
// it (or, with --self-enrol, the first one registers itself).

class ApiKeyEnrolment : public ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    admin = login(std::string(testing::k_admin));
  }

  // A new officer account of `party` with no key yet; its token.
  std::string newcomer(const std::string& name, const std::string& party = "who") {
    auto a = auth->add_account(name, Role::officer, party, std::string(testing::k_password));
    EXPECT_TRUE(a.ok()) << a.error().message;
    return login(name);
  }

  // A key made as the browser makes it; only its verifier key leaves.
  std::string browser_vkey(const std::string& key_name) {
    keys_made.insert_or_assign(key_name, new_key(key_name, ledger::KeyType::ed25519));
    return ledger::format_vkey(keys_made.at(key_name).public_key());
  }

  Reply request(const std::string& vkey, const std::string& token) {
    return call("POST", k_requests, json{{"vkey", vkey}}.dump(), token);
  }

  json requests() {
    const Reply r = call("GET", k_requests, "", admin);
    EXPECT_EQ(r.status, 200) << r.text;
    return r.body["requests"];
  }

  json key_of(const std::string& token) {
    const Reply r = call("GET", "/api/v1/session", "", token);
    EXPECT_EQ(r.status, 200) << r.text;
    return r.body.value("key", json());
  }

  bool registered(const std::string& party, const std::string& name) {
    auto all = svc->officers();
    EXPECT_TRUE(all.ok());
    if (!all) return false;
    for (const app::OfficerInfo& o : *all)
      if (o.party == party && o.name == name) return true;
    return false;
  }

  void use_self_enrol() {
    ApiOptions o;
    o.self_enrol = true;
    api = std::make_unique<Api>(*svc, *auth, env, o);
  }

  static constexpr const char* k_requests = "/api/v1/officers/requests";
  std::string admin;
  std::map<std::string, ledger::PrivateKey> keys_made;
};

TEST_F(ApiKeyEnrolment, ARequestWaitsUntilAnAdminRegistersTheKey) {
  const std::string token = newcomer("dr.new");
  const std::string vkey = browser_vkey("who/dr.new");
  const Reply r = request(vkey, token);
  ASSERT_EQ(r.status, 202) << r.text;
  EXPECT_EQ(keys_of(r.body),
            (std::set<std::string>{"party", "name", "vkey", "requested_at", "status"}));
  EXPECT_EQ(r.body["party"], "who");
  EXPECT_EQ(r.body["name"], "dr.new");
  EXPECT_EQ(r.body["vkey"], vkey);
  EXPECT_EQ(r.body["status"], "pending");
  EXPECT_FALSE(registered("who", "dr.new"));

  const json listed = requests();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["name"], "dr.new");
  EXPECT_EQ(listed[0]["vkey"], vkey);
  EXPECT_EQ(listed[0]["requested_at"], r.body["requested_at"]);

  const Reply added =
      post("/api/v1/officers", {{"party", "who"}, {"name", "dr.new"}, {"vkey", vkey}}, admin);
  ASSERT_EQ(added.status, 201) << added.text;
  EXPECT_TRUE(registered("who", "dr.new"));
  EXPECT_TRUE(requests().empty());
}

TEST_F(ApiKeyEnrolment, TheRegisteredKeySignsTheOfficersDecisions) {
  import_good();
  const std::string token = newcomer("dr.new");
  const std::string vkey = browser_vkey("who/dr.new");
  ASSERT_EQ(request(vkey, token).status, 202);
  ASSERT_EQ(post("/api/v1/officers", {{"party", "who"}, {"name", "dr.new"}, {"vkey", vkey}}, admin)
                .status,
            201);
  const Reply draft = draft_decision(k_patient, "referral", token);
  ASSERT_EQ(draft.status, 201) << draft.text;
  const Reply done = commit(draft, sign_draft(draft.body, keys_made.at("who/dr.new")), token);
  ASSERT_EQ(done.status, 200) << done.text;
  EXPECT_EQ(svc->get_case(k_patient)->decisions.at(0).officer, "dr.new");
}

TEST_F(ApiKeyEnrolment, AKeyOfAnotherNameIsInvalidAndSaysWhichNameIsExpected) {
  const std::string token = newcomer("dr.new");
  for (const std::string& vkey :
       {browser_vkey("who/dr.other"), browser_vkey("pa/dr.new"), browser_vkey("dr.new"),
        ledger::format_vkey(new_key("who/dr.new", ledger::KeyType::cosignature).public_key()),
        std::string("not a key")}) {
    SCOPED_TRACE(vkey);
    const Reply r = request(vkey, token);
    expect_problem(r, 422, "invalid");
    EXPECT_EQ(r.body.value("field", ""), "vkey");
    EXPECT_NE(r.body.value("detail", "").find("who/dr.new"), std::string::npos) << r.text;
  }
  const Reply missing = call("POST", k_requests, "{}", token);
  expect_problem(missing, 422, "invalid");
  EXPECT_EQ(missing.body.value("field", ""), "vkey");
  EXPECT_TRUE(requests().empty());
}

TEST_F(ApiKeyEnrolment, TheSessionShowsTheKeyNonePendingRegistered) {
  const std::string token = newcomer("dr.new");
  EXPECT_EQ(key_of(token), (json{{"name", "who/dr.new"}, {"status", "none"}}));
  const std::string vkey = browser_vkey("who/dr.new");
  ASSERT_EQ(request(vkey, token).status, 202);
  EXPECT_EQ(key_of(token), (json{{"name", "who/dr.new"}, {"status", "pending"}, {"vkey", vkey}}));
  ASSERT_EQ(post("/api/v1/officers", {{"party", "who"}, {"name", "dr.new"}, {"vkey", vkey}}, admin)
                .status,
            201);
  EXPECT_EQ(key_of(token),
            (json{{"name", "who/dr.new"}, {"status", "registered"}, {"vkey", vkey}}));
  // Every fixture officer has its key; an admin has none to show.
  EXPECT_EQ(key_of(login_party("eubam"))["status"], "registered");
  EXPECT_TRUE(key_of(admin).is_null());
}

TEST_F(ApiKeyEnrolment, ANewRequestReplacesTheAccountsPendingOne) {
  const std::string token = newcomer("dr.new");
  ASSERT_EQ(request(browser_vkey("who/dr.new"), token).status, 202);
  const std::string second = browser_vkey("who/dr.new");
  ASSERT_EQ(request(second, token).status, 202);
  const json listed = requests();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["vkey"], second);
}

TEST_F(ApiKeyEnrolment, RequestsAreListedOldestFirst) {
  const std::string pa = newcomer("gate.new", "pa");
  const std::string who = newcomer("dr.new");
  ASSERT_EQ(request(browser_vkey("pa/gate.new"), pa).status, 202);
  env.advance(60);
  ASSERT_EQ(request(browser_vkey("who/dr.new"), who).status, 202);
  const json listed = requests();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["name"], "gate.new");
  EXPECT_EQ(listed[1]["name"], "dr.new");
}

TEST_F(ApiKeyEnrolment, AnAdminRejectsARequest) {
  const std::string token = newcomer("dr.new");
  ASSERT_EQ(request(browser_vkey("who/dr.new"), token).status, 202);
  const Reply gone = call("DELETE", std::string(k_requests) + "/dr.new", "", admin);
  EXPECT_EQ(gone.status, 204) << gone.text;
  EXPECT_TRUE(requests().empty());
  EXPECT_EQ(key_of(token)["status"], "none");
  expect_problem(call("DELETE", std::string(k_requests) + "/dr.new", "", admin), 404, "not-found");
  EXPECT_FALSE(registered("who", "dr.new"));
}

TEST_F(ApiKeyEnrolment, OfficersCannotSeeOrActOnRequests) {
  const std::string token = newcomer("dr.new");
  ASSERT_EQ(request(browser_vkey("who/dr.new"), token).status, 202);
  const std::string other = login_party("who");
  expect_problem(call("GET", k_requests, "", other), 403, "forbidden");
  expect_problem(call("DELETE", std::string(k_requests) + "/dr.new", "", other), 403, "forbidden");
  expect_problem(call("GET", k_requests, "", token), 403, "forbidden");
  // Nor ask for a key in another's name.
  expect_problem(request(browser_vkey("who/dr.new"), other), 422, "invalid");
  EXPECT_EQ(requests().size(), 1u);
  expect_problem(request(browser_vkey("who/dr.new"), admin), 403, "forbidden");
}

TEST_F(ApiKeyEnrolment, WithoutSelfEnrolNothingIsRegistered) {
  const std::string token = newcomer("dr.new");
  EXPECT_EQ(request(browser_vkey("who/dr.new"), token).status, 202);
  EXPECT_FALSE(registered("who", "dr.new"));
}

TEST_F(ApiKeyEnrolment, SelfEnrolRegistersOnlyANamesFirstKey) {
  use_self_enrol();
  const std::string token = newcomer("dr.new");
  const std::string vkey = browser_vkey("who/dr.new");
  const std::uint64_t before = log_size();
  const Reply r = request(vkey, token);
  ASSERT_EQ(r.status, 201) << r.text;
  EXPECT_EQ(r.body["status"], "registered");
  EXPECT_EQ(r.body["vkey"], vkey);
  EXPECT_TRUE(registered("who", "dr.new"));
  EXPECT_EQ(log_size(), before + 1);
  EXPECT_TRUE(requests().empty());
  EXPECT_EQ(key_of(token)["status"], "registered");

  // The same key again is already there; another is a replacement, which
  // waits for an admin's rotation: trust on first use is for the first key.
  const Reply again = request(vkey, token);
  EXPECT_EQ(again.status, 200) << again.text;
  EXPECT_EQ(again.body["status"], "registered");
  const Reply second = request(browser_vkey("who/dr.new"), token);
  EXPECT_EQ(second.status, 202) << second.text;
  EXPECT_EQ(second.body["replaces"], vkey);
  // The registered key is still the first one.
  const auto all = svc->officers();
  ASSERT_TRUE(all.ok());
  std::string registered_vkey;
  for (const app::OfficerInfo& o : all.value())
    if (o.name == "dr.new") registered_vkey = o.vkey;
  EXPECT_EQ(registered_vkey, vkey);
  // A fixture officer's name has its key already: the same.
  EXPECT_EQ(request(browser_vkey("who/" + officer("who")), login_party("who")).status, 202);
  EXPECT_EQ(log_size(), before + 1);
}

TEST_F(ApiKeyEnrolment, ARevokedNameGetsANewKeyOnlyByAnAdminsRotation) {
  use_self_enrol();
  const std::string token = newcomer("dr.new");
  const std::string first = browser_vkey("who/dr.new");
  ASSERT_EQ(request(first, token).status, 201);
  ASSERT_EQ(call("DELETE", "/api/v1/officers/who/dr.new", "", admin).status, 204);
  const json key = key_of(token);
  EXPECT_EQ(key["status"], "none");
  EXPECT_TRUE(key.contains("revoked_at"));
  // The revoked key itself can never come back.
  expect_problem(request(first, token), 422, "key-reused");
  const std::uint64_t before = log_size();
  const Reply r = request(browser_vkey("who/dr.new"), token);
  ASSERT_EQ(r.status, 202) << r.text;  // not self-enrolled: a replacement
  EXPECT_EQ(r.body["replaces"], first);
  EXPECT_EQ(r.body["replaces_revoked"], true);
  EXPECT_EQ(log_size(), before);
  const json listed = requests();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["replaces"], first);
  EXPECT_EQ(key_of(token)["status"], "pending");
}

// The deployment's public config: what the web UI offers as choices comes
// from the config, not from the UI's own lists.
using ApiDeployment = ApiTest;

TEST_F(ApiDeployment, GivesEachStagesReasonsFromTheConfig) {
  expect_problem(call("GET", "/api/v1/deployment", "", ""), 401, "no-session");
  const Reply r = call("GET", "/api/v1/deployment", "", login_party("cogat"));
  ASSERT_EQ(r.status, 200) << r.text;
  const core::Config& cfg = svc->config();
  ASSERT_EQ(r.body["workflows"].size(), cfg.workflows.size());
  for (std::size_t i = 0; i < cfg.workflows.size(); ++i) {
    const auto& w = r.body["workflows"][i];
    EXPECT_EQ(w["category"], cfg.workflows[i].category);
    ASSERT_EQ(w["stages"].size(), cfg.workflows[i].stages.size());
    for (std::size_t s = 0; s < w["stages"].size(); ++s) {
      EXPECT_EQ(w["stages"][s]["id"], cfg.workflows[i].stages[s].id);
      EXPECT_EQ(w["stages"][s]["party"], cfg.workflows[i].stages[s].party);
      EXPECT_EQ(w["stages"][s]["reasons"].get<std::vector<std::string>>(),
                cfg.workflows[i].stages[s].reasons);
    }
  }
  EXPECT_EQ(r.body["manifest"]["turn_back_reasons"].get<std::vector<std::string>>(),
            cfg.manifest.turn_back_reasons);
  EXPECT_EQ(r.body["manifest"]["operator"], cfg.manifest.operator_party);
  EXPECT_EQ(r.body["days"]["open"].get<std::vector<std::string>>(), cfg.days.open);
  EXPECT_EQ(r.body["parties"].size(), cfg.parties.size());
  // Nothing secret: no key material in it.
  EXPECT_EQ(r.text.find("+A"), std::string::npos);
}

}  // namespace
}  // namespace corridor::api
