// The work queue's order (issue 15): most urgent first for the parties
// that may see urgency, refused to the others; each companion right after
// its patient.

#include <corridor/api/api_test_fixture.hpp>

namespace corridor::api {
namespace {

using nlohmann::json;
using testing::ApiTest;
using testing::Reply;

class ApiQueueOrder : public ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    import_good();
    // The WHO's referral makes each patient's acceptance decidable, beside
    // its companions' (whose workflow starts there).
    for (const char* patient : {"WHO-2025-0101", "WHO-2025-0102", "WHO-2025-0103", "WHO-2025-0104"})
      approve(patient, "referral", "who");
  }
  static std::vector<std::string> refs(const Reply& r) {
    std::vector<std::string> out;
    for (const json& i : r.body["items"]) out.push_back(i["ref"]);
    return out;
  }
};

TEST_F(ApiQueueOrder, PutsEachCompanionRightAfterItsPatient) {
  const Reply r = call("GET", "/api/v1/queue?limit=200", "", login_party("egypt"));
  ASSERT_EQ(r.status, 200) << r.text;
  const auto order = refs(r);
  // good.csv lists WHO-2025-0102-C1 before its patient: the queue does not.
  for (const std::string patient : {"WHO-2025-0101", "WHO-2025-0102", "WHO-2025-0104"}) {
    const auto p = std::find(order.begin(), order.end(), patient);
    ASSERT_NE(p, order.end()) << patient;
    ASSERT_NE(p + 1, order.end()) << patient;
    EXPECT_EQ(*(p + 1), patient + "-C1") << r.text;
  }
  for (const json& i : r.body["items"])
    if (i["ref"] == "WHO-2025-0102-C1") EXPECT_EQ(i["group_ref"], "WHO-2025-0102");
}

TEST_F(ApiQueueOrder, SortsByUrgencyForAPartyThatMaySeeIt) {
  const Reply r = call("GET", "/api/v1/queue?sort=urgency&limit=200", "", login_party("egypt"));
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body["sees_urgency"], true);
  EXPECT_EQ(r.body["sort"], "urgency");
  std::vector<std::string> urgencies;
  for (const json& i : r.body["items"])
    if (i.contains("urgency")) urgencies.push_back(i["urgency"]);
  EXPECT_EQ(urgencies, (std::vector<std::string>{"life-saving", "critical", "urgent", "routine"}));
  EXPECT_EQ(refs(r).front(), "WHO-2025-0101");  // the life-saving patient, then its companion
  EXPECT_EQ(refs(r)[1], "WHO-2025-0101-C1");
}

TEST_F(ApiQueueOrder, RefusesAnUrgencyOrderToAPartyThatMayNotSeeIt) {
  const std::string cogat = login_party("cogat");
  const Reply r = call("GET", "/api/v1/queue?sort=urgency", "", cogat);
  EXPECT_EQ(r.status, 403) << r.text;
  EXPECT_EQ(r.body.value("field", ""), "urgency");
  const Reply plain = call("GET", "/api/v1/queue", "", cogat);
  ASSERT_EQ(plain.status, 200) << plain.text;
  EXPECT_EQ(plain.body["sees_urgency"], false);
  const Reply bad = call("GET", "/api/v1/queue?sort=name", "", login_party("who"));
  EXPECT_EQ(bad.status, 422) << bad.text;
  EXPECT_EQ(bad.body.value("field", ""), "sort");
}

}  // namespace
}  // namespace corridor::api
