// The public form of statements (issue 16, docs/log_format.md "Public ids"
// and "Sealed reasons"): the log names cases by public id and carries
// private reasons sealed; the store applies them with refs and codes, live
// and in a replay.

#include <corridor/app/public_form.hpp>

#include <corridor/app/apply.hpp>
#include <corridor/app/test_deployment.hpp>
#include <corridor/core/snapshot.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/store/log_repo.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace corridor::app {
namespace {

using testing::k_hour;
using testing::k_officer;

class PublicForm : public testing::DeploymentTest {
protected:
  void SetUp() override {
    DeploymentTest::SetUp();
    if (HasFatalFailure()) return;
    import_good();
    env.advance(k_hour);
  }

  store::Database& reader() {
    auto db = svc->reader();
    if (!db) throw std::runtime_error("reader: " + db.error().message);
    return **db;
  }

  // Every log entry's text that names case `ref` (by the store's index).
  std::vector<std::string> entries_of(const std::string& ref) {
    std::vector<std::string> out;
    auto idx = store::log_entries_of_case(reader(), ref);
    EXPECT_TRUE(idx.ok());
    for (std::uint64_t i : *idx) out.push_back(**store::log_entry(reader(), i));
    return out;
  }

  // A deny signed by hand by the egypt officer, as a statement signed
  // elsewhere would come: `id` names the case, `reason` as given.
  std::string foreign_deny(const std::string& id, const std::string& reason) {
    ledger::Statement s;
    s.log = svc->config().log.origin;
    s.time = env.now();
    s.party = "egypt";
    s.officer = std::string(k_officer);
    s.case_ref = id;
    auto c = svc->get_case("WHO-2025-0103");
    s.body = ledger::Decision{"acceptance", core::Outcome::deny, reason, std::nullopt,
                              c ? c->record.snapshot : core::Hash256{}};
    auto body = ledger::format_statement(s);
    EXPECT_TRUE(body.ok()) << body.error().message;
    return ledger::format_note({*body, {ledger::sign_note_text(*body, key("egypt"))}});
  }

