// An admin sets an account's password over HTTP (POST
// /api/v1/accounts/{name}/password): the rules of account creation, an
// Argon2id hash, and the account's sessions end.

#include <corridor/api/api_test_fixture.hpp>

namespace corridor::api {
namespace {

using nlohmann::json;
using testing::ApiTest;
using testing::Reply;

using ApiPassword = ApiTest;

const std::string k_new = "a brand new passphrase";

TEST_F(ApiPassword, AnAdminResetsAPasswordAndEndsTheAccountsSessions) {
  const std::string admin = login(std::string(testing::k_admin));
  const std::string old_session = login_party("who");
  const Reply set = call("POST", "/api/v1/accounts/who-officer/password",
                         json{{"password", k_new}}.dump(), admin);
  ASSERT_EQ(set.status, 204) << set.text;
  EXPECT_EQ(call("GET", "/api/v1/session", "", old_session).status, 401);
  const json old_pw{{"name", "who-officer"}, {"password", testing::k_password}, {"bearer", true}};
  EXPECT_EQ(call("POST", "/api/v1/session", old_pw.dump()).status, 401);
  const json new_pw{{"name", "who-officer"}, {"password", k_new}, {"bearer", true}};
  EXPECT_EQ(call("POST", "/api/v1/session", new_pw.dump()).status, 201);
}

TEST_F(ApiPassword, FollowsTheRulesOfAccountCreation) {
  const std::string admin = login(std::string(testing::k_admin));
  const std::string target = "/api/v1/accounts/who-officer/password";
  for (const json& body : {json{{"password", "short"}}, json{{"password", "who-officer"}},
                           json::object(), json{{"password", 12}}}) {
    const Reply r = call("POST", target, body.dump(), admin);
    EXPECT_TRUE(r.status == 400 || r.status == 422) << body << ": " << r.text;
    EXPECT_EQ(r.body.value("field", ""), "password") << body << ": " << r.text;
  }
  // Nothing changed: the old password still works.
  EXPECT_FALSE(login_party("who").empty());
  const Reply missing =
      call("POST", "/api/v1/accounts/nobody/password", json{{"password", k_new}}.dump(), admin);
  EXPECT_EQ(missing.status, 404) << missing.text;
}

TEST_F(ApiPassword, OnlyAnAdminMaySetAPassword) {
  const Reply r = call("POST", "/api/v1/accounts/who-officer/password",
                       json{{"password", k_new}}.dump(), login_party("who"));
  EXPECT_EQ(r.status, 403) << r.text;
}

}  // namespace
}  // namespace corridor::api
