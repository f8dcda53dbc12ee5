// The work queue's order (issue 15): most urgent first for the parties
// that may see urgency, refused to the others; each companion right after
// its patient.

#include <corridor/api/api_test_fixture.hpp>

#include <set>

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

// Pages come from a list kept per (party, query) while the party's queue
// is current: each party still gets exactly its own work (the slow
// definition, Service::work_queue), a later page is the same list's slice,
// and a decision (the log grows) shows on the next page at once.
TEST_F(ApiQueueOrder, KeepsEachPartysPagesApartAndFollowsTheLog) {
  using Items = std::set<std::pair<std::string, std::string>>;
  auto page = [&](const std::string& party, const std::string& range) {
    const Reply r = call("GET", "/api/v1/queue?" + range, "", login_party(party));
    EXPECT_EQ(r.status, 200) << r.text;
    return r;
  };
  auto items_of = [](const Reply& r) {
    Items out;
    for (const json& i : r.body["items"]) out.emplace(i["ref"], i["stage"]);
    return out;
  };
  auto derived = [&](const std::string& party) {
    Items out;
    const auto queue = svc->work_queue(party);
    EXPECT_TRUE(queue.ok());
    if (queue.ok())
      for (const app::QueueItem& q : *queue) out.emplace(q.ref, q.stage);
    return out;
  };
  for (const std::string party : {"egypt", "cogat", "egypt", "cogat"}) {
    const Reply all = page(party, "limit=200");
    EXPECT_EQ(all.body["party"], party);
    EXPECT_EQ(items_of(all), derived(party)) << party;
    const Reply slice = page(party, "limit=2&offset=2");
    ASSERT_GE(all.body["items"].size(), 4u);
    EXPECT_EQ(slice.body["items"][0], all.body["items"][2]);
    EXPECT_EQ(slice.body["items"][1], all.body["items"][3]);
    EXPECT_EQ(slice.body["total"], all.body["total"]);
  }
  const std::pair<std::string, std::string> decided{"WHO-2025-0101", "acceptance"};
  ASSERT_TRUE(items_of(page("egypt", "limit=200")).count(decided));
  approve(decided.first, decided.second, "egypt");
  const Items after = items_of(page("egypt", "limit=200"));
  EXPECT_FALSE(after.count(decided));
  EXPECT_EQ(after, derived("egypt"));
}

}  // namespace
}  // namespace corridor::api
