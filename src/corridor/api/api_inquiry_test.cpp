// POST /api/v1/public/inquiry: one shape for every answer, the per-client
// and per-ref limits (429 with Retry-After), strict bodies, and the read
// log without the values typed.

#include <corridor/api/api_test_fixture.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <string>

namespace corridor::api {
namespace {

using nlohmann::json;
using testing::Reply;

constexpr std::string_view k_path = "/api/v1/public/inquiry";

std::set<std::string> keys_of(const json& j) {
  std::set<std::string> out;
  for (const auto& [k, v] : j.items()) out.insert(k);
  return out;
}

class ApiInquiry : public testing::ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    import_good();
  }

  Reply inquire(const json& body, const std::string& peer = "198.51.100.1",
                std::string type = "application/json") {
    Request req;
    req.method = "POST";
    req.target = std::string(k_path);
    req.body = body.dump();
    req.peer = peer;
    req.headers.set("Content-Type", type);
    Response res = api->handle(req);
    Reply out{res.status, std::move(res.headers), std::move(res.body), nullptr};
    out.body = json::parse(out.text, nullptr, false);
    return out;
  }
};

TEST_F(ApiInquiry, FoundWrongBirthAndUnknownRefHaveOneShape) {
  approve("WHO-2025-0102", "referral", "who");
  const Reply found =
      inquire({{"ref", "WHO-2025-0102"}, {"date_of_birth", "1957-11-03"}}, "198.51.100.1");
  const Reply wrong =
      inquire({{"ref", "WHO-2025-0102"}, {"date_of_birth", "1957-11-04"}}, "198.51.100.2");
  const Reply unknown =
      inquire({{"ref", "WHO-2099-0001"}, {"date_of_birth", "1957-11-03"}}, "198.51.100.3");
  for (const Reply* r : {&found, &wrong, &unknown}) {
    EXPECT_EQ(r->status, 200) << r->text;
    EXPECT_EQ(r->header("Content-Type"), "application/json");
    EXPECT_EQ(keys_of(r->body), keys_of(found.body));
  }
  EXPECT_EQ(keys_of(found.body), (std::set<std::string>{"found", "state", "stages", "crossing_day",
                                                        "position", "cleared_total"}));
  EXPECT_EQ(wrong.text, unknown.text);  // the same bytes
  EXPECT_EQ(wrong.body["found"], false);
  EXPECT_EQ(found.body["found"], true);
  EXPECT_EQ(found.body["state"], "in-review");
  ASSERT_EQ(found.body["stages"].size(), 3u);
  EXPECT_EQ(keys_of(found.body["stages"][0]),
            (std::set<std::string>{"stage", "party", "status", "since", "days"}));
  EXPECT_EQ(found.body["stages"][0]["status"], "done");
  // Nothing personal beyond what was typed: no name, ID, urgency, diagnosis.
  for (const char* secret : {"Yousef", "900551268", "critical", "cardiology", "1957"})
    EXPECT_EQ(found.text.find(secret), std::string::npos) << secret;
}

TEST_F(ApiInquiry, AClearedCaseHasItsPlace) {
  for (const char* ref : {"WHO-2025-0102", "WHO-2025-0103"}) {
    approve(ref, "referral", "who");
    approve(ref, "acceptance", "egypt");
    approve(ref, "security", "cogat");
  }
  const Reply r = inquire({{"ref", "WHO-2025-0103"}, {"date_of_birth", "1999-06-21"}});
  EXPECT_EQ(r.body["state"], "cleared");
  EXPECT_EQ(r.body["position"], 2);  // urgent, after the critical one
  EXPECT_EQ(r.body["cleared_total"], 2);
}

