#include <corridor/api/auth.hpp>

#include <corridor/app/test_deployment.hpp>
#include <corridor/store/account_repo.hpp>
#include <corridor/store/database.hpp>

#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace corridor::api {
namespace {

using core::Errc;

constexpr std::string_view k_password = "correct horse battery";

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

class AuthTest : public app::testing::DeploymentTest {
protected:
  void SetUp() override {
    DeploymentTest::SetUp();
    AuthOptions o;
    o.fast_hash_for_tests = true;
    auth = std::make_unique<Auth>(*svc, env, o);
  }

  void TearDown() override {
    auth.reset();
    DeploymentTest::TearDown();
  }

  Account add(std::string_view name, Role role = Role::officer, std::string_view party = "who") {
    auto a = auth->add_account(name, role, party, k_password);
    EXPECT_TRUE(a.ok()) << a.error().message;
    return a.ok() ? *a : Account{};
  }

  // The error of a login that must fail.
  core::Error login_error(std::string_view name, std::string_view password,
                          std::string_view peer = "10.0.0.1") {
    auto r = auth->login(name, password, peer);
    EXPECT_FALSE(r.ok()) << name << " logged in";
    return r.ok() ? core::Error{} : r.error();
  }

  NewSession login_ok(std::string_view name, std::string_view peer = "10.0.0.1") {
    auto r = auth->login(name, k_password, peer);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : NewSession{};
  }

  void fail_times(int n, std::string_view name, std::string_view peer) {
    for (int i = 0; i < n; ++i)
      EXPECT_EQ(login_error(name, "wrong password!", peer).rule, k_bad_credentials);
  }

  // An add_account that must fail with Errc::usage naming `field`.
  void expect_usage(core::Result<Account> r, std::string_view field) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::usage);
    EXPECT_EQ(r.error().field, field) << r.error().message;
    EXPECT_TRUE(starts_with(r.error().message, std::string(field) + ":")) << r.error().message;
  }

  std::unique_ptr<Auth> auth;
};

TEST(Role, ParsesWhatItPrints) {
  for (Role r : {Role::officer, Role::admin, Role::monitor}) EXPECT_EQ(parse_role(to_string(r)), r);
  EXPECT_FALSE(parse_role("root"));
  EXPECT_FALSE(parse_role("Admin"));
}

TEST_F(AuthTest, AddsAnOfficerAMonitorAndAnAdmin) {
  Account ana = add("ana", Role::officer, "who");
  EXPECT_GT(ana.id, 0);
  EXPECT_EQ(ana.party, "who");
  EXPECT_EQ(ana.created_at, app::testing::k_start);
  EXPECT_EQ(add("mo", Role::monitor, "").party, "eubam");
  EXPECT_EQ(add("mo.2", Role::monitor, "eubam").party, "eubam");
  EXPECT_EQ(add("root", Role::admin, "").party, "");
  auto all = auth->accounts();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[0].name, "ana");
  EXPECT_EQ((*all)[0].role, Role::officer);
  EXPECT_EQ((*all)[3].name, "root");
  EXPECT_EQ((*all)[3].role, Role::admin);
  EXPECT_FALSE((*all)[3].disabled);
}

TEST_F(AuthTest, RefusesBadNames) {
  for (std::string_view bad : {"", "Ana", "1ana", "-ana", "ana smith", "ana/x", "é"})
    expect_usage(auth->add_account(bad, Role::officer, "who", k_password), "name");
  expect_usage(auth->add_account(std::string(65, 'a'), Role::officer, "who", k_password), "name");
  EXPECT_TRUE(auth->add_account(std::string(64, 'a'), Role::officer, "who", k_password).ok());
  EXPECT_TRUE(auth->add_account("a.b_c-9", Role::officer, "who", k_password).ok());
}

TEST_F(AuthTest, RefusesBadParties) {
  expect_usage(auth->add_account("ana", Role::officer, "", k_password), "party");
  expect_usage(auth->add_account("ana", Role::officer, "unrwa", k_password), "party");
  expect_usage(auth->add_account("mo", Role::monitor, "who", k_password), "party");
  expect_usage(auth->add_account("root", Role::admin, "who", k_password), "party");
}

