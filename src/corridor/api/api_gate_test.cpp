// The gate over HTTP (issue 15): a check-in's draft shows who the document
// belongs to before anything is signed, the look-up is a logged read, a
// draft never signed leaves the log as it was, and a typo in a national ID
// is refused as such.

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

const core::Date k_day{2025, 11, 25};
const std::string k_checkins = "/api/v1/gate/2025-11-25/checkins";
const std::string k_companion_id = "403915820";  // on the day's list

class ApiGate : public ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    publish_exit_day(k_day);
    if (HasFatalFailure()) return;
    pa = login_party("pa");
  }

  json reads_of(const std::string& ref) {
    const Reply r = call("GET", "/api/v1/read-log?ref=" + ref, "", login("admin-1"));
    EXPECT_EQ(r.status, 200) << r.text;
    return r.body["reads"];
  }

  std::string pa;
};

TEST_F(ApiGate, TheCheckinDraftShowsTheTravellerAndSignsNothing) {
  const std::uint64_t before = log_size();
  const Reply draft = post(k_checkins, {{"id", k_companion_id}}, pa);
  ASSERT_EQ(draft.status, 201) << draft.text;
  const json& t = draft.body.at("traveller");
  const std::string ref = t.at("ref");
  EXPECT_EQ(t["direction"], "exit");
  EXPECT_EQ(t["category"], "companion");
  // Both scripts, for the gate to check the person against the document.
  EXPECT_FALSE(t["person"].value("name_ar", "").empty()) << t.dump();
  EXPECT_FALSE(t["person"].value("name_en", "").empty()) << t.dump();
  EXPECT_EQ(t["person"]["national_id"], k_companion_id);
  // Only what the operator's party may see of the record.
  for (const auto& [field, v] : t["person"].items())
    EXPECT_TRUE(svc->config().may_see("pa", field)) << field;
  // The look-up is a read of the traveller's record, logged under its ref.
  const json reads = reads_of(ref);
  ASSERT_EQ(reads.size(), 1u) << reads.dump();
  EXPECT_EQ(reads[0]["party"], "pa");
  EXPECT_EQ(reads[0]["what"], "identity check");
  // Nothing is in the log until it is signed; discarded, nothing ever is.
  EXPECT_EQ(log_size(), before);
  ASSERT_EQ(call("DELETE", draft.body["commit"].get<std::string>(), "", pa).status, 204);
  EXPECT_EQ(log_size(), before);
  EXPECT_EQ(svc->get_case(ref)->view.state, core::CaseState::scheduled);
  // Looked up again, then signed: the check-in is in the log.
  const Reply again = post(k_checkins, {{"id", k_companion_id}}, pa);
  const Reply committed = sign_and_commit(again, "pa", pa);
  ASSERT_EQ(committed.status, 200) << committed.text;
  EXPECT_EQ(committed.body["outcome"], "crossed");
  EXPECT_EQ(log_size(), before + 1);
}

// A refused look-up that shows the approved identity beside the document's
// is a read of that record too, logged under its ref.
TEST_F(ApiGate, AnIdentityMismatchIsALoggedRead) {
  const Reply refused =
      post(k_checkins, {{"id", k_companion_id}, {"date_of_birth", "1900-01-01"}}, pa);
  ASSERT_EQ(refused.status, 422) << refused.text;
  EXPECT_EQ(refused.problem(), "identity-mismatch");
  const Reply found = post(k_checkins, {{"id", k_companion_id}}, pa);
  ASSERT_EQ(found.status, 201) << found.text;
  const json reads = reads_of(found.body["traveller"]["ref"].get<std::string>());
  ASSERT_EQ(reads.size(), 2u) << reads.dump();  // the refused look-up, then this one
  EXPECT_EQ(reads[0]["what"], "identity check");
  EXPECT_EQ(reads[1]["what"], "identity check");
}

TEST_F(ApiGate, AWrongCheckDigitIsRefusedAsSuch) {
  std::string typo = k_companion_id;
  typo.back() = typo.back() == '9' ? '0' : static_cast<char>(typo.back() + 1);
  const Reply r = post(k_checkins, {{"id", typo}}, pa);
  EXPECT_EQ(r.status, 422) << r.text;
  EXPECT_EQ(r.problem(), "check-digit");
  EXPECT_EQ(r.body["field"], "document");
  // A number that is simply not listed is still not-on-manifest.
  const Reply absent = post(k_checkins, {{"id", "039337423"}}, pa);
  EXPECT_EQ(absent.problem(), "not-on-manifest") << absent.text;
}

// After a rebuild, the approvers see the list they approved beside the
// new one: its refs, in order, and who approved it.
TEST_F(ApiGate, ARebuiltListCarriesTheListItReplaced) {
  const std::string egypt = login_party("egypt");
  const std::string target = "/api/v1/manifests/2025-11-25/exit?why=approving";
  const Reply approved = call("GET", target, "", egypt);
  ASSERT_EQ(approved.status, 200) << approved.text;
  EXPECT_FALSE(approved.body.contains("replaced")) << "nothing was replaced yet";
  ASSERT_TRUE(svc->build_manifest(k_day, core::Direction::exit, key("pa")).ok());
  const Reply rebuilt = call("GET", target, "", egypt);
  ASSERT_EQ(rebuilt.status, 200) << rebuilt.text;
  const json& before = rebuilt.body.at("replaced");
  EXPECT_EQ(before["manifest"], approved.body["manifest"]);
  EXPECT_EQ(before["approved_by"], json({"cogat", "egypt"}));
  ASSERT_EQ(before["travellers"].size(), approved.body["travellers"].size());
  for (std::size_t i = 0; i < before["travellers"].size(); ++i) {
    EXPECT_EQ(before["travellers"][i]["ref"], approved.body["travellers"][i]["ref"]);
    EXPECT_EQ(before["travellers"][i]["standby"], approved.body["travellers"][i]["standby"]);
    EXPECT_FALSE(before["travellers"][i].contains("name_en")) << "refs only";
  }
  EXPECT_EQ(rebuilt.body["awaiting"].size(), 2u) << "the new list awaits both approvers";
}

}  // namespace
}  // namespace corridor::api