  void approve_referral(const std::string& ref) {
    auto c = svc->get_case(ref);
    ASSERT_TRUE(c.ok());
    auto r =
        svc->decide({ref, "referral", core::Outcome::approve, "", "", std::nullopt}, key("who"));
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
};

TEST_F(PublicForm, EveryEntryNamesTheCaseByItsPublicIdNeverItsRef) {
  approve_referral("WHO-2025-0102");
  const std::string id = *svc->public_id("WHO-2025-0102");
  EXPECT_TRUE(core::is_public_id(id));
  const auto entries = entries_of("WHO-2025-0102");
  ASSERT_EQ(entries.size(), 2u);  // its registration row and the referral
  for (const std::string& e : entries) {
    EXPECT_EQ(e.find("WHO-2025-0102"), std::string::npos) << e;
    EXPECT_NE(e.find("case " + id + "\n"), std::string::npos) << e;
  }
  // The companion, registered before its patient in the file, names the
  // patient by the patient's public id.
  const auto companion = entries_of("WHO-2025-0102-C1");
  ASSERT_FALSE(companion.empty());
  EXPECT_NE(companion.front().find("group " + id + "\n"), std::string::npos) << companion.front();
}

TEST_F(PublicForm, APrivateReasonIsSealedAndAPublicOneIsNot) {
  approve_referral("WHO-2025-0103");
  auto denied = svc->decide(
      {"WHO-2025-0103", "acceptance", core::Outcome::deny, "no-hospital-bed", "", std::nullopt},
      key("egypt"));
  ASSERT_TRUE(denied.ok()) << denied.error().message;
  const std::string entry = entries_of("WHO-2025-0103").back();
  EXPECT_EQ(entry.find("no-hospital-bed"), std::string::npos) << entry;
  const auto at = entry.find("\nreason sealed-");
  ASSERT_NE(at, std::string::npos) << entry;
  // The seal is the note hash of the code under a salt the store keeps.
  auto hash = ledger::parse_sealed(entry.substr(at + 8, 7 + 64));
  ASSERT_TRUE(hash);
  auto code = store::load_note(reader(), *hash);
  ASSERT_TRUE(code.ok() && *code);
  EXPECT_EQ(**code, "no-hospital-bed");
  // The store applied the code: the case's decision carries it.
  auto c = svc->get_case("WHO-2025-0103");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->decisions.back().reason, "no-hospital-bed");
  // COGAT's security refusal is public (Rafah's [reasons] public).
  auto reg = svc->decide(
      {"MOE-2025-0007", "registration", core::Outcome::approve, "", "", std::nullopt}, key("pa"));
  ASSERT_TRUE(reg.ok()) << reg.error().message;
  auto refused = svc->decide(
      {"MOE-2025-0007", "security", core::Outcome::deny, "security-refusal", "", std::nullopt},
      key("cogat"));
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  EXPECT_NE(entries_of("MOE-2025-0007").back().find("\nreason security-refusal\n"),
            std::string::npos);
  // A withdrawal is a private closure kind: sealed.
  auto closed = svc->close_case({"WHO-2025-0104", core::ClosureKind::withdrawn, ""}, key("who"));
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  const std::string closure = entries_of("WHO-2025-0104").back();
  EXPECT_NE(closure.find("\nclosure sealed-"), std::string::npos) << closure;
  EXPECT_EQ(svc->get_case("WHO-2025-0104")->view.state, core::CaseState::withdrawn);
  // The replay reads every seal and id back and gets the same tables.
  auto check = svc->rebuild(true);
  ASSERT_TRUE(check.ok()) << check.error().message;
}

TEST_F(PublicForm, AStatementSignedElsewhereMustUseThePublicForm) {
  approve_referral("WHO-2025-0103");
  const std::string id = *svc->public_id("WHO-2025-0103");
  // A private reason in clear would put it in the public log.
  auto clear = svc->submit(foreign_deny(id, "no-hospital-bed"));
  ASSERT_FALSE(clear.ok());
  EXPECT_EQ(clear.error().rule, "unsealed-reason") << clear.error().message;
  // A public id no case has.
  auto unknown = svc->submit(foreign_deny(std::string(32, 'a'), "security-refusal"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().rule, "unknown-case") << unknown.error().message;
  // A seal the store does not hold.
  auto unsealed = svc->submit(foreign_deny(id, ledger::sealed_token(core::Hash256{})));
  ASSERT_FALSE(unsealed.ok());
  EXPECT_EQ(unsealed.error().rule, "unknown-note") << unsealed.error().message;
  // A ref where the id belongs is not a statement at all.
  std::string by_ref = foreign_deny(id, "security-refusal");
  by_ref.replace(by_ref.find(id), id.size(), "WHO-2025-0103");
  auto refused = svc->submit(by_ref);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("not a public id"), std::string::npos)
      << refused.error().message;
  // Nothing was written by any of them.
  EXPECT_EQ(entries_of("WHO-2025-0103").size(), 2u);
}

// Each sealed text belongs to one statement: naming another's hash would
// make the store read it back to the signer (a refusal naming the code).
TEST_F(PublicForm, ANoteOrSealedReasonOfAnotherStatementIsRefused) {
  approve_referral("WHO-2025-0102");
  approve_referral("WHO-2025-0103");
  auto denied = svc->decide(
      {"WHO-2025-0102", "acceptance", core::Outcome::deny, "no-hospital-bed", "", std::nullopt},
      key("egypt"));
  ASSERT_TRUE(denied.ok()) << denied.error().message;
  const std::string entry = entries_of("WHO-2025-0102").back();
  const std::string token = entry.substr(entry.find("\nreason sealed-") + 8, 7 + 64);
  auto reused = svc->submit(foreign_deny(*svc->public_id("WHO-2025-0103"), token));
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().rule, "note-reused") << reused.error().message;
  EXPECT_EQ(reused.error().message.find("no-hospital-bed"), std::string::npos);
  // A public code sealed would hide a public fact from the figures.
  const std::string salt(16, '\x05');
  const core::Hash256 h = ledger::note_hash(salt, "security-refusal");
  ASSERT_TRUE(svc->write([&](store::Database& db) {
                   return store::insert_note(db, h, salt, "security-refusal");
                 })
                  .ok());
  auto hidden =
      svc->submit(foreign_deny(*svc->public_id("WHO-2025-0103"), ledger::sealed_token(h)));
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().rule, "sealed-reason") << hidden.error().message;
}

}  // namespace
}  // namespace corridor::app
