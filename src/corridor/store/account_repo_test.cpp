#include <corridor/store/account_repo.hpp>

#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace corridor::store {
namespace {

using core::Errc;

class AccountRepoTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto opened = Database::open(":memory:", OpenMode::create);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db = std::make_unique<Database>(std::move(opened).value());
  }

  AccountRow add(std::string name, std::string role = "officer", std::string party = "who") {
    AccountRow row{0,   std::move(name), std::move(role), std::move(party), "$argon2id$x",
                   100, std::nullopt};
    auto r = insert_account(*db, row);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return row;
  }

  SessionRow session(std::uint8_t tag, std::int64_t account_id, core::Timestamp expires_at) {
    SessionRow s;
    s.token_hash.fill(tag);
    s.account_id = account_id;
    s.csrf = "csrf-" + std::to_string(tag);
    s.created_at = 100;
    s.expires_at = expires_at;
    s.peer = "127.0.0.1";
    auto r = insert_session(*db, s);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return s;
  }

  ReadEntry read(core::Timestamp at, std::string ref, bool break_glass = false) {
    ReadEntry e{0,          at,       "ana",       "officer", "who", std::move(ref),
                "identity", "review", break_glass, ""};
    auto r = insert_read(*db, e);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return e;
  }

  std::vector<std::string> refs(const ReadFilter& f) {
    auto rows = list_reads(*db, f);
    EXPECT_TRUE(rows.ok());
    std::vector<std::string> out;
    if (rows)
      for (const ReadEntry& e : *rows) out.push_back(e.ref + "@" + std::to_string(e.at));
    return out;
  }

  std::unique_ptr<Database> db;
};

TEST_F(AccountRepoTest, InsertsAndFindsAccountsByNameAndId) {
  AccountRow ana = add("ana");
  AccountRow root = add("root", "admin", "");
  EXPECT_GT(ana.id, 0);
  auto by_name = find_account_by_name(*db, "root");
  ASSERT_TRUE(by_name.ok() && by_name->has_value());
  EXPECT_EQ((*by_name)->id, root.id);
  EXPECT_EQ((*by_name)->role, "admin");
  EXPECT_EQ((*by_name)->party, "");
  EXPECT_FALSE((*by_name)->disabled_at);
  auto by_id = find_account(*db, ana.id);
  ASSERT_TRUE(by_id.ok() && by_id->has_value());
  EXPECT_EQ((*by_id)->name, "ana");
  EXPECT_EQ((*by_id)->password_hash, "$argon2id$x");
  auto none = find_account_by_name(*db, "nobody");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_F(AccountRepoTest, AdminPartyIsStoredAsNull) {
  add("root", "admin", "");
  auto& st = db->prepare("SELECT party IS NULL FROM accounts WHERE name = 'root'");
  ASSERT_TRUE(*st.step());
  EXPECT_EQ(st.column_int64(0), 1);
  st.reset();
}

TEST_F(AccountRepoTest, RefusesATakenNameAsAccountExists) {
  add("ana");
  AccountRow again{0, "ana", "admin", "", "h", 1, std::nullopt};
  auto r = insert_account(*db, again);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::conflict);
  EXPECT_EQ(r.error().rule, k_account_exists);
}

TEST_F(AccountRepoTest, SchemaRefusesAnUnknownRole) {
  AccountRow row{0, "eve", "superuser", "", "h", 1, std::nullopt};
  auto r = insert_account(*db, row);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::conflict);
}

TEST_F(AccountRepoTest, ListsAccountsByName) {
  add("zed");
  add("ana");
  add("mo", "monitor", "eubam");
  auto all = list_accounts(*db);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].name, "ana");
  EXPECT_EQ((*all)[1].name, "mo");
  EXPECT_EQ((*all)[2].name, "zed");
}

TEST_F(AccountRepoTest, DisablingKeepsTheFirstTimeAndReportsUnknownNames) {
  add("ana");
  EXPECT_TRUE(*set_account_disabled(*db, "ana", 200));
  EXPECT_TRUE(*set_account_disabled(*db, "ana", 300));
  EXPECT_EQ(*(*find_account_by_name(*db, "ana"))->disabled_at, 200);
  EXPECT_FALSE(*set_account_disabled(*db, "nobody", 200));
}

