// Statements that share a writer batch are still checked one by one: the
// signature is verified before the writer (Service::preverify) when the
// key is known, and matched there to the officer's stored key; a bad one
// among good ones is refused alone, whether it came in one submit_all or
// in concurrent submit calls that the writer commits together.

#include <corridor/app/apply.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/test_deployment.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/statement.hpp>

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace corridor::app {
namespace {

class SubmitBatchTest : public testing::DeploymentTest {
protected:
  void SetUp() override {
    DeploymentTest::SetUp();
    import_good();
  }

  // who's referral approval of `ref`, signed by `signer`.
  std::string decision(const std::string& ref, const ledger::PrivateKey& signer) {
    auto c = svc->get_case(ref);
    EXPECT_TRUE(c) << ref;
    ledger::Statement s;
    s.log = svc->config().log.origin;
    s.time = env.now();
    s.party = "who";
    s.officer = std::string(testing::k_officer);
    s.case_ref = testing::public_id(*svc, ref);
    s.body = ledger::Decision{"referral", core::Outcome::approve, "", std::nullopt,
                              c ? c->record.snapshot : core::Hash256{}};
    auto body = ledger::format_statement(s);
    EXPECT_TRUE(body);
    return ledger::format_note({*body, {ledger::sign_note_text(*body, signer)}});
  }

  // The same note with one bit of its signature flipped.
  static std::string flipped(std::string note) {
    auto n = ledger::parse_note(note);
    EXPECT_TRUE(n);
    n->signatures.front().signature[5] ^= 0x01;
    return ledger::format_note(*n);
  }

  static bool refused_for(const core::Result<Applied>& r, std::string_view rule) {
    if (r || r.error().code != core::Errc::refused) return false;
    return r.error().rule == rule || r.error().message.find(rule) != std::string::npos;
  }

  std::uint64_t decisions_of(const std::string& ref) {
    auto c = svc->get_case(ref);
    return c ? c->decisions.size() : 0;
  }
};

TEST_F(SubmitBatchTest, ABadSignatureAmongGoodOnesInOneCallIsRefusedAlone) {
  const std::vector<std::string> notes{decision("WHO-2025-0101", key("who")),
                                       flipped(decision("WHO-2025-0102", key("who"))),
                                       decision("WHO-2025-0103", key("who"))};
  auto results = svc->submit_all(notes);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0]) << results[0].error().message;
  EXPECT_TRUE(refused_for(results[1], "bad-signature"));
  EXPECT_TRUE(results[2]) << results[2].error().message;
  EXPECT_EQ(decisions_of("WHO-2025-0101"), 1u);
  EXPECT_EQ(decisions_of("WHO-2025-0102"), 0u);
  EXPECT_EQ(decisions_of("WHO-2025-0103"), 1u);
}

TEST_F(SubmitBatchTest, AStatementSignedWithAnotherKeyIsRefusedAlone) {
  // Signed by pa's officer in who's officer's name: no preverified key
  // matches, and the writer's own check refuses it.
  const std::vector<std::string> notes{decision("WHO-2025-0101", key("who")),
                                       decision("WHO-2025-0102", key("pa"))};
  auto results = svc->submit_all(notes);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0]) << results[0].error().message;
  EXPECT_TRUE(refused_for(results[1], "unknown-key"));
  EXPECT_EQ(decisions_of("WHO-2025-0102"), 0u);
}

TEST_F(SubmitBatchTest, ABadSignatureAmongConcurrentSubmitsIsRefusedAlone) {
  const std::vector<std::string> refs{"WHO-2025-0101", "WHO-2025-0102", "WHO-2025-0103"};
  std::vector<std::string> notes;
  for (const auto& ref : refs) notes.push_back(decision(ref, key("who")));
  notes[1] = flipped(notes[1]);
  std::vector<core::Result<Applied>> results(notes.size(),
                                             core::make_error(core::Errc::internal, "not run"));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < notes.size(); ++i)
    threads.emplace_back([&, i] { results[i] = svc->submit(notes[i]); });
  for (auto& t : threads) t.join();
  EXPECT_TRUE(results[0]) << results[0].error().message;
  EXPECT_TRUE(refused_for(results[1], "bad-signature"));
  EXPECT_TRUE(results[2]) << results[2].error().message;
  EXPECT_EQ(decisions_of("WHO-2025-0102"), 0u);
}

}  // namespace
}  // namespace corridor::app