TEST_F(AuthTest, RefusesBadPasswords) {
  expect_usage(auth->add_account("ana", Role::officer, "who", "eleven byte"), "password");
  expect_usage(auth->add_account("ana", Role::officer, "who", std::string(1025, 'x')), "password");
  expect_usage(auth->add_account("ana.long.name", Role::officer, "who", "ana.long.name"),
               "password");
  EXPECT_TRUE(auth->add_account("ana", Role::officer, "who", "twelve bytes").ok());
}

TEST_F(AuthTest, RefusesADuplicateNameAsConflict) {
  add("ana");
  auto r = auth->add_account("ana", Role::admin, "", "another password");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::conflict);
  EXPECT_EQ(r.error().rule, store::k_account_exists);
  EXPECT_EQ(r.error().field, "name");
  EXPECT_TRUE(starts_with(r.error().message, "name:")) << r.error().message;
}

TEST_F(AuthTest, StoresAnArgon2idHashNotThePassword) {
  add("ana");
  auto db = svc->reader();
  ASSERT_TRUE(db.ok());
  auto row = store::find_account_by_name(**db, "ana");
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_TRUE(starts_with((*row)->password_hash, "$argon2id$")) << (*row)->password_hash;
  EXPECT_EQ((*row)->password_hash.find(k_password), std::string::npos);
}

TEST_F(AuthTest, LogsInWithTheRightPassword) {
  Account ana = add("ana");
  NewSession s = login_ok("ana");
  EXPECT_EQ(s.token.size(), 43u);  // 32 bytes, base64url without padding
  EXPECT_EQ(s.token.find_first_of("+/="), std::string::npos);
  EXPECT_EQ(s.session.csrf.size(), 22u);  // 16 bytes
  EXPECT_EQ(s.session.account.id, ana.id);
  EXPECT_EQ(s.session.expires_at, app::testing::k_start + 8 * 3600);
  auto again = auth->authenticate(s.token);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->account.name, "ana");
  EXPECT_EQ(again->account.party, "who");
  EXPECT_EQ(again->csrf, s.session.csrf);
  EXPECT_NE(login_ok("ana").token, s.token);
}

TEST_F(AuthTest, WrongPasswordUnknownNameAndDisabledAccountFailAlike) {
  add("ana");
  add("bo");
  ASSERT_TRUE(auth->disable_account("bo").ok());
  for (auto [name, password] :
       {std::pair<std::string_view, std::string_view>{"ana", "nope nope nope"},
        {"nobody", k_password},
        {"bo", k_password}}) {
    core::Error e = login_error(name, password);
    EXPECT_EQ(e.code, Errc::refused);
    EXPECT_EQ(e.rule, k_bad_credentials) << name;
  }
}

TEST_F(AuthTest, ThrottlesANameAfterFreeFailures) {
  add("ana");
  fail_times(4, "ana", "10.0.0.1");
  EXPECT_EQ(auth->retry_after("ana", "10.0.0.9"), 0);
  fail_times(1, "ana", "10.0.0.2");  // the fifth, from elsewhere: the name counts
  EXPECT_EQ(auth->retry_after("ana", "10.0.0.9"), 1);
  // Refused unchecked, even with the right password.
  core::Error e = login_error("ana", k_password, "10.0.0.9");
  EXPECT_EQ(e.code, Errc::refused);
  EXPECT_EQ(e.rule, k_too_many_attempts);
  EXPECT_EQ(e.message, "too-many-attempts: try again in 1 s");
  env.advance(1);
  fail_times(1, "ana", "10.0.0.9");
  EXPECT_EQ(auth->retry_after("ana", "10.0.0.8"), 2);  // doubled
  env.advance(2);
  fail_times(1, "ana", "10.0.0.9");
  EXPECT_EQ(auth->retry_after("ana", "10.0.0.8"), 4);
  env.advance(4);
  login_ok("ana", "10.0.0.7");
  EXPECT_EQ(auth->retry_after("ana", "10.0.0.7"), 0);
  fail_times(4, "ana", "10.0.0.6");  // the success forgot the earlier failures
  EXPECT_EQ(auth->retry_after("ana", "10.0.0.5"), 0);
}

