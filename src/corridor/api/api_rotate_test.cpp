// Key rotation over HTTP: POST /api/v1/officers/{party}/{name}/rotation
// (admin only) replaces an officer's key with an officer-rotate the log key
// signs; an officer asks for the replacement with a key request, which only
// an admin grants. The old key's statements are refused (retired-key).

#include <corridor/api/api_test_fixture.hpp>

#include <gtest/gtest.h>

#include <string>

namespace corridor::api {
namespace {

using nlohmann::json;
using testing::Reply;

const std::string k_ref = "WHO-2025-0101";

// A problem+json answer with this status and code.
void expect_problem(const Reply& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.text;
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json") << r.text;
  EXPECT_EQ(r.problem(), code) << r.text;
}

class ApiRotation : public testing::ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    admin = login(std::string(testing::k_admin));
    import_good();
  }

  std::string rotation_of(const std::string& party) {
    return "/api/v1/officers/" + party + "/" + officer(party) + "/rotation";
  }

  // A new key for the party's officer, as its browser makes it.
  ledger::PrivateKey new_officer_key(const std::string& party) {
    return new_key(party + "/" + officer(party), ledger::KeyType::ed25519);
  }

  std::string current_vkey(const std::string& party) {
    auto all = svc->officers();  // kept: the loop reads into it
    if (!all) return "";
    for (const app::OfficerInfo& o : *all)
      if (o.party == party && o.name == officer(party)) return o.vkey;
    return "";
  }

  std::string admin;
};

TEST_F(ApiRotation, AnAdminRotatesAndTheOldKeyIsRefusedRetiredKey) {
  const ledger::PrivateKey next = new_officer_key("who");
  const std::string vkey = ledger::format_vkey(next.public_key());
  const std::string token = login_party("who");
  // A draft made before the rotation, signed with the old key.
  const Reply before = draft_decision(k_ref, "referral", token);
  ASSERT_EQ(before.status, 201) << before.text;
  const std::uint64_t size = log_size();

  const Reply r = post(rotation_of("who"), {{"vkey", vkey}}, admin);
  ASSERT_EQ(r.status, 201) << r.text;
  EXPECT_EQ(r.body, (json{{"party", "who"}, {"name", officer("who")}, {"vkey", vkey}}));
  EXPECT_EQ(log_size(), size + 1);
  EXPECT_EQ(current_vkey("who"), vkey);

  const Reply old = sign_and_commit(before, "who", token);
  expect_problem(old, 403, "retired-key");
  const Reply draft = draft_decision(k_ref, "referral", token);
  ASSERT_EQ(draft.status, 201) << draft.text;
  const Reply done = commit(draft, sign_draft(draft.body, next), token);
  EXPECT_EQ(done.status, 200) << done.text;
}

TEST_F(ApiRotation, NoOfficerMayRotateAKeyTheirOwnOrAnothers) {
  const std::string vkey = ledger::format_vkey(new_officer_key("who").public_key());
  const std::uint64_t size = log_size();
  for (const std::string& party : {std::string("who"), std::string("eubam")}) {
    const std::string token = login_party(party);
    expect_problem(post(rotation_of("who"), {{"vkey", vkey}}, token), 403, "forbidden");
  }
  expect_problem(post(rotation_of("who"), {{"vkey", vkey}}, ""), 401, "no-session");
  EXPECT_EQ(log_size(), size);
  EXPECT_NE(current_vkey("who"), vkey);
}

TEST_F(ApiRotation, RefusesAnUnknownOfficerABadKeyAndAReusedOne) {
  const std::string old = current_vkey("who");
  const std::string vkey = ledger::format_vkey(new_officer_key("who").public_key());
  expect_problem(post("/api/v1/officers/who/nobody/rotation", {{"vkey", vkey}}, admin), 403,
                 "unknown-key");
  expect_problem(post(rotation_of("who"), {{"vkey", "not a key"}}, admin), 422, "bad-key");
  expect_problem(post(rotation_of("who"),
                      {{"vkey", ledger::format_vkey(new_officer_key("pa").public_key())}}, admin),
                 422, "bad-key");
  expect_problem(post(rotation_of("who"), {{"vkey", old}}, admin), 422, "key-reused");
  const Reply missing = post(rotation_of("who"), json::object(), admin);
  expect_problem(missing, 422, "invalid");
  EXPECT_EQ(missing.body.value("field", ""), "vkey");
  ASSERT_EQ(post(rotation_of("who"), {{"vkey", vkey}}, admin).status, 201);
  expect_problem(post(rotation_of("who"), {{"vkey", old}}, admin), 422, "key-reused");
}

// The whole way an officer who lost the browser's key gets a new one.
TEST_F(ApiRotation, AReplacementRequestIsGrantedByTheRotation) {
  const std::string token = login_party("who");
  const std::string old = current_vkey("who");
  const ledger::PrivateKey next = new_officer_key("who");
  const std::string vkey = ledger::format_vkey(next.public_key());
  const Reply asked = post("/api/v1/officers/requests", {{"vkey", vkey}}, token);
  ASSERT_EQ(asked.status, 202) << asked.text;
  EXPECT_EQ(asked.body["status"], "pending");
  EXPECT_EQ(asked.body["replaces"], old);
  EXPECT_EQ(asked.body["replaces_revoked"], false);
  const Reply session = call("GET", "/api/v1/session", "", token);
  EXPECT_EQ(session.body["key"]["status"], "pending");
  EXPECT_EQ(session.body["key"]["vkey"], vkey);
  EXPECT_EQ(session.body["key"]["replaces"], old);
  // The admin sees a replacement, not a first key; POST /api/v1/officers
  // cannot grant it (the name has a key): the rotation does.
  const Reply listed = call("GET", "/api/v1/officers/requests", "", admin);
  ASSERT_EQ(listed.body["requests"].size(), 1u);
  EXPECT_EQ(listed.body["requests"][0]["replaces"], old);
  expect_problem(
      post("/api/v1/officers", {{"party", "who"}, {"name", officer("who")}, {"vkey", vkey}}, admin),
      422, "officer-exists");
  ASSERT_EQ(post(rotation_of("who"), {{"vkey", vkey}}, admin).status, 201);
  EXPECT_TRUE(call("GET", "/api/v1/officers/requests", "", admin).body["requests"].empty());
  const Reply after = call("GET", "/api/v1/session", "", token);
  EXPECT_EQ(after.body["key"],
            (json{{"name", "who/" + officer("who")}, {"status", "registered"}, {"vkey", vkey}}));
}

}  // namespace
}  // namespace corridor::api
