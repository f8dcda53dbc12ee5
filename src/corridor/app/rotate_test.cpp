// Key rotation (officer-rotate): the new key signs from the rotation on, the
// old one signs nothing after it, on every path: submit (apply), verify,
// rebuild's replay and a case's proof.

#include <corridor/app/apply.hpp>
#include <corridor/app/keyfile.hpp>
#include <corridor/app/log.hpp>
#include <corridor/app/log_ops.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/test_deployment.hpp>
#include <corridor/app/verify.hpp>
#include <corridor/ledger/case_proof.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace corridor::app {
namespace {

using testing::k_hour;
using testing::k_officer;

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.rfind(prefix, 0) == 0;
}
bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

constexpr std::string_view k_ref = "WHO-2025-0101";

class RotateTest : public testing::DeploymentTest {
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
  std::uint64_t log_size() { return store::log_size(reader()).value(); }

  // A new signing key for who's officer-1.
  ledger::PrivateKey who_key() {
    return new_key("who/" + std::string(k_officer), ledger::KeyType::ed25519);
  }
  static std::string vkey(const ledger::PrivateKey& k) {
    return ledger::format_vkey(k.public_key());
  }

  // who's referral approval of k_ref, signed with `key`, made now.
  std::string referral(const ledger::PrivateKey& key) {
    auto d = svc->get_case(k_ref);
    if (!d) throw std::runtime_error("get_case: " + d.error().message);
    ledger::Statement s;
    s.body =
        ledger::Decision{"referral", core::Outcome::approve, "", std::nullopt, d->record.snapshot};
    s.log = svc->config().log.origin;
    s.time = env.now();
    s.party = "who";
    s.officer = k_officer;
    s.case_ref = testing::public_id(*svc, std::string(k_ref));
    auto body = ledger::format_statement(s);
    if (!body) throw std::runtime_error("format_statement: " + body.error().message);
    return ledger::format_note({*body, {ledger::sign_note_text(*body, key)}});
  }

  void expect_rule(const core::Result<void>& r, std::string_view rule) {
    ASSERT_FALSE(r.ok()) << "accepted; expected " << rule;
    EXPECT_EQ(r.error().code, core::Errc::refused) << r.error().message;
    EXPECT_EQ(r.error().rule, rule) << r.error().message;
  }
  template <class T>
  void expect_rule(const core::Result<T>& r, std::string_view rule) {
    ASSERT_FALSE(r.ok()) << "accepted; expected " << rule;
    EXPECT_EQ(r.error().code, core::Errc::refused) << r.error().message;
    EXPECT_EQ(r.error().rule, rule) << r.error().message;
  }

  core::Result<VerifyReport> verify_db() {
    auto src = database_source(reader());
    return verify_log(*src, policy_of(svc->config(), svc->log_key()));
  }

  // Appends `note` and seals it with the log key directly, past every
  // check, as a deployment whose log key holder cheats could.
  std::uint64_t append_behind_the_store(const std::string& note) {
    auto lk = read_key_file(default_log_key_path(db_path()));
    if (!lk) throw std::runtime_error("log key: " + lk.error().message);
    LogAppender log(svc->config().log.origin, std::move(lk).value());
    auto db = store::Database::open(db_path(), store::OpenMode::read_write);
    if (!db) throw std::runtime_error("open: " + db.error().message);
    if (!db->exec("BEGIN IMMEDIATE")) throw std::runtime_error("begin");
    auto idx = log.append(*db, note);
    if (!idx) throw std::runtime_error("append: " + idx.error().message);
    if (!store::insert_log_case(*db, std::string(k_ref), *idx))
      throw std::runtime_error("log case");
    if (!log.seal(*db) || !db->exec("COMMIT")) throw std::runtime_error("seal");
    return *idx;
  }
};

