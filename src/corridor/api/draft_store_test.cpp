#include <corridor/api/draft_store.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <variant>

namespace corridor::api {
namespace {

constexpr std::int64_t k_alice = 1;
constexpr std::int64_t k_bob = 2;
constexpr core::Timestamp k_now = 1'800'000'000;

// A draft whose commit counts its calls and answers with the notes it got.
Draft draft(std::string id, std::int64_t account, int* commits = nullptr) {
  return Draft{{std::move(id), account, 0, "decision", {"body 1", "body 2"}},
               [commits](std::span<const std::string> notes) -> core::Result<nlohmann::json> {
                 if (commits) ++*commits;
                 return nlohmann::json{{"notes", notes.size()}};
               }};
}

DraftStore store(std::size_t per_account = 16, std::size_t total = 1024) {
  return DraftStore({240, per_account, total});
}

TEST(DraftStore, AddSetsTheExpiryAndFindShowsTheDraftToItsAccount) {
  DraftStore s = store();
  auto expires = s.add(draft("d1", k_alice), k_now);
  ASSERT_TRUE(expires);
  EXPECT_EQ(*expires, k_now + 240);
  auto info = s.find("d1", k_alice);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->id, "d1");
  EXPECT_EQ(info->kind, "decision");
  EXPECT_EQ(info->bodies, (std::vector<std::string>{"body 1", "body 2"}));
  EXPECT_EQ(info->expires_at, k_now + 240);
  EXPECT_FALSE(s.find("d2", k_alice));
}

TEST(DraftStore, AnotherAccountCannotSeeTakeOrDiscardADraft) {
  DraftStore s = store();
  ASSERT_TRUE(s.add(draft("d1", k_alice), k_now));
  EXPECT_FALSE(s.find("d1", k_bob));
  auto taken = s.take("d1", k_bob, k_now);
  ASSERT_TRUE(std::holds_alternative<DraftMiss>(taken));
  EXPECT_EQ(std::get<DraftMiss>(taken), DraftMiss::absent);
  EXPECT_FALSE(s.discard("d1", k_bob));
  // Untouched for its own account.
  EXPECT_EQ(s.size(), 1u);
  EXPECT_TRUE(s.find("d1", k_alice));
  EXPECT_TRUE(std::holds_alternative<Draft>(s.take("d1", k_alice, k_now)));
}

TEST(DraftStore, ADraftIsTakenForOneCommitOnly) {
  DraftStore s = store();
  int commits = 0;
  ASSERT_TRUE(s.add(draft("d1", k_alice, &commits), k_now));
  auto first = s.take("d1", k_alice, k_now + 10);
  ASSERT_TRUE(std::holds_alternative<Draft>(first));
  auto answer = std::get<Draft>(first).commit(std::vector<std::string>{"n1", "n2"});
  ASSERT_TRUE(answer);
  EXPECT_EQ((*answer)["notes"], 2);
  auto second = s.take("d1", k_alice, k_now + 11);
  ASSERT_TRUE(std::holds_alternative<DraftMiss>(second));
  EXPECT_EQ(std::get<DraftMiss>(second), DraftMiss::absent);
  EXPECT_FALSE(s.find("d1", k_alice));
  EXPECT_EQ(commits, 1);
  EXPECT_EQ(s.size(), 0u);
}

TEST(DraftStore, AnExpiredDraftIsRefusedAndDropped) {
  DraftStore s = store();
  int commits = 0;
  ASSERT_TRUE(s.add(draft("d1", k_alice, &commits), k_now));
  ASSERT_TRUE(s.add(draft("d2", k_alice), k_now));
  // One second before the expiry it still commits; at the expiry it does not.
  EXPECT_TRUE(std::holds_alternative<Draft>(s.take("d2", k_alice, k_now + 239)));
  auto late = s.take("d1", k_alice, k_now + 240);
  ASSERT_TRUE(std::holds_alternative<DraftMiss>(late));
  EXPECT_EQ(std::get<DraftMiss>(late), DraftMiss::expired);
  EXPECT_EQ(std::get<DraftMiss>(s.take("d1", k_alice, k_now + 240)), DraftMiss::absent);
  EXPECT_EQ(commits, 0);
}

TEST(DraftStore, AddDropsExpiredDraftsBeforeCountingTheLimits) {
  DraftStore s = store(2, 3);
  ASSERT_TRUE(s.add(draft("a1", k_alice), k_now));
  ASSERT_TRUE(s.add(draft("a2", k_alice), k_now + 100));
  // Alice has two waiting: a third is refused and not kept.
  EXPECT_FALSE(s.add(draft("a3", k_alice), k_now + 100));
  EXPECT_FALSE(s.find("a3", k_alice));
  // Bob is not held to Alice's count, only to the total.
  ASSERT_TRUE(s.add(draft("b1", k_bob), k_now + 100));
  EXPECT_FALSE(s.add(draft("b2", k_bob), k_now + 100));
  EXPECT_EQ(s.size(), 3u);
  // Once a1 has expired, it is dropped and Alice may draft again.
  EXPECT_TRUE(s.add(draft("a3", k_alice), k_now + 240));
  EXPECT_FALSE(s.find("a1", k_alice));
  EXPECT_TRUE(s.find("a2", k_alice));
  EXPECT_EQ(s.size(), 3u);
}

TEST(DraftStore, DiscardDropsTheDraft) {
  DraftStore s = store();
  ASSERT_TRUE(s.add(draft("d1", k_alice), k_now));
  EXPECT_TRUE(s.discard("d1", k_alice));
  EXPECT_FALSE(s.discard("d1", k_alice));
  EXPECT_EQ(std::get<DraftMiss>(s.take("d1", k_alice, k_now)), DraftMiss::absent);
}

}  // namespace
}  // namespace corridor::api