TEST_F(AuthTest, ThrottlesAPeerAcrossNames) {
  add("ana");
  fail_times(5, "nobody", "10.0.0.1");  // unknown names count too
  EXPECT_EQ(auth->retry_after("ana", "10.0.0.1"), 1);
  EXPECT_TRUE(starts_with(login_error("ana", k_password, "10.0.0.1").message,
                          "too-many-attempts: try again in 1 s"));
  login_ok("ana", "10.0.0.2");  // another address is free
  env.advance(1);
  login_ok("ana", "10.0.0.1");
  // A success forgets the name's failures, not the address's.
  fail_times(1, "other", "10.0.0.1");
  EXPECT_EQ(auth->retry_after("x", "10.0.0.1"), 2);
}

// Runs `n` logins at once on their own threads, each as `attempt(i)`.
template <class Fn>
void in_parallel(int n, Fn attempt) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) threads.emplace_back([&attempt, i] { attempt(i); });
  for (std::thread& t : threads) t.join();
}

// Counts the password checks an Auth runs, and how many ran at once. Each
// check is held for a while, so that parallel attempts overlap.
struct CheckCounter {
  std::atomic<int> checks{0}, running{0}, most{0};

  std::function<void()> hook() {
    return [this] {
      ++checks;
      const int now = ++running;
      for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      --running;
    };
  }
};

// 30 wrong passwords for one account at once are throttled as 30 in a row
// would be: only the free failures are checked.
TEST_F(AuthTest, ParallelFailuresForOneNameCheckOnlyTheFreeFailures) {
  add("ana");
  CheckCounter counter;
  AuthOptions o{.fast_hash_for_tests = true, .max_concurrent_checks = 64};
  o.on_password_check = counter.hook();
  auth = std::make_unique<Auth>(*svc, env, o);
  std::atomic<int> bad{0}, throttled{0};
  in_parallel(30, [&](int i) {
    auto r = auth->login("ana", "wrong password!", "10.0.1." + std::to_string(i));
    if (!r.ok() && r.error().rule == k_bad_credentials) ++bad;
    if (!r.ok() && r.error().rule == k_too_many_attempts) ++throttled;
  });
  EXPECT_LE(counter.checks.load(), 5);
  EXPECT_EQ(bad.load(), counter.checks.load());
  EXPECT_EQ(bad.load() + throttled.load(), 30);
  EXPECT_GT(auth->retry_after("ana", "10.0.9.9"), 0);
  // The same from one address, across names.
  in_parallel(30, [&](int i) { (void)auth->login("n" + std::to_string(i), "wrong!", "10.0.2.1"); });
  EXPECT_LE(counter.checks.load(), 10);
}

// A burst of logins (each name and address new) runs at most
// max_concurrent_checks Argon2id checks at once; the rest are refused at
// once, not queued, so memory stays bounded.
TEST_F(AuthTest, AtMostMaxConcurrentChecksRunAtOnce) {
  CheckCounter counter;
  AuthOptions o{.fast_hash_for_tests = true, .max_concurrent_checks = 3};
  o.on_password_check = counter.hook();
  auth = std::make_unique<Auth>(*svc, env, o);
  std::atomic<int> busy{0};
  in_parallel(30, [&](int i) {
    auto r =
        auth->login("user" + std::to_string(i), "wrong password!", "10.0.3." + std::to_string(i));
    if (!r.ok() && r.error().rule == k_login_busy) {
      EXPECT_EQ(r.error().message,
                "overloaded: too many passwords are being checked; try again in 1 s");
      ++busy;
    }
  });
  EXPECT_LE(counter.most.load(), 3);
  EXPECT_GE(counter.most.load(), 1);
  EXPECT_EQ(counter.checks.load() + busy.load(), 30);
  EXPECT_GT(busy.load(), 0);
  add("ana");
  login_ok("ana");  // the slots are free again
}

TEST_F(AuthTest, DelayStopsAtMaxDelayAndFailuresAreForgottenAfterTheWindow) {
  add("ana");
  fail_times(5, "ana", "");
  for (int i = 0; i < 12; ++i) {
    env.advance(auth->retry_after("ana", ""));
    fail_times(1, "ana", "");
  }
  EXPECT_EQ(auth->retry_after("ana", ""), 900);
  env.advance(900 + k_failure_window);
  fail_times(1, "ana", "");  // a new run: one failure
  EXPECT_EQ(auth->retry_after("ana", ""), 0);
}