TEST_F(RotateTest, TheOldKeySignsNothingAfterTheRotationAndTheNewOneSigns) {
  const ledger::PrivateKey next = who_key();
  // Signed before the rotation, submitted after it: the log's order counts.
  const std::string signed_before = referral(key("who"));
  env.advance(60);
  ASSERT_TRUE(svc->rotate_officer("who", k_officer, vkey(next)).ok());
  const std::uint64_t rotation = log_size() - 1;
  env.advance(60);
  auto old = svc->submit(signed_before);
  expect_rule(old, "retired-key");
  EXPECT_TRUE(contains(old.error().message, "was replaced by a rotation at 2025-11-24T17:01:00Z"))
      << old.error().message;
  expect_rule(svc->submit(referral(key("who"))), "retired-key");
  EXPECT_EQ(log_size(), rotation + 1);
  auto fresh = svc->submit(referral(next));
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;

  auto history = svc->officer_keys("who", k_officer);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].vkey, vkey(key("who")));
  EXPECT_TRUE((*history)[0].retired_at.has_value());
  EXPECT_EQ((*history)[1].vkey, vkey(next));
  EXPECT_FALSE((*history)[1].retired_at.has_value());

  auto v = verify_db();
  ASSERT_TRUE(v.ok()) << v.error().message;
  ASSERT_EQ(v->rotations.size(), 1u);
  EXPECT_EQ(v->rotations[0].entry, rotation);
  EXPECT_EQ(v->rotations[0].officer, "who/officer-1");
  EXPECT_EQ(v->rotations[0].previous, vkey(key("who")));
  EXPECT_EQ(v->rotations[0].key, vkey(next));
  auto rebuilt = svc->rebuild(true);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().message;
  EXPECT_EQ(rebuilt->difference, "");

  auto proof = case_proof(reader(), svc->config(), svc->log_key(), k_ref);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  auto checked = ledger::verify_proof(*proof, svc->log_key());
  ASSERT_TRUE(checked.ok()) << checked.error().message;
  ASSERT_EQ(checked->rotations.size(), 1u);
  EXPECT_TRUE(starts_with(checked->rotations[0], "entry " + std::to_string(rotation) +
                                                     ": officer-rotate of who/officer-1"))
      << checked->rotations[0];
}

TEST_F(RotateTest, RefusesWhatIsNotANewSigningKeyOfARegisteredOfficer) {
  const ledger::PrivateKey next = who_key();
  const std::uint64_t size = log_size();
  expect_rule(
      svc->rotate_officer("who", "nobody", vkey(new_key("who/nobody", ledger::KeyType::ed25519))),
      "unknown-key");
  expect_rule(svc->rotate_officer("who", k_officer, "not a key"), "bad-key");
  expect_rule(svc->rotate_officer("who", k_officer,
                                  vkey(new_key("egypt/officer-1", ledger::KeyType::ed25519))),
              "bad-key");
  expect_rule(svc->rotate_officer("who", k_officer,
                                  vkey(new_key("who/officer-1", ledger::KeyType::cosignature))),
              "bad-key");
  expect_rule(svc->rotate_officer("who", k_officer, vkey(key("who"))), "key-reused");
  EXPECT_EQ(log_size(), size);
  // Nor back to a key a rotation retired.
  ASSERT_TRUE(svc->rotate_officer("who", k_officer, vkey(next)).ok());
  expect_rule(svc->rotate_officer("who", k_officer, vkey(key("who"))), "key-reused");
  EXPECT_EQ(log_size(), size + 1);
}

TEST_F(RotateTest, AWitnessKeyIsNotRotated) {
  auto w = new_key("who/witness", ledger::KeyType::cosignature);
  ASSERT_TRUE(svc->add_officer("who", "witness", vkey(w)).ok());
  expect_rule(
      svc->rotate_officer("who", "witness", vkey(new_key("who/witness", ledger::KeyType::ed25519))),
      "bad-key");
}