TEST_F(AccountRepoTest, SetsThePasswordHash) {
  add("ana");
  EXPECT_TRUE(*set_password_hash(*db, "ana", "$argon2id$new"));
  EXPECT_EQ((*find_account_by_name(*db, "ana"))->password_hash, "$argon2id$new");
  EXPECT_FALSE(*set_password_hash(*db, "nobody", "h"));
}

TEST_F(AccountRepoTest, FindsASessionWithItsAccount) {
  AccountRow ana = add("ana");
  SessionRow s = session(7, ana.id, 1000);
  auto found = find_session(*db, s.token_hash);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->session.csrf, "csrf-7");
  EXPECT_EQ((*found)->session.expires_at, 1000);
  EXPECT_EQ((*found)->session.peer, "127.0.0.1");
  EXPECT_FALSE((*found)->session.revoked_at);
  EXPECT_EQ((*found)->account.name, "ana");
  core::Hash256 other;
  other.fill(8);
  EXPECT_FALSE(find_session(*db, other)->has_value());
}

TEST_F(AccountRepoTest, RefusesASessionOfNoAccount) {
  SessionRow s;
  s.account_id = 99;
  s.csrf = "c";
  auto r = insert_session(*db, s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::conflict);
}

TEST_F(AccountRepoTest, RevokesOneSessionOrAllOfAnAccount) {
  AccountRow ana = add("ana");
  AccountRow bo = add("bo");
  SessionRow a1 = session(1, ana.id, 1000);
  SessionRow a2 = session(2, ana.id, 1000);
  SessionRow a3 = session(3, ana.id, 1000);
  SessionRow b1 = session(4, bo.id, 1000);
  EXPECT_TRUE(*revoke_session(*db, a1.token_hash, 150));
  EXPECT_TRUE(*revoke_session(*db, a1.token_hash, 160));  // exists: still found
  EXPECT_EQ(*(*find_session(*db, a1.token_hash))->session.revoked_at, 150);
  core::Hash256 unknown;
  unknown.fill(9);
  EXPECT_FALSE(*revoke_session(*db, unknown, 150));
  EXPECT_EQ(*revoke_sessions_of(*db, ana.id, 170), 2);  // a2 and a3; a1 already was
  EXPECT_EQ(*(*find_session(*db, a3.token_hash))->session.revoked_at, 170);
  EXPECT_FALSE((*find_session(*db, b1.token_hash))->session.revoked_at);
  (void)a2;
}

TEST_F(AccountRepoTest, DeletesExpiredSessionsOnly) {
  AccountRow ana = add("ana");
  SessionRow old = session(1, ana.id, 500);
  SessionRow live = session(2, ana.id, 1500);
  EXPECT_EQ(*delete_expired_sessions(*db, 500), 1);
  EXPECT_FALSE(find_session(*db, old.token_hash)->has_value());
  EXPECT_TRUE(find_session(*db, live.token_hash)->has_value());
}

TEST_F(AccountRepoTest, ListsReadsNewestFirstWithFilters) {
  read(100, "MOH-1");
  read(200, "MOH-2", true);
  read(300, "MOH-1");
  read(300, "MOH-3", true);
  EXPECT_EQ(refs({}),
            (std::vector<std::string>{"MOH-3@300", "MOH-1@300", "MOH-2@200", "MOH-1@100"}));
  ReadFilter by_ref;
  by_ref.ref = "MOH-1";
  EXPECT_EQ(refs(by_ref), (std::vector<std::string>{"MOH-1@300", "MOH-1@100"}));
  ReadFilter since;
  since.since = 200;
  EXPECT_EQ(refs(since), (std::vector<std::string>{"MOH-3@300", "MOH-1@300", "MOH-2@200"}));
  ReadFilter glass;
  glass.break_glass_only = true;
  EXPECT_EQ(refs(glass), (std::vector<std::string>{"MOH-3@300", "MOH-2@200"}));
  ReadFilter page;
  page.limit = 2;
  page.offset = 1;
  EXPECT_EQ(refs(page), (std::vector<std::string>{"MOH-1@300", "MOH-2@200"}));
  ReadFilter all;
  all.ref = "MOH-1";
  all.since = 150;
  all.break_glass_only = false;
  EXPECT_EQ(refs(all), (std::vector<std::string>{"MOH-1@300"}));
}

