// The HTTP API's input holes (issue 13, section 4): bodies with a member
// given twice, read-log reasons with control characters, manifest reads per
// traveller, imports checked before signing, free text with line breaks,
// break-glass reasons and the Idempotency-Key, logins under a burst.

#include <corridor/api/api.hpp>

#include <corridor/api/api_test_fixture.hpp>
#include <corridor/app/service.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace corridor::api {
namespace {

using nlohmann::json;
using testing::ApiTest;
using testing::Reply;

const std::string k_patient = "WHO-2025-0101";
const std::string k_cases = "/api/v1/cases/";

std::string test_file(const std::string& name) {
  std::ifstream in(CORRIDOR_SOURCE_DIR "/tests/data/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void expect_invalid(const Reply& r, const std::string& field) {
  EXPECT_EQ(r.status, 422) << r.text;
  EXPECT_EQ(r.problem(), "invalid") << r.text;
  EXPECT_EQ(r.body.value("field", ""), field) << r.text;
}

class ApiInput : public ApiTest {
protected:
  // The read log's entries for `ref`, as the admin sees them.
  json reads_of(const std::string& ref) {
    const Reply r = call("GET", "/api/v1/read-log?ref=" + ref, "", login("admin-1"));
    EXPECT_EQ(r.status, 200) << r.text;
    return r.body["reads"];
  }

  // POSTs a CSV file to /api/v1/imports as the pa officer.
  Reply import(const std::string& csv, const std::string& token, bool dry_run = false) {
    return call("POST", "/api/v1/imports?file=x.csv" + std::string(dry_run ? "&dry_run=1" : ""),
                csv, token);
  }

  // The whole detail lines of a problem.
  static std::string details(const Reply& r) {
    std::string out;
    if (r.body.contains("errors"))
      for (const json& d : r.body["errors"]) out += d.get<std::string>() + "\n";
    return out;
  }
};

// ---------------------------------------------------------------------------
// Duplicate members.

// {"outcome":"approve","outcome":"deny"} used to draft a deny: the last
// member won, while a person or another parser reads an approval.
TEST_F(ApiInput, ABodyNamingAMemberTwiceIsRefusedNamingIt) {
  import_good();
  const std::string who = login_party("who");
  const Reply r = call("POST", k_cases + k_patient + "/decisions",
                       R"({"stage":"referral","outcome":"approve","outcome":"deny"})", who);
  expect_invalid(r, "outcome");
  EXPECT_NE(r.body.value("detail", "").find("twice"), std::string::npos) << r.text;
  // At every depth: inside the objects of a bulk body.
  expect_invalid(call("POST", "/api/v1/decisions",
                      R"({"decisions":[{"ref":"WHO-2025-0101","stage":"referral",)"
                      R"("outcome":"approve","stage":"acceptance"}]})",
                      who),
                 "decisions[0].stage");
  // And for a login, before any password is checked.
  expect_invalid(
      call("POST", "/api/v1/session",
           R"({"name":"who-officer","name":"pa-officer","password":"a password for tests"})"),
      "name");
  // The same members once each are fine.
  EXPECT_EQ(call("POST", k_cases + k_patient + "/decisions",
                 R"({"stage":"referral","outcome":"approve"})", who)
                .status,
            201);
}

// ---------------------------------------------------------------------------
// The read log.

TEST_F(ApiInput, AReadReasonWithAControlCharacterIsRefusedAndNothingIsRead) {
  import_good();
  const std::string who = login_party("who");
  for (const char* why : {"a%0Ab", "%1B%5B2Jclear", "tab%09bed", "c1%C2%9B", "bad%FFutf8"}) {
    SCOPED_TRACE(why);
    expect_invalid(call("GET", k_cases + k_patient + "?why=" + why, "", who), "why");
  }
  EXPECT_TRUE(reads_of(k_patient).empty());
  // Break-glass reasons follow the same rule.
  expect_invalid(post(k_cases + k_patient + "/break-glass",
                      {{"reason", "family emergency\n\x1b[2Jfake entry"}}, who),
                 "reason");
  EXPECT_TRUE(reads_of(k_patient).empty());
  EXPECT_EQ(call("GET", k_cases + k_patient + "?why=checking%20the%20referral", "", who).status,
            200);
  ASSERT_EQ(reads_of(k_patient).size(), 1u);
}

// docs/api.md: "at least 10 characters". Characters, not bytes, and not
// blanks.
TEST_F(ApiInput, ABreakGlassReasonNeedsTenCharacters) {
  import_good();
  const std::string cogat = login_party("cogat");
  const std::string five_arabic = "\xD8\xB7\xD9\x88\xD8\xA7\xD8\xB1\xD8\xA6";  // 5 letters
  ASSERT_GE(five_arabic.size(), 10u);
  expect_invalid(post(k_cases + k_patient + "/break-glass", {{"reason", five_arabic}}, cogat),
                 "reason");
  expect_invalid(post(k_cases + k_patient + "/break-glass", {{"reason", "          x"}}, cogat),
                 "reason");
  EXPECT_EQ(
      post(k_cases + k_patient + "/break-glass", {{"reason", five_arabic + five_arabic}}, cogat)
          .status,
      200);
}

// docs/api.md and the code agree: a break-glass read needs no
// Idempotency-Key, and every call is a logged read, never a replay (its
// answer, the whole record, is not stored).
TEST_F(ApiInput, BreakGlassIsNotIdempotentAndLogsEveryRead) {
  import_good();
  const std::string cogat = login_party("cogat");
  const std::string body = json{{"reason", "the family called about it"}}.dump();
  EXPECT_EQ(call("POST", k_cases + k_patient + "/break-glass", body, cogat).status, 200);
  for (int i = 0; i < 2; ++i) {
    const Reply r = call("POST", k_cases + k_patient + "/break-glass", body, cogat,
                         {{"Idempotency-Key", "same-key"}});
    EXPECT_EQ(r.status, 200) << r.text;
    EXPECT_EQ(r.header("Idempotent-Replayed"), "");
  }
  EXPECT_EQ(reads_of(k_patient).size(), 3u);
}

class ApiManifestReads : public ApiInput {
protected:
  void SetUp() override {
    ApiInput::SetUp();
    if (HasFatalFailure()) return;
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
    const core::Date day{2025, 11, 25};
    for (const char* party : {"egypt", "cogat"}) {
      auto opened =
          svc->change_crossing({"open", day, day, "a test day", std::nullopt}, key(party));
      ASSERT_TRUE(opened.ok()) << opened.error().message;
    }
    auto built = svc->build_manifest(day, core::Direction::exit, key("pa"));
    ASSERT_TRUE(built.ok()) << built.error().message;
  }
};

// A published list shows names: each traveller's read log shows the read.
TEST_F(ApiManifestReads, AManifestReadIsLoggedUnderEachTravellersRef) {
  const std::string cogat = login_party("cogat");
  const Reply m =
      call("GET", "/api/v1/manifests/2025-11-25/exit?why=preparing%20the%20gate", "", cogat);
  ASSERT_EQ(m.status, 200) << m.text;
  ASSERT_FALSE(m.body["travellers"].empty());
  for (const json& line : m.body["travellers"]) {
    const std::string ref = line["ref"];
    SCOPED_TRACE(ref);
    const json reads = reads_of(ref);
    ASSERT_EQ(reads.size(), 1u) << reads.dump();
    EXPECT_EQ(reads[0]["party"], "cogat");
    EXPECT_EQ(reads[0]["reason"], "preparing the gate");
    EXPECT_EQ(reads[0]["what"], "published list (manifest 2025-11-25 exit)");
  }
  expect_invalid(call("GET", "/api/v1/manifests/2025-11-25/exit?why=x%0Dy", "", cogat), "why");
}

// ---------------------------------------------------------------------------
// Imports over HTTP.

// Refs already stored, people with an open case, refs twice in the file: all
// reported before anything is drafted to sign, as `import --dry-run` does.
TEST_F(ApiInput, AnImportReportsStoredAndDuplicateRefsBeforeAnythingIsSigned) {
  import_good();
  const std::string pa = login_party("pa");
  const std::uint64_t size = log_size();
  for (bool dry_run : {false, true}) {
    SCOPED_TRACE(dry_run);
    const Reply again = import(test_file("good.csv"), pa, dry_run);
    EXPECT_EQ(again.status, 422) << again.text;
    EXPECT_EQ(again.problem(), "import-rows") << again.text;
    EXPECT_FALSE(again.body.contains("sign")) << again.text;
    const std::string lines = details(again);
    EXPECT_NE(lines.find("row 2, ref: case WHO-2025-0101 already exists in the store"),
              std::string::npos)
        << lines;
    EXPECT_NE(lines.find("row 2, national_id: this person already has an open exit case"),
              std::string::npos)
        << lines;
  }
  const Reply dup = import(test_file("bad_duplicate_ref.csv"), pa);
  EXPECT_EQ(dup.status, 422) << dup.text;
  EXPECT_NE(details(dup).find("duplicate ref"), std::string::npos) << dup.text;
  EXPECT_EQ(log_size(), size);
}

TEST_F(ApiInput, AnImportOfAHeaderAndNoRowsIsAnError) {
  const std::string pa = login_party("pa");
  const Reply r = import(test_file("header_only.csv"), pa);
  EXPECT_EQ(r.status, 422) << r.text;
  EXPECT_NE(details(r).find("row 1: no rows: the file has a header and no cases"),
            std::string::npos)
      << r.text;
}

// A spreadsheet's export: BOM, CR LF, a quoted diagnosis of several lines.
TEST_F(ApiInput, AnImportKeepsTheLineBreaksOfADiagnosisAsLf) {
  const std::string pa = login_party("pa");
  const Reply draft = import(test_file("multiline.csv"), pa);
  ASSERT_EQ(draft.status, 201) << draft.text;
  const Reply done = sign_and_commit(draft, "pa", pa);
  ASSERT_EQ(done.status, 200) << done.text;
  const Reply c = call("GET", k_cases + "WHO-2025-0201", "", login_party("who"));
  ASSERT_EQ(c.status, 200) << c.text;
  EXPECT_EQ(c.body["diagnosis"], "oncology\nstage 2,\tright lung\nsee the \"attached\" scan");
}

// ---------------------------------------------------------------------------
// Logins under a burst.

// With every password-check slot taken, a login is refused at once with 503
// and Retry-After, rather than queued (each check holds 64 MiB).
TEST_F(ApiInput, ALoginBeyondTheConcurrentChecksIsRefusedAtOnce) {
  api.reset();
  Reply inner;
  AuthOptions o{.fast_hash_for_tests = true, .max_concurrent_checks = 1};
  o.on_password_check = [&] {
    if (inner.status == 0)  // the outer login holds the only slot
      inner =
          call("POST", "/api/v1/session",
               json{{"name", "pa-officer"}, {"password", std::string(testing::k_password)}}.dump());
  };
  auth = std::make_unique<Auth>(*svc, env, o);
  api = std::make_unique<Api>(*svc, *auth, env);
  (void)call("POST", "/api/v1/session",
             json{{"name", "who-officer"}, {"password", std::string(testing::k_password)}}.dump());
  EXPECT_EQ(inner.status, 503) << inner.text;
  EXPECT_EQ(inner.problem(), "overloaded") << inner.text;
  EXPECT_EQ(inner.header("Retry-After"), "1");
  EXPECT_EQ(login("pa-officer").empty(), false);  // the slot is free again
}

// Approving a list answers, once signed, with the list and its names: the
// approver's read of each traveller is logged like GET of the list.
TEST_F(ApiManifestReads, ApprovingAListIsLoggedUnderEachTravellersRef) {
  const std::string egypt = login_party("egypt");
  const Reply draft = call("POST", "/api/v1/manifests/2025-11-25/exit/approval", "", egypt);
  ASSERT_EQ(draft.status, 201) << draft.text;
  const Reply done = sign_and_commit(draft, "egypt", egypt);
  ASSERT_EQ(done.status, 200) << done.text;
  ASSERT_FALSE(done.body["travellers"].empty()) << done.text;
  for (const json& line : done.body["travellers"]) {
    const std::string ref = line["ref"];
    SCOPED_TRACE(ref);
    const json reads = reads_of(ref);
    ASSERT_EQ(reads.size(), 1u) << reads.dump();
    EXPECT_EQ(reads[0]["party"], "egypt");
    EXPECT_EQ(reads[0]["reason"], "list signed");
    EXPECT_EQ(reads[0]["what"], "published list (manifest 2025-11-25 exit)");
  }
}

}  // namespace
}  // namespace corridor::api