TEST_F(RotateTest, ARotationAfterARevocationRegistersTheNewKey) {
  ASSERT_TRUE(svc->revoke_officer("who", k_officer).ok());
  expect_rule(svc->submit(referral(key("who"))), "revoked-key");
  const ledger::PrivateKey next = who_key();
  ASSERT_TRUE(svc->rotate_officer("who", k_officer, vkey(next)).ok());
  expect_rule(svc->submit(referral(key("who"))), "retired-key");
  auto fresh = svc->submit(referral(next));
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  auto officers = svc->officers();
  ASSERT_TRUE(officers.ok());
  for (const OfficerInfo& o : *officers)
    if (o.party == "who" && o.name == k_officer) {
      EXPECT_EQ(o.vkey, vkey(next));
      EXPECT_FALSE(o.revoked_at.has_value());
    }
  auto v = verify_db();
  ASSERT_TRUE(v.ok()) << v.error().message;
  auto rebuilt = svc->rebuild(true);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().message;
  EXPECT_EQ(rebuilt->difference, "");
}

// What the store refuses, a log written past the store cannot hold either:
// verify, the replay and the proof all refuse the old key after the rotation.
TEST_F(RotateTest, AnOldKeysStatementAfterTheRotationFailsVerifyReplayAndProof) {
  const std::string old_note = referral(key("who"));
  ASSERT_TRUE(svc->rotate_officer("who", k_officer, vkey(who_key())).ok());
  const std::uint64_t rotation = log_size() - 1;
  const std::uint64_t idx = append_behind_the_store(old_note);

  auto v = verify_db();
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(starts_with(v.error().message,
                          "entry " + std::to_string(idx) +
                              ": retired-key: signed by who/officer-1 with a key retired by the "
                              "rotation at entry " +
                              std::to_string(rotation)))
      << v.error().message;

  auto rebuilt = svc->rebuild(true);
  ASSERT_FALSE(rebuilt.ok()) << "the replay accepted it";
  EXPECT_TRUE(contains(rebuilt.error().message, "retired-key")) << rebuilt.error().message;

  auto proof = case_proof(reader(), svc->config(), svc->log_key(), k_ref);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  auto checked = ledger::verify_proof(*proof, svc->log_key());
  ASSERT_FALSE(checked.ok());
  EXPECT_TRUE(contains(checked.error().message,
                       "entry " + std::to_string(idx) + ": retired-key: signed by who/officer-1"))
      << checked.error().message;
}

// verify's key history, in log order: a rotation must follow the
// officer's registration, name its current key as `previous`, and bring a
// key the officer never had (a reordered or edited history is caught even
// where the log key re-signed the tree).
TEST_F(RotateTest, VerifysKeyHistoryRefusesAReorderedOrReusedRotation) {
  const ledger::PrivateKey k1 = who_key();
  const ledger::PrivateKey k2 = who_key();
  ledger::Statement add;
  add.party = "who";
  add.officer = "ana";
  add.body = ledger::OfficerAdd{vkey(k1)};
  ledger::Statement rot = add;
  rot.body = ledger::OfficerRotate{vkey(k2), vkey(k1)};
  rot.officer = k_officer;
  add.officer = k_officer;

  KeyState before;  // the rotation first: the officer is not registered yet
  auto r = before.apply(3, rot);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "entry 3: rotates the key of who/officer-1, who was never registered");

  KeyState keys;
  ASSERT_TRUE(keys.apply(1, add).ok());
  ASSERT_TRUE(keys.apply(2, rot).ok());
  ASSERT_EQ(keys.rotations.size(), 1u);
  // The same rotation again: its previous key is no longer the current one.
  auto again = keys.apply(5, rot);
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(contains(again.error().message, "is not its current key")) << again.error().message;
  // Back to the retired key.
  ledger::Statement back = rot;
  back.body = ledger::OfficerRotate{vkey(k1), vkey(k2)};
  auto reused = keys.apply(6, back);
  ASSERT_FALSE(reused.ok());
  EXPECT_TRUE(contains(reused.error().message, "key-reused")) << reused.error().message;
}

}  // namespace
}  // namespace corridor::app
