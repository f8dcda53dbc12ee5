// Possible duplicates over HTTP (docs/api.md, "Possible duplicates"): the
// list, as each registering party may see and decide it, every record in
// the read log; the decisions drafted, signed and committed as closures
// are; who may not.

#include <corridor/api/api_test_fixture.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/dedup_repo.hpp>

namespace corridor::api {
namespace {

using nlohmann::json;
using testing::ApiTest;
using testing::Reply;

void expect_problem(const Reply& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.text;
  EXPECT_EQ(r.problem(), code) << r.text;
}

class ApiDuplicates : public ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    import_good();
  }

  // A pair as the import's matcher would store it.
  void propose(const std::string& a, const std::string& b, double score) {
    auto db = store::Database::open(db_path(), store::OpenMode::read_write);
    ASSERT_TRUE(db.ok()) << db.error().message;
    store::DedupPair p;
    for (auto [ref, id] : {std::pair{&a, &p.case_a}, std::pair{&b, &p.case_b}}) {
      auto sc = store::load_case(*db, *ref);
      ASSERT_TRUE(sc.ok() && sc->has_value()) << *ref;
      *id = (*sc)->record.id;
    }
    p.score = score;
    p.evidence = R"([{"name":"name_family","level":"transliteration","weight":4.1}])";
    p.found_at = app::testing::k_start;
    ASSERT_TRUE(store::put_dedup_pair(*db, p).ok());
  }

  Reply list(const std::string& token, const std::string& query = "") {
    return call("GET", "/api/v1/duplicates" + query, "", token);
  }

  json reads() {
    Reply r = call("GET", "/api/v1/read-log?limit=1000", "", login(std::string(testing::k_admin)));
    EXPECT_EQ(r.status, 200) << r.text;
    return r.body["reads"];
  }
};

TEST_F(ApiDuplicates, ListsPairsAsThePartySeesThemAndLogsEachRecord) {
  propose("WHO-2025-0103", "WHO-2025-0104", 0.97);
  const std::string who = login_party("who");
  const Reply r = list(who, "?why=checking%20duplicates");
  ASSERT_EQ(r.status, 200) << r.text;
  ASSERT_EQ(r.body["pairs"].size(), 1u);
  const json& pair = r.body["pairs"][0];
  // a and b go by case id: the import's order.
  const std::string a = pair["a"]["ref"], b = pair["b"]["ref"];
  EXPECT_EQ(std::min(a, b), "WHO-2025-0103");
  EXPECT_EQ(std::max(a, b), "WHO-2025-0104");
  EXPECT_DOUBLE_EQ(pair["score"].get<double>(), 0.97);
  EXPECT_EQ(pair["features"][0]["level"], "transliteration");
  // Each record as GET /api/v1/cases/{ref} shows it to the party.
  Reply one = call("GET", "/api/v1/cases/" + a, "", who);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(pair["a"]["person"], one.body["person"]);
  EXPECT_EQ(pair["a"]["withheld"], one.body["withheld"]);
  EXPECT_TRUE(r.body["next"].is_null());
  json log = reads();
  int logged = 0;
  for (const json& e : log)
    if (e["what"] == "duplicate pair" && e["reason"] == "checking duplicates") ++logged;
  EXPECT_EQ(logged, 2);
}

TEST_F(ApiDuplicates, OnlyRegisteringPartiesListAndDecide) {
  propose("WHO-2025-0103", "WHO-2025-0104", 0.97);
  propose("WHO-2025-0101", "MOE-2025-0007", 0.96);
  for (const char* party : {"egypt", "cogat", "eubam"}) {
    const std::string token = login_party(party);
    expect_problem(list(token), 403, "pair-party");
    expect_problem(post("/api/v1/duplicates/same-person",
                        {{"keep", "WHO-2025-0103"}, {"duplicate", "WHO-2025-0104"}}, token),
                   403, "pair-party");
  }
  // who registers no students: it neither sees nor decides that pair.
  const std::string who = login_party("who");
  EXPECT_EQ(list(who).body["pairs"].size(), 1u);
  EXPECT_EQ(list(login_party("pa")).body["pairs"].size(), 2u);
  const Reply draft = post("/api/v1/duplicates/different-persons",
                           {{"a", "WHO-2025-0101"}, {"b", "MOE-2025-0007"}}, who);
  const Reply refused = draft.status == 201 ? sign_and_commit(draft, "who", who) : draft;
  expect_problem(refused, 403, "pair-party");
}