TEST_F(AccountRepoTest, FiltersReadsByPartyAccountUntilAndReason) {
  ReadEntry a{0, 100, "ana", "officer", "who", "MOH-1", "identity", "review", false, ""};
  ReadEntry b{0,       200,     "omar",     "officer",
              "cogat", "MOH-2", "identity", "patient collapsed at gate",
              true,    ""};
  ReadEntry c{0, 300, "ana", "officer", "who", "MOH-3", "identity", "", false, ""};
  for (const ReadEntry& e : {a, b, c}) ASSERT_TRUE(insert_read(*db, e).ok());
  ReadFilter party;
  party.party = "cogat";
  EXPECT_EQ(refs(party), (std::vector<std::string>{"MOH-2@200"}));
  ReadFilter account;
  account.account = "ana";
  EXPECT_EQ(refs(account), (std::vector<std::string>{"MOH-3@300", "MOH-1@100"}));
  ReadFilter range;
  range.since = 150;
  range.until = 300;  // exclusive
  EXPECT_EQ(refs(range), (std::vector<std::string>{"MOH-2@200"}));
  ReadFilter reason;
  reason.reason = "collapsed";
  EXPECT_EQ(refs(reason), (std::vector<std::string>{"MOH-2@200"}));
  ReadFilter both;
  both.account = "ana";
  both.reason = "review";
  EXPECT_EQ(refs(both), (std::vector<std::string>{"MOH-1@100"}));
}

TEST_F(AccountRepoTest, ReadEntriesKeepEveryField) {
  ReadEntry e{0,       42,   "mo",      "monitor", "eubam", "MOH-9", "identity,medical",
              "audit", true, "10.0.0.1"};
  ASSERT_TRUE(insert_read(*db, e).ok());
  auto rows = list_reads(*db, {});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  const ReadEntry& got = rows->front();
  EXPECT_GT(got.id, 0);
  EXPECT_EQ(got.at, 42);
  EXPECT_EQ(got.account, "mo");
  EXPECT_EQ(got.role, "monitor");
  EXPECT_EQ(got.party, "eubam");
  EXPECT_EQ(got.what, "identity,medical");
  EXPECT_EQ(got.reason, "audit");
  EXPECT_TRUE(got.break_glass);
  EXPECT_EQ(got.peer, "10.0.0.1");
}

TEST_F(AccountRepoTest, StoresAndFindsIdempotentReplies) {
  IdempotentReply r;
  r.account_id = 1;
  r.key = "k-1";
  r.method = "POST";
  r.path = "/api/v1/cases/MOH-1/decisions";
  r.request_hash.fill(3);
  r.status = 201;
  r.content_type = "application/json";
  r.body = std::string("{\"ok\":true}\0x", 13);
  r.created_at = 100;
  ASSERT_TRUE(insert_idempotent(*db, r).ok());
  auto found = find_idempotent(*db, 1, "k-1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->method, "POST");
  EXPECT_EQ((*found)->path, r.path);
  EXPECT_EQ((*found)->request_hash, r.request_hash);
  EXPECT_EQ((*found)->status, 201);
  EXPECT_EQ((*found)->content_type, "application/json");
  EXPECT_EQ((*found)->body, r.body);
  EXPECT_EQ((*found)->created_at, 100);
  EXPECT_FALSE(find_idempotent(*db, 2, "k-1")->has_value());  // keys are per account
  auto again = insert_idempotent(*db, r);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::conflict);
}

TEST_F(AccountRepoTest, StoresAnEmptyIdempotentBody) {
  IdempotentReply r{1, "k", "DELETE", "/x", {}, 204, "text/plain", "", 5};
  ASSERT_TRUE(insert_idempotent(*db, r).ok());
  EXPECT_EQ((*find_idempotent(*db, 1, "k"))->body, "");
}