TEST_F(AuthTest, SessionExpiresAfterItsTtl) {
  add("ana");
  NewSession s = login_ok("ana");
  env.advance(8 * 3600 - 1);
  EXPECT_TRUE(auth->authenticate(s.token).ok());
  env.advance(1);
  auto r = auth->authenticate(s.token);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::refused);
  EXPECT_EQ(r.error().rule, k_session_expired);
}

TEST_F(AuthTest, UnknownTokenHasNoSession) {
  for (std::string_view token :
       {"", "not-a-token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
    auto r = auth->authenticate(token);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().rule, k_no_session);
  }
}

TEST_F(AuthTest, LogoutRevokesTheSession) {
  add("ana");
  NewSession s = login_ok("ana");
  NewSession other = login_ok("ana");
  ASSERT_TRUE(auth->logout(s.token).ok());
  auto r = auth->authenticate(s.token);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, k_session_revoked);
  EXPECT_TRUE(auth->authenticate(other.token).ok());
  EXPECT_TRUE(auth->logout(s.token).ok());  // again: not an error
  auto unknown = auth->logout("no-such-token");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().rule, k_no_session);
}

TEST_F(AuthTest, DisablingAnAccountKillsItsSessions) {
  add("ana");
  NewSession s = login_ok("ana");
  ASSERT_TRUE(auth->disable_account("ana").ok());
  auto r = auth->authenticate(s.token);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, k_session_revoked);
  auto all = auth->accounts();
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->front().disabled);
  EXPECT_TRUE(auth->disable_account("ana").ok());
  EXPECT_EQ(auth->disable_account("nobody").error().code, Errc::not_found);
}

TEST_F(AuthTest, ADisabledAccountsUnrevokedSessionIsDead) {
  add("ana");
  NewSession s = login_ok("ana");
  // Disabled behind Auth's back: its session must not live on.
  ASSERT_TRUE(svc->write([](store::Database& db) -> core::Result<void> {
                   auto r = store::set_account_disabled(db, "ana", app::testing::k_start);
                   if (!r) return std::move(r).error();
                   return {};
                 })
                  .ok());
  EXPECT_EQ(auth->authenticate(s.token).error().rule, k_session_revoked);
}

TEST_F(AuthTest, ChangingThePasswordRevokesSessions) {
  add("ana");
  NewSession s = login_ok("ana");
  auto bad = auth->set_password("ana", "short");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Errc::usage);
  EXPECT_TRUE(starts_with(bad.error().message, "password:")) << bad.error().message;
  ASSERT_TRUE(auth->set_password("ana", "a new password").ok());
  EXPECT_EQ(auth->authenticate(s.token).error().rule, k_session_revoked);
  EXPECT_EQ(login_error("ana", k_password).rule, k_bad_credentials);
  EXPECT_TRUE(auth->login("ana", "a new password", "10.0.0.1").ok());
  EXPECT_EQ(auth->set_password("nobody", "a new password").error().code, Errc::not_found);
}

TEST_F(AuthTest, StoresTheTokenOnlyHashed) {
  add("ana");
  NewSession s = login_ok("ana");
  auto db = svc->reader();
  ASSERT_TRUE(db.ok());
  // Every column of every session row, as text and as bytes.
  auto& st = (*db)->prepare(
      "SELECT quote(token_hash) || csrf || created_at || expires_at || coalesce(peer, '') || "
      "CAST(token_hash AS TEXT) FROM sessions");
  int rows = 0;
  for (auto row = st.step(); row.ok() && *row; row = st.step()) {
    ++rows;
    EXPECT_EQ(std::string(st.column_text(0)).find(s.token), std::string::npos);
  }
  st.reset();
  EXPECT_EQ(rows, 1);
  // What is stored is the token's SHA-256.
  core::Hash256 hash;
  crypto_hash_sha256(hash.data(), reinterpret_cast<const unsigned char*>(s.token.data()),
                     s.token.size());
  auto found = store::find_session(**db, hash);
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->has_value());
}

}  // namespace
}  // namespace corridor::api
