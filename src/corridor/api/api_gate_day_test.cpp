// The gate's day list over HTTP (issue 18): GET /api/v1/gate/{date}/travellers
// gives both directions' lists, each line as GET of the manifest shows it
// to the party, with the traveller's status at the gate; it follows each
// check-in, turn-back, no-show, re-examination and the day's closing; every
// traveller it names is a logged read.

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
const std::string k_list = "/api/v1/gate/2025-11-25/travellers";

class ApiGateDay : public ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    publish_exit_day(k_day);
    if (HasFatalFailure()) return;
    pa = login_party("pa");
  }

  json list(const std::string& token) {
    const Reply r = call("GET", k_list, "", token);
    EXPECT_EQ(r.status, 200) << r.text;
    return r.body;
  }

  // ref -> its line on the exit list, as the party sees it.
  std::map<std::string, json> lines(const std::string& token) {
    std::map<std::string, json> out;
    const json day = list(token);  // kept: the loop reads into it
    for (const json& l : day["manifests"]["exit"]["travellers"])
      out[l["ref"].get<std::string>()] = l;
    return out;
  }

  // The main list's travellers, in order.
  std::vector<std::string> main_list() {
    auto m = svc->manifest(k_day, core::Direction::exit);
    EXPECT_TRUE(m.ok());
    std::vector<std::string> refs;
    for (const app::ManifestLine& l : m->lines)
      if (!l.standby) refs.push_back(l.ref);
    return refs;
  }

  std::string id_of(const std::string& ref) {
    auto c = svc->get_case(ref);
    EXPECT_TRUE(c.ok());
    return c->record.person.national_id;
  }

  std::string pa;
};

// Each line is the manifest route's line for the same party, plus the
// status; nothing built for entry is null.
TEST_F(ApiGateDay, EachLineIsTheManifestsLineForTheSamePartyWithItsStatus) {
  for (const char* party : {"who", "egypt", "cogat", "pa", "eubam"}) {
    SCOPED_TRACE(party);
    const std::string token = login_party(party);
    const Reply manifest = call("GET", "/api/v1/manifests/2025-11-25/exit", "", token);
    ASSERT_EQ(manifest.status, 200) << manifest.text;
    const json day = list(token);
    EXPECT_EQ(day["date"], "2025-11-25");
    EXPECT_EQ(day["day_status"], "open");
    EXPECT_EQ(day["closed"], false);
    EXPECT_TRUE(day["manifests"]["entry"].is_null()) << day.dump();
    json shown = day["manifests"]["exit"];
    ASSERT_EQ(shown["travellers"].size(), manifest.body["travellers"].size());
    ASSERT_FALSE(shown["travellers"].empty());
    for (json& line : shown["travellers"]) {
      EXPECT_EQ(line["status"], "pending") << line.dump();
      line.erase("status");
    }
    EXPECT_EQ(shown, manifest.body);
  }
}

TEST_F(ApiGateDay, TheStatusFollowsTheGate) {
  const std::vector<std::string> main = main_list();
  ASSERT_GE(main.size(), 3u);
  auto crossed = svc->checkin({k_day, id_of(main[0])}, key("pa"));
  ASSERT_TRUE(crossed.ok()) << crossed.error().message;
  app::CheckinRequest back{k_day, id_of(main[1])};
  back.outcome = "turned-back";
  back.reason = "invalid-documents";
  ASSERT_TRUE(svc->checkin(back, key("pa")).ok());
  env.set(app::testing::k_start + 18 * app::testing::k_hour);  // noon: no-shows from now
  auto absent = svc->no_show(k_day, main[2], key("pa"));
  ASSERT_TRUE(absent.ok()) << absent.error().message;
  auto seen = lines(pa);
  EXPECT_EQ(seen[main[0]]["status"], "crossed");
  EXPECT_EQ(seen[main[1]]["status"], "turned-back");
  EXPECT_EQ(seen[main[1]]["reason"], "invalid-documents");
  EXPECT_EQ(seen[main[2]]["status"], "no-show");
  EXPECT_FALSE(seen[main[2]].contains("reason"));
  for (std::size_t i = 3; i < main.size(); ++i) EXPECT_EQ(seen[main[i]]["status"], "pending");
  // The turn-back's reason as the day's report shows it to each party.
  for (const char* party : {"cogat", "eubam", "who"}) {
    const std::string token = login_party(party);
    const std::string reason = lines(token)[main[1]]["reason"];
    EXPECT_EQ(reason == "withheld", party != std::string("who")) << party;
  }
}