TEST_F(AccountRepoTest, DeletesIdempotentRepliesBeforeATime) {
  for (int i = 0; i < 3; ++i) {
    IdempotentReply r{
        1, "k" + std::to_string(i), "POST", "/x", {}, 200, "text/plain", "b", 100 + i * 100};
    ASSERT_TRUE(insert_idempotent(*db, r).ok());
  }
  EXPECT_EQ(*delete_idempotent_before(*db, 200), 1);
  EXPECT_FALSE(find_idempotent(*db, 1, "k0")->has_value());
  EXPECT_TRUE(find_idempotent(*db, 1, "k1")->has_value());
}

TEST_F(AccountRepoTest, RebuildLeavesTheAccountTablesAlone) {
  AccountRow ana = add("ana");
  session(1, ana.id, 1000);
  read(100, "MOH-1");
  ASSERT_TRUE(put_key_request(*db, {"ana", "who", "who/ana+00000000+AQ", 100}).ok());
  ASSERT_TRUE(clear_projection(*db).ok());
  EXPECT_EQ(list_accounts(*db)->size(), 1u);
  EXPECT_EQ(list_reads(*db, {})->size(), 1u);
  EXPECT_EQ(list_key_requests(*db)->size(), 1u);
}

TEST_F(AccountRepoTest, AnAccountHasOneKeyRequestTheLatest) {
  add("ana");
  ASSERT_TRUE(put_key_request(*db, {"ana", "who", "who/ana+00000001+AQ", 100}).ok());
  ASSERT_TRUE(put_key_request(*db, {"ana", "who", "who/ana+00000002+AQ", 200}).ok());
  auto found = find_key_request(*db, "ana");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->party, "who");
  EXPECT_EQ((*found)->vkey, "who/ana+00000002+AQ");
  EXPECT_EQ((*found)->requested_at, 200);
  EXPECT_EQ(list_key_requests(*db)->size(), 1u);
  EXPECT_FALSE(find_key_request(*db, "bo")->has_value());
}

TEST_F(AccountRepoTest, ListsKeyRequestsOldestFirst) {
  add("ana");
  add("bo", "officer", "pa");
  add("cy", "monitor", "eubam");
  ASSERT_TRUE(put_key_request(*db, {"cy", "eubam", "eubam/cy+00000003+AQ", 300}).ok());
  ASSERT_TRUE(put_key_request(*db, {"ana", "who", "who/ana+00000001+AQ", 100}).ok());
  ASSERT_TRUE(put_key_request(*db, {"bo", "pa", "pa/bo+00000002+AQ", 200}).ok());
  auto all = list_key_requests(*db);
  ASSERT_TRUE(all.ok());
  std::vector<std::string> names;
  for (const KeyRequestRow& r : *all) names.push_back(r.name);
  EXPECT_EQ(names, (std::vector<std::string>{"ana", "bo", "cy"}));
}

TEST_F(AccountRepoTest, DeletesAKeyRequestByNameOrByItsKey) {
  add("ana");
  add("bo", "officer", "pa");
  ASSERT_TRUE(put_key_request(*db, {"ana", "who", "who/ana+00000001+AQ", 100}).ok());
  ASSERT_TRUE(put_key_request(*db, {"bo", "pa", "pa/bo+00000002+AQ", 200}).ok());
  EXPECT_TRUE(*delete_key_request(*db, "ana"));
  EXPECT_FALSE(*delete_key_request(*db, "ana"));
  EXPECT_EQ(*delete_key_requests_for(*db, "pa/bo+00000009+AQ"), 0);
  EXPECT_EQ(*delete_key_requests_for(*db, "pa/bo+00000002+AQ"), 1);
  EXPECT_TRUE(list_key_requests(*db)->empty());
}

TEST_F(AccountRepoTest, AKeyRequestNeedsAnAccount) {
  EXPECT_FALSE(put_key_request(*db, {"nobody", "who", "who/nobody+00000001+AQ", 100}).ok());
}

}  // namespace
}  // namespace corridor::store
