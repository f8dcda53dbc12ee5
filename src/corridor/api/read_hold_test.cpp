// A GET that reads a person's record is logged without holding a worker:
// Api::handle_held hands back the answer with a Hold, done only once the
// read-log row is durable; Api::handle waits for it itself.

#include <corridor/api/api_test_fixture.hpp>
#include <corridor/api/read_hold.hpp>

namespace corridor::api {
namespace {

using testing::ApiTest;
using testing::Reply;

constexpr const char* k_ref = "WHO-2025-0101";

class ApiReadHold : public ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    import_good();
  }
  Request get(const std::string& target, const std::string& token) {
    Request req;
    req.method = "GET";
    req.target = target;
    req.peer = "192.0.2.1";
    req.headers.set("Authorization", "Bearer " + token);
    return req;
  }
  std::size_t logged(const std::string& why) {
    const Reply log = call("GET", "/api/v1/read-log?ref=" + std::string(k_ref) + "&reason=" + why,
                           "", login(std::string(testing::k_admin)));
    EXPECT_EQ(log.status, 200) << log.text;
    return log.body["reads"].size();
  }
};

TEST_F(ApiReadHold, AGetCasesAnswerIsHeldUntilItsReadIsLogged) {
  const std::string who = login_party("who");
  Response held = api->handle_held(get("/api/v1/cases/" + std::string(k_ref) + "?why=held-1", who));
  ASSERT_EQ(held.status, 200) << held.body;
  ASSERT_TRUE(held.hold);
  // The read log's writer calls back once its batch is durable.
  EXPECT_TRUE(wait_for(held.hold));
  EXPECT_EQ(logged("held-1"), 1u);
}

TEST_F(ApiReadHold, HandleWaitsItselfAndAnswersWithNoHold) {
  const std::string who = login_party("who");
  Response r = api->handle(get("/api/v1/cases/" + std::string(k_ref) + "?why=plain-1", who));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.hold);
  EXPECT_EQ(logged("plain-1"), 1u);
}

TEST_F(ApiReadHold, AnAnswerThatReadsNoRecordIsNotHeld) {
  const Response r = api->handle_held(get("/api/v1/queue", login_party("who")));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.hold);
}

TEST(ReadHolds, DoneOnlyWhenEveryReadIsDurableAndFalseIfOneFailed) {
  ReadHolds holds;
  EXPECT_TRUE(holds.empty());
  auto first = holds.add();
  auto second = holds.add();
  EXPECT_FALSE(holds.empty());
  int calls = 0;
  bool result = true;
  holds.hold()([&](bool ok) {
    ++calls;
    result = ok;
  });
  first(core::Result<void>{});
  EXPECT_EQ(calls, 0);
  second(core::make_error(core::Errc::internal, "disk full"));
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(result);
  // Asked after the fact, it answers at once.
  bool again = true;
  holds.hold()([&](bool ok) { again = ok; });
  EXPECT_FALSE(again);
}

}  // namespace
}  // namespace corridor::api