TEST_F(ApiDuplicates, SamePersonIsDraftedSignedAndCommitted) {
  propose("WHO-2025-0101", "WHO-2025-0102", 0.98);
  const std::string who = login_party("who");
  const Reply draft = post("/api/v1/duplicates/same-person",
                           {{"keep", "WHO-2025-0102"}, {"duplicate", "WHO-2025-0101"}}, who);
  ASSERT_EQ(draft.status, 201) << draft.text;
  EXPECT_EQ(draft.body["kind"], "same-person");
  const std::string body = draft.body["sign"][0];
  EXPECT_NE(body.find("kind same-person\n"), std::string::npos);
  EXPECT_EQ(body.find("WHO-2025"), std::string::npos) << "a ref in a statement";
  const Reply done = sign_and_commit(draft, "who", who);
  ASSERT_EQ(done.status, 200) << done.text;
  EXPECT_EQ(done.body["state"], "duplicate");
  EXPECT_EQ(call("GET", "/api/v1/cases/WHO-2025-0101", "", who).body["state"], "duplicate");
  EXPECT_TRUE(list(who).body["pairs"].empty());
  // Decided: a second decision on the pair is a conflict.
  const Reply again = post("/api/v1/duplicates/different-persons",
                           {{"a", "WHO-2025-0101"}, {"b", "WHO-2025-0102"}}, who);
  const Reply refused = again.status == 201 ? sign_and_commit(again, "who", who) : again;
  EXPECT_TRUE(refused.problem() == "pair-decided" || refused.problem() == "case-closed")
      << refused.text;
}

TEST_F(ApiDuplicates, DifferentPersonsTakesThePairOffTheList) {
  propose("WHO-2025-0103", "WHO-2025-0104", 0.97);
  const std::string pa = login_party("pa");
  const Reply done = sign_and_commit(post("/api/v1/duplicates/different-persons",
                                          {{"a", "WHO-2025-0104"}, {"b", "WHO-2025-0103"}}, pa),
                                     "pa", pa);
  ASSERT_EQ(done.status, 200) << done.text;
  EXPECT_EQ(done.body["decision"], "different-persons");
  EXPECT_TRUE(list(pa).body["pairs"].empty());
  const Reply again = sign_and_commit(post("/api/v1/duplicates/different-persons",
                                           {{"a", "WHO-2025-0103"}, {"b", "WHO-2025-0104"}}, pa),
                                      "pa", pa);
  expect_problem(again, 409, "pair-decided");
  expect_problem(post("/api/v1/duplicates/same-person",
                      {{"keep", "WHO-2025-0103"}, {"duplicate", "WHO-2025-0103"}, {"x", 1}}, pa),
                 422, "invalid");
}

TEST_F(ApiDuplicates, PagesWithTheCursor) {
  propose("WHO-2025-0103", "WHO-2025-0104", 0.97);
  propose("WHO-2025-0101", "WHO-2025-0102", 0.95);
  const std::string who = login_party("who");
  const Reply first = list(who, "?limit=1");
  ASSERT_EQ(first.status, 200) << first.text;
  ASSERT_EQ(first.body["pairs"].size(), 1u);
  ASSERT_TRUE(first.body["next"].is_string());
  const Reply second = list(who, "?limit=1&after=" + first.body["next"].get<std::string>());
  ASSERT_EQ(second.status, 200) << second.text;
  ASSERT_EQ(second.body["pairs"].size(), 1u);
  const std::string a = second.body["pairs"][0]["a"]["ref"];
  const std::string b = second.body["pairs"][0]["b"]["ref"];
  EXPECT_EQ(std::min(a, b), "WHO-2025-0101");
  expect_problem(list(who, "?after=garbage"), 422, "invalid");
  // A score that is no number is refused, naming the field.
  for (const char* bad : {"nan:1:2", "inf:1:2", "-inf:1:2", "NAN:1:2"}) {
    const Reply r = list(who, std::string("?after=") + bad);
    expect_problem(r, 422, "invalid");
    EXPECT_EQ(r.body["field"], "after") << bad;
  }
}

TEST_F(ApiDuplicates, ADecisionChecksBothCasesVersionsAsListed) {
  propose("WHO-2025-0103", "WHO-2025-0104", 0.97);
  const std::string who = login_party("who");
  const Reply listed = list(who);
  ASSERT_EQ(listed.status, 200) << listed.text;
  const json& pair = listed.body["pairs"][0];
  const std::string a = pair["a"]["ref"], b = pair["b"]["ref"];
  const std::string tags =
      pair["etag_a"].get<std::string>() + ", " + pair["etag_b"].get<std::string>();
  EXPECT_EQ(pair["etag_a"], call("GET", "/api/v1/cases/" + a, "", who).header("ETag"));
  // Unchanged: the draft goes ahead.
  EXPECT_EQ(post("/api/v1/duplicates/different-persons", {{"a", a}, {"b", b}}, who, "",
                 {{"If-Match", tags}})
                .status,
            201);
  // One ETag for two cases is not enough.
  expect_problem(post("/api/v1/duplicates/different-persons", {{"a", a}, {"b", b}}, who, "",
                      {{"If-Match", pair["etag_a"].get<std::string>()}}),
                 400, "bad-etag");
  // b is decided on between listing and signing: both drafts notice.
  ASSERT_EQ(sign_and_commit(draft_decision(b, "referral", who), "who", who).status, 200);
  const Reply stale = post("/api/v1/duplicates/same-person", {{"keep", a}, {"duplicate", b}}, who,
                           "", {{"If-Match", tags}});
  expect_problem(stale, 409, "stale-version");
  EXPECT_EQ(stale.body["ref"], b);
  expect_problem(post("/api/v1/duplicates/different-persons", {{"a", a}, {"b", b}}, who, "",
                      {{"If-Match", tags}}),
                 409, "stale-version");
}

}  // namespace
}  // namespace corridor::api
