// GET /api/v1/stats's filters (issue 15): each bad value named, an urgency
// filter only for the parties that see urgency, deaths by urgency only to
// them, and every figure narrowed by the filters.

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

class ApiStats : public ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    import_good();
  }
  Reply stats(const std::string& query, const std::string& token) {
    return call("GET", "/api/v1/stats" + query, "", token);
  }
};

TEST_F(ApiStats, EachBadFilterIsNamed) {
  const std::string who = login_party("who");
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"since=2025-02-30", "since"},       {"until=tomorrow", "until"},
      {"direction=sideways", "direction"}, {"category=tourist", "category"},
      {"urgency=whenever", "urgency"},     {"since=2025-11-25&until=2025-11-24", "until"}};
  for (const auto& [query, field] : bad) {
    const Reply r = stats("?" + query, who);
    EXPECT_EQ(r.status, 422) << query << ": " << r.text;
    EXPECT_EQ(r.problem(), "invalid") << r.text;
    EXPECT_EQ(r.body.value("field", ""), field) << query << ": " << r.text;
  }
}

TEST_F(ApiStats, FiltersNarrowEveryFigure) {
  const std::string who = login_party("who");
  const Reply all = stats("", who);
  ASSERT_EQ(all.status, 200) << all.text;
  EXPECT_EQ(all.body["waiting"]["total"], 12);
  EXPECT_EQ(all.body["waiting"]["by_role"]["companion"], 3);
  EXPECT_FALSE(all.body["backlog"].empty());
  const Reply companions = stats("?category=companion", who);
  ASSERT_EQ(companions.status, 200) << companions.text;
  EXPECT_EQ(companions.body["waiting"]["total"], 3);
  EXPECT_EQ(companions.body["filter"]["category"], "companion");
  EXPECT_EQ(companions.body["backlog"].back()["waiting"], 3);
  const Reply entry = stats("?direction=entry", who);
  EXPECT_EQ(entry.body["waiting"]["total"], 3);
  const Reply critical = stats("?urgency=critical", who);
  ASSERT_EQ(critical.status, 200) << critical.text;
  EXPECT_EQ(critical.body["waiting"]["total"], 1);
  EXPECT_TRUE(critical.body["crossings"]["capacity"].is_null());  // not offered by urgency
}

TEST_F(ApiStats, UrgencyIsNeitherAFilterNorADeathsBreakdownForWhoMayNotSeeIt) {
  auto closed = svc->close_case({"WHO-2025-0102", core::ClosureKind::deceased, ""}, key("who"));
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  for (const std::string party : {"who", "egypt", "pa", "cogat", "eubam"}) {
    SCOPED_TRACE(party);
    const std::string token = login_party(party);
    const bool sees = svc->config().may_see(party, "urgency");
    const Reply r = stats("", token);
    ASSERT_EQ(r.status, 200) << r.text;
    EXPECT_EQ(r.body["deceased"]["total"], 1);
    EXPECT_EQ(r.body["deceased"]["by_date"][0]["cumulative"], 1);
    EXPECT_EQ(r.body["deceased"].contains("by_urgency"), sees) << r.body["deceased"];
    if (sees) EXPECT_EQ(r.body["deceased"]["by_urgency"]["critical"], 1);
    const Reply filtered = stats("?urgency=critical", token);
    if (sees) {
      EXPECT_EQ(filtered.status, 200) << filtered.text;
    } else {
      EXPECT_EQ(filtered.status, 403) << filtered.text;
      EXPECT_EQ(filtered.problem(), "not-visible");
      EXPECT_EQ(filtered.body.value("field", ""), "urgency");
    }
  }
  // The Rafah parties by name.
  EXPECT_FALSE(svc->config().may_see("cogat", "urgency"));
  EXPECT_FALSE(svc->config().may_see("eubam", "urgency"));
}

}  // namespace
}  // namespace corridor::api