TEST_F(ApiInquiry, AClientIsLimited) {
  const json body{{"ref", "WHO-2099-0001"}, {"date_of_birth", "1957-11-03"}};
  for (int i = 0; i < 10; ++i) {
    const json each{{"ref", "WHO-2099-" + std::to_string(100 + i)},
                    {"date_of_birth", "1957-11-03"}};
    EXPECT_EQ(inquire(each, "198.51.100.7").status, 200) << i;
  }
  const Reply limited = inquire(body, "198.51.100.7");
  EXPECT_EQ(limited.status, 429) << limited.text;
  EXPECT_EQ(limited.body["type"], "urn:corridor:problem:too-many-inquiries");
  EXPECT_EQ(limited.header("Retry-After"), "6");         // one inquiry every 6 s
  EXPECT_EQ(inquire(body, "198.51.100.8").status, 200);  // another client
  env.advance(6);
  EXPECT_EQ(inquire(body, "198.51.100.7").status, 200);
}

TEST_F(ApiInquiry, ARefIsLockedAfterFourFailuresKnownOrNot) {
  for (const char* ref : {"WHO-2025-0104", "WHO-2099-0001"}) {
    for (int i = 0; i < 4; ++i) {
      const Reply r =
          inquire({{"ref", ref}, {"date_of_birth", "1900-01-0" + std::to_string(i + 1)}},
                  "198.51.100." + std::to_string(20 + i));
      EXPECT_EQ(r.status, 200) << r.text;
    }
    const Reply locked = inquire({{"ref", ref}, {"date_of_birth", "1962-02-08"}}, "198.51.100.30");
    EXPECT_EQ(locked.status, 429) << locked.text;
    EXPECT_EQ(locked.body["type"], "urn:corridor:problem:inquiry-locked");
    EXPECT_EQ(locked.header("Retry-After"), "60");
    EXPECT_EQ(locked.body["retry_after"], 60);
  }
}

TEST_F(ApiInquiry, ABadBodyNamesItsFieldAndNeverRepeatsIt) {
  Reply r = inquire({{"ref", "WHO-2025-0102"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.problem(), "invalid");
  EXPECT_EQ(r.body["field"], "date_of_birth");
  r = inquire({{"ref", "WHO-2025-0102"}, {"date_of_birth", "1957-13-03"}});
  EXPECT_EQ(r.body["field"], "date_of_birth");
  EXPECT_EQ(r.text.find("1957-13-03"), std::string::npos);
  r = inquire({{"ref", "WHO-2025-0102"}, {"date_of_birth", "1957-11-03"}, {"name", "x"}});
  EXPECT_EQ(r.body["field"], "name");
  r = inquire({{"ref", ""}, {"date_of_birth", "1957-11-03"}});
  EXPECT_EQ(r.body["field"], "ref");
  r = inquire({{"ref", std::string(65, 'A')}, {"date_of_birth", "1957-11-03"}});
  EXPECT_EQ(r.body["field"], "ref");
  // A form of another site cannot post JSON without asking first.
  r = inquire({{"ref", "WHO-2025-0102"}, {"date_of_birth", "1957-11-03"}}, "198.51.100.1",
              "text/plain");
  EXPECT_EQ(r.status, 415);
}

TEST_F(ApiInquiry, TheReadLogHasTheInquiryWithoutWhatWasTyped) {
  inquire({{"ref", "ZZ-TYPED-0042"}, {"date_of_birth", "1931-07-17"}});
  inquire({{"ref", "WHO-2025-0102"}, {"date_of_birth", "1957-11-03"}});
  const Reply log = call("GET", "/api/v1/read-log", "", login(std::string(testing::k_admin)));
  ASSERT_EQ(log.status, 200) << log.text;
  EXPECT_EQ(log.text.find("ZZ-TYPED-0042"), std::string::npos);
  EXPECT_EQ(log.text.find("1931"), std::string::npos);
  EXPECT_EQ(log.text.find("1957"), std::string::npos);
  int inquiries = 0;
  for (const json& e : log.body["reads"]) {
    if (e["what"] != "inquiry") continue;
    ++inquiries;
    EXPECT_EQ(e["account"], "anonymous");
  }
  EXPECT_EQ(inquiries, 2);
  EXPECT_NE(log.text.find("WHO-2025-0102"), std::string::npos);  // the match names its case
}

}  // namespace
}  // namespace corridor::api