TEST_F(ApiGateDay, TheDaysOrderIsShownOrderedThenRecorded) {
  const std::vector<std::string> main = main_list();
  ASSERT_TRUE(svc->reexamination(k_day, main[0], "ordered", "bag check", key("eubam")).ok());
  EXPECT_EQ(lines(pa)[main[0]]["reexamination"], "ordered");
  ASSERT_TRUE(svc->reexamination(k_day, main[0], "recorded", "", key("eubam")).ok());
  auto seen = lines(pa);
  EXPECT_EQ(seen[main[0]]["reexamination"], "recorded");
  EXPECT_EQ(seen[main[0]]["status"], "pending");
  EXPECT_FALSE(seen[main[1]].contains("reexamination"));
}

// An order from an earlier day, not yet recorded, still holds the
// traveller on a later day's list: shown there with the day it was ordered.
TEST_F(ApiGateDay, AnEarlierDaysOrderIsShownOnALaterDay) {
  const std::vector<std::string> main = main_list();
  ASSERT_TRUE(svc->reexamination(k_day, main[0], "ordered", "bag check", key("eubam")).ok());
  env.set(app::testing::k_start + 22 * app::testing::k_hour);  // 16:00 at the crossing
  ASSERT_TRUE(svc->close_day(k_day, key("pa")).ok());
  const core::Date next{2025, 11, 26};
  for (const char* party : {"egypt", "cogat"})
    ASSERT_TRUE(
        svc->change_crossing({"open", next, next, "the next day", std::nullopt}, key(party)).ok());
  auto built = svc->build_manifest(next, core::Direction::exit, key("pa"));
  ASSERT_TRUE(built.ok()) << built.error().message;
  const Reply r = call("GET", "/api/v1/gate/2025-11-26/travellers", "", pa);
  ASSERT_EQ(r.status, 200) << r.text;
  bool found = false;
  for (const json& l : r.body["manifests"]["exit"]["travellers"]) {
    if (l["ref"] != main[0]) {
      EXPECT_FALSE(l.contains("reexamination")) << l.dump();
      continue;
    }
    found = true;
    EXPECT_EQ(l["status"], "pending");
    EXPECT_EQ(l["reexamination"], "ordered") << l.dump();
    EXPECT_EQ(l["ordered_on"], "2025-11-25") << l.dump();
  }
  EXPECT_TRUE(found) << "the no-show is listed again on the next day";
}

TEST_F(ApiGateDay, AClosedDayHasNoOneAwaited) {
  const std::vector<std::string> main = main_list();
  ASSERT_TRUE(svc->checkin({k_day, id_of(main[0])}, key("pa")).ok());
  env.set(app::testing::k_start + 22 * app::testing::k_hour);  // 16:00 at the crossing
  auto closed = svc->close_day(k_day, key("pa"));
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  const json day = list(pa);
  EXPECT_EQ(day["closed"], true);
  for (const json& l : day["manifests"]["exit"]["travellers"]) {
    if (l["ref"] == main[0]) {
      EXPECT_EQ(l["status"], "crossed");
    } else if (!l["standby"].get<bool>()) {
      EXPECT_EQ(l["status"], "no-show") << l.dump();
    } else {
      EXPECT_EQ(l["status"], "pending") << l.dump();  // standby: not a no-show
    }
  }
}

// Every traveller named is a read of that record, logged under its ref
// as GET of the list logs it, with the reason given.
TEST_F(ApiGateDay, EveryTravellerNamedIsALoggedRead) {
  const std::string admin = login("admin-1");
  const Reply r = call("GET", k_list + "?why=gate%20check", "", pa);
  ASSERT_EQ(r.status, 200) << r.text;
  for (const json& l : r.body["manifests"]["exit"]["travellers"]) {
    const Reply reads =
        call("GET", "/api/v1/read-log?ref=" + l["ref"].get<std::string>(), "", admin);
    ASSERT_EQ(reads.status, 200) << reads.text;
    bool found = false;
    for (const json& e : reads.body["reads"])
      found = found || (e["party"] == "pa" && e["reason"] == "gate check" &&
                        e["what"] == "published list (manifest 2025-11-25 exit)");
    EXPECT_TRUE(found) << l.dump() << reads.body.dump();
  }
}

TEST_F(ApiGateDay, ABadOrUnknownDateIsRefused) {
  // As every route with a {date}: 422, naming the field.
  const Reply bad = call("GET", "/api/v1/gate/2025-13-45/travellers", "", pa);
  EXPECT_EQ(bad.status, 422) << bad.text;
  EXPECT_EQ(bad.body["field"], "date") << bad.text;
  const Reply unknown = call("GET", "/api/v1/gate/2025-12-25/travellers", "", pa);
  EXPECT_EQ(unknown.status, 404) << unknown.text;
  // Not an officer: refused like the manifests.
  const Reply admin = call("GET", k_list, "", login("admin-1"));
  EXPECT_EQ(admin.status, 403) << admin.text;
}

}  // namespace
}  // namespace corridor::api
