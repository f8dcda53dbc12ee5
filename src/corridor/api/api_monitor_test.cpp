// The monitor's page (issue 15): the read log filtered by party, account,
// date range and reason, and the re-examinations ordered and not recorded.

#include <corridor/api/api.hpp>

#include <corridor/api/api_test_fixture.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace corridor::api {
namespace {

using nlohmann::json;
using testing::ApiTest;
using testing::Reply;

const std::string k_cases = "/api/v1/cases/";

class ApiMonitor : public ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    import_good();
  }

  std::vector<std::string> refs_of(const std::string& query, const std::string& token) {
    const Reply r = call("GET", "/api/v1/read-log" + query, "", token);
    EXPECT_EQ(r.status, 200) << query << ": " << r.text;
    std::vector<std::string> out;
    for (const json& e : r.body["reads"]) out.push_back(e["account"].get<std::string>());
    return out;
  }
};

TEST_F(ApiMonitor, TheReadLogFiltersByPartyAccountDateRangeAndReason) {
  const std::string who = login_party("who");
  ASSERT_EQ(call("GET", k_cases + "WHO-2025-0101", "", who).status, 200);
  env.advance(48 * app::testing::k_hour);
  const std::string cogat = login_party("cogat");
  ASSERT_EQ(
      post(k_cases + "WHO-2025-0101/break-glass", {{"reason", "family called the desk"}}, cogat)
          .status,
      200);
  const std::string eubam = login_party("eubam");
  const std::string who_name = officer("who");
  const std::string cogat_name = officer("cogat");
  EXPECT_EQ(refs_of("?party=cogat", eubam), std::vector<std::string>{cogat_name});
  EXPECT_EQ(refs_of("?account=" + who_name, eubam), std::vector<std::string>{who_name});
  EXPECT_EQ(refs_of("?reason=family", eubam), std::vector<std::string>{cogat_name});
  // The range holds its last day whole; the first read was two days before.
  const std::string start = core::utc_date(app::testing::k_start).to_string();
  EXPECT_EQ(refs_of("?since=" + start + "&until=" + start, eubam),
            std::vector<std::string>{who_name});
  EXPECT_EQ(refs_of("?party=who&reason=family", eubam), std::vector<std::string>{});
  // Each bad value is named.
  for (const std::string bad : {"until=2025-13-01", "party=nobody", "since=yesterday"}) {
    const Reply r = call("GET", "/api/v1/read-log?" + bad, "", eubam);
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_EQ(r.body.value("field", ""), bad.substr(0, bad.find('='))) << r.text;
  }
}

TEST_F(ApiMonitor, PendingReexaminationsListTheOrdersNotYetRecorded) {
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
  for (const char* party : {"egypt", "cogat"})
    ASSERT_TRUE(
        svc->change_crossing({"open", day, day, "a test day", std::nullopt}, key(party)).ok());
  auto built = svc->build_manifest(day, core::Direction::exit, key("pa"));
  ASSERT_TRUE(built.ok()) << built.error().message;
  ASSERT_GE(built->lines.size(), 2u);
  for (const char* party : {"egypt", "cogat"})
    ASSERT_TRUE(svc->approve_manifest(day, core::Direction::exit, key(party)).ok());
  env.set(app::testing::k_start + 16 * app::testing::k_hour);  // 10:00 at the crossing
  const std::string first = built->lines[0].ref;
  const std::string second = built->lines[1].ref;
  for (const std::string& ref : {first, second}) {
    auto ordered = svc->reexamination(day, ref, "ordered", "bag check", key("eubam"));
    ASSERT_TRUE(ordered.ok()) << ordered.error().message;
  }
  ASSERT_TRUE(svc->reexamination(day, first, "recorded", "", key("eubam")).ok());

  const Reply r = call("GET", "/api/v1/reexaminations", "", login_party("eubam"));
  ASSERT_EQ(r.status, 200) << r.text;
  ASSERT_EQ(r.body["reexaminations"].size(), 1u) << r.text;
  const json& o = r.body["reexaminations"][0];
  EXPECT_EQ(o["ref"], second);
  EXPECT_EQ(o["date"], day.to_string());
  EXPECT_EQ(o["ordered_by"].get<std::string>().rfind("eubam/", 0), 0u) << o;
  // The operator, whose crossing it holds, sees the same list.
  EXPECT_EQ(call("GET", "/api/v1/reexaminations", "", login_party("pa")).body, r.body);
}

}  // namespace
}  // namespace corridor::api
