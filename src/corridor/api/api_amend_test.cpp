// Amendments over HTTP: a real If-Match (the version the officer read) is
// required, "*" is not one; drafting is a logged read of the case; a
// refusal names amend-party and the field; the draft shows no flag to a
// party that may not see flags.

#include <corridor/api/api.hpp>

#include <corridor/api/api_test_fixture.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace corridor::api {
namespace {

using nlohmann::json;
using testing::ApiTest;
using testing::Reply;

const std::string k_patient = "WHO-2025-0101";
const std::string k_target = "/api/v1/cases/" + k_patient + "/amendments";

class ApiAmend : public ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    import_good();
    pa = login_party("pa");
  }

  std::string etag(const std::string& token) {
    return call("GET", "/api/v1/cases/" + k_patient, "", token).header("ETag");
  }

  Reply amend(const json& changes, const std::string& token, testing::HeaderList headers) {
    return call("POST", k_target, json{{"changes", changes}}.dump(), token, headers);
  }

  json reads() {
    const Reply r = call("GET", "/api/v1/read-log?ref=" + k_patient, "", login("admin-1"));
    EXPECT_EQ(r.status, 200) << r.text;
    return r.body["reads"];
  }

  std::string pa;
};

void expect_precondition_required(const Reply& r) {
  EXPECT_EQ(r.status, 428) << r.text;
  EXPECT_EQ(r.problem(), "precondition-required") << r.text;
  EXPECT_EQ(r.body.value("field", ""), "If-Match") << r.text;
}

TEST_F(ApiAmend, NeedsTheVersionTheOfficerReadNotAnyVersion) {
  const json change{{"name_en", "Mohammed Ahmed Al-Shaer"}};
  const std::uint64_t before = log_size();
  expect_precondition_required(amend(change, pa, {}));
  expect_precondition_required(amend(change, pa, {{"If-Match", "*"}}));
  const std::string read = etag(pa);
  ASSERT_FALSE(read.empty());
  // The case changes after it was read: that version is stale now.
  approve(k_patient, "referral", "who");
  const Reply stale = amend(change, pa, {{"If-Match", read}});
  EXPECT_EQ(stale.status, 409) << stale.text;
  EXPECT_EQ(stale.problem(), "stale-version");
  EXPECT_EQ(log_size(), before + 1);  // the approval only
  const Reply fresh = amend(change, pa, {{"If-Match", etag(pa)}});
  ASSERT_EQ(fresh.status, 201) << fresh.text;
  EXPECT_EQ(sign_and_commit(fresh, "pa", pa).status, 200);
  EXPECT_EQ(svc->get_case(k_patient)->record.person.name_en, "Mohammed Ahmed Al-Shaer");
  // The referral approved on the old identity is stale: to decide again,
  // which the case view says as `actionable` (the web UI's form follows it).
  const Reply view = call("GET", "/api/v1/cases/" + k_patient, "", login_party("who"));
  ASSERT_EQ(view.status, 200) << view.text;
  const json& referral = view.body["stages"][0];
  EXPECT_EQ(referral["status"], "stale") << view.text;
  EXPECT_EQ(referral["actionable"], true) << view.text;
  EXPECT_EQ(view.body["stages"][1]["actionable"], false) << view.text;  // waits for the referral
}

TEST_F(ApiAmend, DraftingIsALoggedReadOfTheCase) {
  const std::string tag = etag(pa);
  ASSERT_EQ(reads().size(), 1u);  // the GET
  env.advance(10);
  const Reply draft = amend({{"phone", "+970 59 000 0001"}}, pa, {{"If-Match", tag}});
  ASSERT_EQ(draft.status, 201) << draft.text;
  const json r = reads();
  ASSERT_EQ(r.size(), 2u) << r.dump();
  EXPECT_EQ(r[0]["account"], officer("pa"));
  EXPECT_EQ(r[0]["party"], "pa");
  EXPECT_EQ(r[0]["what"], "amendment draft");
  EXPECT_EQ(r[0]["reason"], "amendment");
  EXPECT_EQ(r[0]["at"], core::format_timestamp(env.now()));
  // ?why= as GET takes it.
  const Reply again =
      call("POST", k_target + "?why=the%20family%20called",
           json{{"changes", {{"phone", "+970 59 000 0002"}}}}.dump(), pa, {{"If-Match", tag}});
  ASSERT_EQ(again.status, 201) << again.text;
  EXPECT_EQ(reads()[0]["reason"], "the family called");
}

// The oracle of issue 13: cogat cannot see the phone. Guessing it right or
// wrong gets the same answer, and nothing is drafted.
TEST_F(ApiAmend, ARefusalNamesTheRuleAndTheFieldAndNothingElse) {
  const std::string cogat = login_party("cogat");
  const std::string tag = etag(cogat);
  const std::string phone = svc->get_case(k_patient)->record.person.phone;
  const Reply right = amend({{"phone", phone}}, cogat, {{"If-Match", tag}});
  const Reply wrong = amend({{"phone", "+970 59 999 9999"}}, cogat, {{"If-Match", tag}});
  EXPECT_EQ(right.status, 403) << right.text;
  EXPECT_EQ(right.problem(), "amend-party");
  EXPECT_EQ(right.body.value("field", ""), "changes.phone");
  EXPECT_EQ(right.text, wrong.text);
}

// A change of the phone (no new snapshot) is a new version too: a second
// officer who read the case before it cannot overwrite it unseen. And the
// version says nothing a party could test a guess of the phone against.
TEST_F(ApiAmend, APrivateFieldChangeIsANewVersion) {
  const std::string before = etag(pa);
  const Reply first = amend({{"phone", "+970 59 000 0001"}}, pa, {{"If-Match", before}});
  ASSERT_EQ(first.status, 201) << first.text;
  ASSERT_EQ(sign_and_commit(first, "pa", pa).status, 200);
  const std::string after = etag(pa);
  EXPECT_NE(after, before);
  const Reply second = amend({{"phone", "+970 59 000 0002"}}, pa, {{"If-Match", before}});
  EXPECT_EQ(second.status, 409) << second.text;
  EXPECT_EQ(second.problem(), "stale-version");
  EXPECT_EQ(after.find(core::to_hex(svc->get_case(k_patient)->record.snapshot).substr(0, 16)),
            std::string::npos);
}

// ?why= on the draft follows the rule of every read reason: no control
// characters, refused naming "why" before anything is read.
TEST_F(ApiAmend, AWhyWithAControlCharacterIsRefusedNamingIt) {
  const Reply r =
      call("POST", k_target + "?why=a%0Afake%20line",
           json{{"changes", {{"phone", "+970 59 000 0001"}}}}.dump(), pa, {{"If-Match", etag(pa)}});
  EXPECT_EQ(r.status, 422) << r.text;
  EXPECT_EQ(r.body.value("field", ""), "why") << r.text;
  EXPECT_EQ(reads().size(), 1u);  // the GET only
}

}  // namespace
}  // namespace corridor::api
