#include <corridor/app/log.hpp>

#include <corridor/app/apply.hpp>
#include <corridor/app/env.hpp>
#include <corridor/app/keyfile.hpp>
#include <corridor/app/log_ops.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/test_deployment.hpp>
#include <corridor/app/verify.hpp>
#include <corridor/core/case.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/workflow.hpp>
#include <corridor/ledger/case_proof.hpp>
#include <corridor/ledger/checkpoint.hpp>
#include <corridor/ledger/key.hpp>
#include <corridor/ledger/merkle.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/ledger/tiles.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace corridor::app {
namespace {

namespace fs = std::filesystem;

using testing::k_hour;
using testing::k_officer;

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.rfind(prefix, 0) == 0;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::string entry(std::uint64_t idx) { return "entry " + std::to_string(idx) + ":"; }

// The signed note of a statement, as an officer's client makes it.
std::string sign(const ledger::Statement& s, const ledger::PrivateKey& key) {
  auto body = ledger::format_statement(s);
  if (!body) throw std::runtime_error("format_statement: " + body.error().message);
  return ledger::format_note({*body, {ledger::sign_note_text(*body, key)}});
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void spit(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// A deployment with one officer per party (as ServiceTest has them) and
// tests/data/good.csv imported by the pa officer.
class LogTest : public testing::DeploymentTest {
protected:
  void SetUp() override {
    DeploymentTest::SetUp();
    if (HasFatalFailure()) return;
    import_good();
    env.advance(k_hour);
  }

  // A witness key of `party`, registered in the log.
  ledger::PrivateKey witness(const std::string& party) {
    auto k = new_key(party + "/witness", ledger::KeyType::cosignature);
    auto added = svc->add_officer(party, "witness", ledger::format_vkey(k.public_key()));
    if (!added) throw std::runtime_error("add witness: " + added.error().message);
    return k;
  }

  ledger::PrivateKey log_private_key() {
    auto k = read_key_file(default_log_key_path(db_path()));
    if (!k) throw std::runtime_error("log key: " + k.error().message);
    return std::move(k).value();
  }

  store::Database& reader() {
    auto db = svc->reader();
    if (!db) throw std::runtime_error("reader: " + db.error().message);
    return **db;
  }

  std::uint64_t log_size() {
    auto n = store::log_size(reader());
    if (!n) throw std::runtime_error("log_size: " + n.error().message);
    return *n;
  }

  core::Hash256 digest() {
    auto d = store::projection_digest(reader());
    if (!d) throw std::runtime_error("projection_digest: " + d.error().message);
    return *d;
  }

  // A second connection that writes behind the Service's back.
  store::Database raw() {
    auto db = store::Database::open(db_path(), store::OpenMode::read_write);
    if (!db) throw std::runtime_error("open: " + db.error().message);
    return std::move(db).value();
  }

  void exec(std::string_view sql) {
    auto r = raw().exec(sql);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.error().message;
  }

  std::string state_column(const std::string& ref) {
    store::Database db = raw();
    store::Statement& st = db.prepare("SELECT state FROM cases WHERE ref = ?");
    st.bind(1, ref);
    auto row = st.step();
    std::string out = row.ok() && *row ? std::string(st.column_text(0)) : "";
    st.reset();
    return out;
  }

  CaseDetail detail(std::string_view ref) {
    auto d = svc->get_case(ref);
    if (!d) throw std::runtime_error("get_case: " + d.error().message);
    return std::move(d).value();
  }

  // A statement's header, as officer-1 of `party` writes it now.
  ledger::Statement statement(ledger::StatementBody body, const std::string& party,
                              const std::string& ref) {
    ledger::Statement s;
    s.body = std::move(body);
    s.log = svc->config().log.origin;
    s.time = env.now();
    s.party = party;
    s.officer = k_officer;
    s.case_ref = testing::public_id(*svc, ref);
    return s;
  }

  // An approval of the case's current snapshot.
  ledger::Statement approval(const std::string& ref, const std::string& stage,
                             const std::string& party) {
    return statement(ledger::Decision{stage, core::Outcome::approve, "", std::nullopt,
                                      detail(ref).record.snapshot},
                     party, ref);
  }

  void decide_ok(const std::string& ref, const std::string& stage, const std::string& party,
                 core::Outcome outcome = core::Outcome::approve, std::string reason = "",
                 std::string note = "") {
    DecideRequest r{ref, stage, outcome, std::move(reason), std::move(note), std::nullopt};
    auto d = svc->decide(r, key(party));
    ASSERT_TRUE(d.ok()) << ref << " " << stage << ": " << d.error().message;
  }

  // Submits `note`, expects the rule to refuse it, and nothing to change.
  void expect_refused(const std::string& note, std::string_view rule) {
    const std::uint64_t size = log_size();
    const core::Hash256 before = digest();
    auto r = svc->submit(note);
    ASSERT_FALSE(r.ok()) << "accepted; expected " << rule;
    EXPECT_EQ(r.error().code, core::Errc::refused) << r.error().message;
    EXPECT_TRUE(starts_with(r.error().message, std::string(rule) + ":")) << r.error().message;
    EXPECT_EQ(log_size(), size);
    EXPECT_EQ(digest(), before);
  }

  VerifyPolicy policy() { return policy_of(svc->config(), svc->log_key()); }

  core::Result<VerifyReport> verify_db() {
    auto src = database_source(reader());
    return verify_log(*src, policy());
  }

  // Expects verify_log on the database to fail naming `where`.
  void expect_verify_names(std::string_view where) {
    auto r = verify_db();
    ASSERT_FALSE(r.ok()) << "verified; expected a failure naming " << where;
    EXPECT_EQ(r.error().code, core::Errc::bad_input);
    EXPECT_TRUE(starts_with(r.error().message, std::string(where))) << r.error().message;
  }

  std::string note_at(std::uint64_t idx) {
    auto n = store::log_entry(reader(), idx);
    if (!n || !*n) throw std::runtime_error("no entry " + std::to_string(idx));
    return **n;
  }

  void set_note(store::Database& db, std::uint64_t idx, const std::string& note) {
    auto r = db.prepare("UPDATE log_entries SET note = ? WHERE idx = ?")
                 .bind_blob(1, {reinterpret_cast<const std::uint8_t*>(note.data()), note.size()})
                 .bind(2, static_cast<std::int64_t>(idx))
                 .run();
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  // The latest checkpoint's note.
  store::StoredCheckpoint latest() {
    auto cp = store::latest_checkpoint(reader());
    if (!cp || !*cp) throw std::runtime_error("no checkpoint");
    return **cp;
  }
};

// --- refusals ------------------------------------------------------------

TEST_F(LogTest, RefusesAStatementWhoseSignatureIsFlipped) {
  const std::string good = sign(approval("WHO-2025-0101", "referral", "who"), key("who"));
  auto note = ledger::parse_note(good);
  ASSERT_TRUE(note.ok());
  note->signatures[0].signature[10] ^= 0x01;
  expect_refused(ledger::format_note(*note), "bad-signature");
  EXPECT_TRUE(svc->submit(good).ok());  // the same statement, unflipped
}

TEST_F(LogTest, RefusesAStatementByAnUnregisteredKey) {
  ledger::Statement s = approval("WHO-2025-0101", "referral", "who");
  s.officer = "officer-9";
  expect_refused(sign(s, new_key("who/officer-9", ledger::KeyType::ed25519)), "unknown-key");
  // A registered officer's name with a key that is not the registered one.
  expect_refused(sign(approval("WHO-2025-0101", "referral", "who"),
                      new_key("who/officer-1", ledger::KeyType::ed25519)),
                 "unknown-key");
}

TEST_F(LogTest, RefusesAStatementByARevokedOfficer) {
  const std::string note = sign(approval("WHO-2025-0101", "referral", "who"), key("who"));
  ASSERT_TRUE(svc->revoke_officer("who", k_officer).ok());
  expect_refused(note, "revoked-key");
}

TEST_F(LogTest, RefusesADecisionByAnotherPartyThanTheStages) {
  ledger::Statement s = approval("WHO-2025-0101", "referral", "egypt");
  expect_refused(sign(s, key("egypt")), "stage-party");
}

TEST_F(LogTest, RefusesADecisionOnASnapshotAmendedSince) {
  const ledger::Statement old = approval("WHO-2025-0101", "referral", "who");
  auto amended = svc->amend({"WHO-2025-0101", {{"name_en", "Mohammed Ahmed Al-Shaer"}}}, key("pa"));
  ASSERT_TRUE(amended.ok()) << amended.error().message;
  ASSERT_NE(detail("WHO-2025-0101").record.snapshot, old.as<ledger::Decision>()->snapshot);
  expect_refused(sign(old, key("who")), "stale-snapshot");
  EXPECT_TRUE(svc->submit(sign(approval("WHO-2025-0101", "referral", "who"), key("who"))).ok());
}

TEST_F(LogTest, RefusesAStatementOutsideTheClockSkew) {
  const core::Timestamp skew = svc->config().log.max_skew_seconds;
  ledger::Statement s = approval("WHO-2025-0101", "referral", "who");
  s.time = env.now() + skew + 1;
  expect_refused(sign(s, key("who")), "clock-skew");
  s.time = env.now() - skew - 1;
  expect_refused(sign(s, key("who")), "clock-skew");
}

TEST_F(LogTest, AcceptsAStatementExactlyAtTheSkewLimit) {
  const core::Timestamp skew = svc->config().log.max_skew_seconds;
  ledger::Statement ahead = approval("WHO-2025-0101", "referral", "who");
  ahead.time = env.now() + skew;
  auto a = svc->submit(sign(ahead, key("who")));
  EXPECT_TRUE(a.ok()) << a.error().message;
  // The figures' horizon moved that far ahead; "now" before it still comes
  // from the tallies, not a derivation of every case.
  EXPECT_TRUE(svc->stats(StatsFilter{}).ok());
  EXPECT_EQ(svc->stats_fallbacks(), 0u);
  ledger::Statement behind = approval("WHO-2025-0102", "referral", "who");
  behind.time = env.now() - skew;
  auto b = svc->submit(sign(behind, key("who")));
  EXPECT_TRUE(b.ok()) << b.error().message;
}

TEST_F(LogTest, RefusesAStatementForAnotherLog) {
  ledger::Statement s = approval("WHO-2025-0101", "referral", "who");
  s.log = "corridor.elsewhere/log";
  expect_refused(sign(s, key("who")), "wrong-log");
}

// A second signature line, even a bad one by the same key, is refused: a
// statement carries exactly one (else verify and rebuild, which check
// every line, would refuse an entry the store took).
TEST_F(LogTest, RefusesAStatementWithASecondSignatureLine) {
  const std::string good = sign(approval("WHO-2025-0101", "referral", "who"), key("who"));
  auto note = ledger::parse_note(good);
  ASSERT_TRUE(note.ok());
  ledger::NoteSignature bad = note->signatures[0];
  bad.signature[3] ^= 0x01;
  note->signatures.push_back(bad);
  expect_refused(ledger::format_note(*note), "extra-signature");
  note->signatures.pop_back();
  note->signatures.push_back(ledger::sign_note_text(note->text, key("egypt")));
  expect_refused(ledger::format_note(*note), "extra-signature");
}

TEST_F(LogTest, RefusesAStatementOverTheEntrySize) {
  ledger::Statement s = approval("WHO-2025-0101", "referral", "who");
  s.as<ledger::Decision>()->outcome = core::Outcome::deny;
  s.as<ledger::Decision>()->reason = std::string(ledger::k_max_entry_size, 'x');
  expect_refused(sign(s, key("who")), "too-large");
}

// Free text cannot ride in a statement's fields.
TEST_F(LogTest, RefusesAReasonOnAnythingButADeny) {
  ledger::Statement s = approval("WHO-2025-0101", "referral", "who");
  s.as<ledger::Decision>()->reason = "security-refusal";  // public: not sealed
  expect_refused(sign(s, key("who")), "deny-reason");
}

TEST_F(LogTest, RefusesAmendmentFieldsThatAreNotPersonFields) {
  auto c = svc->get_case("WHO-2025-0101");
  ASSERT_TRUE(c.ok());
  ledger::Statement s = statement(
      ledger::Amendment{{"Mohammed Ahmad Al-Shaer"}, c->record.snapshot, c->record.snapshot}, "pa",
      "WHO-2025-0101");
  expect_refused(sign(s, key("pa")), "amendment-fields");
  // An identity field, but the snapshot is the same.
  s.as<ledger::Amendment>()->fields = {"name_en"};
  expect_refused(sign(s, key("pa")), "amendment-fields");
  s.as<ledger::Amendment>()->fields = {"phone", "phone"};
  expect_refused(sign(s, key("pa")), "amendment-fields");
}

// A note whose text never reached the private tables is the submitter's
// problem (69), not a broken store (70).
TEST_F(LogTest, RefusesANoteTheStoreDoesNotHold) {
  ledger::Statement s = approval("WHO-2025-0102", "referral", "who");
  s.as<ledger::Decision>()->outcome = core::Outcome::ret;
  s.as<ledger::Decision>()->note = ledger::note_hash("0123456789abcdef", "attach the scan");
  expect_refused(sign(s, key("who")), "unknown-note");
}

TEST_F(LogTest, RefusesTheSameSignedStatementTwice) {
  const std::string approve = sign(approval("WHO-2025-0101", "referral", "who"), key("who"));
  ASSERT_TRUE(svc->submit(approve).ok());
  ledger::Statement revoke = approval("WHO-2025-0101", "referral", "who");
  revoke.as<ledger::Decision>()->outcome = core::Outcome::revoke;
  revoke.time += 1;
  ASSERT_TRUE(svc->submit(sign(revoke, key("who"))).ok());
  const std::uint64_t size = log_size();
  auto again = svc->submit(approve);
  ASSERT_FALSE(again.ok()) << "the approval was applied again at entry " << again->index;
  EXPECT_EQ(again.error().code, core::Errc::refused);
  EXPECT_EQ(again.error().rule, "replayed");
  EXPECT_EQ(again.error().message.rfind("replayed: ", 0), 0u) << again.error().message;
  EXPECT_EQ(log_size(), size);
}

// --- a statement and its state change commit together -------------------

TEST_F(LogTest, AcceptedStatementCommitsWithItsEntryAndCheckpoint) {
  const std::string ref = "WHO-2025-0101";
  const std::uint64_t size = log_size();
  const auto entries = store::log_entries_of_case(reader(), ref);
  ASSERT_TRUE(entries.ok());

  ledger::Statement wrong = approval(ref, "referral", "egypt");
  ASSERT_FALSE(svc->submit(sign(wrong, key("egypt"))).ok());
  EXPECT_TRUE(detail(ref).decisions.empty());
  EXPECT_EQ(log_size(), size);
  EXPECT_EQ(store::log_entries_of_case(reader(), ref).value(), *entries);

  const core::Hash256 before = digest();
  const std::string note = sign(approval(ref, "referral", "who"), key("who"));
  auto applied = svc->submit(note);
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_EQ(applied->index, size);
  ASSERT_EQ(detail(ref).decisions.size(), 1u);
  EXPECT_EQ(detail(ref).decisions[0].stage, "referral");
  EXPECT_NE(digest(), before);
  EXPECT_EQ(log_size(), size + 1);
  EXPECT_EQ(note_at(size), note);
  auto now_entries = store::log_entries_of_case(reader(), ref);
  ASSERT_TRUE(now_entries.ok());
  EXPECT_EQ(now_entries->back(), size);

  auto cp = store::checkpoint_of_size(reader(), size + 1);
  ASSERT_TRUE(cp.ok() && cp->has_value());
  auto cp_note = ledger::parse_note((*cp)->note);
  ASSERT_TRUE(cp_note.ok());
  const ledger::PublicKey log_key[] = {svc->log_key()};
  EXPECT_TRUE(ledger::verify_note(*cp_note, log_key).ok());
  auto parsed = ledger::parse_checkpoint(cp_note->text);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->size, size + 1);
  auto report = verify_db();
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->root, parsed->root);
}

TEST_F(LogTest, NoDecisionIsStoredWhenItsLogEntryCannotBe) {
  const std::uint64_t size = log_size();
  exec(
      "CREATE TRIGGER boom BEFORE INSERT ON log_entries "
      "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  const std::string note = sign(approval("WHO-2025-0101", "referral", "who"), key("who"));
  auto r = svc->submit(note);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, "injected failure")) << r.error().message;
  EXPECT_TRUE(detail("WHO-2025-0101").decisions.empty());
  EXPECT_EQ(log_size(), size);

  exec("DROP TRIGGER boom");
  auto again = svc->submit(note);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->index, size);
  EXPECT_EQ(detail("WHO-2025-0101").decisions.size(), 1u);
}

TEST_F(LogTest, NothingIsStoredWhenTheCheckpointCannotBeSealed) {
  const std::uint64_t size = log_size();
  exec(
      "CREATE TRIGGER boom BEFORE INSERT ON checkpoints "
      "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  const std::string note = sign(approval("WHO-2025-0101", "referral", "who"), key("who"));
  auto r = svc->submit(note);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(detail("WHO-2025-0101").decisions.empty());
  EXPECT_EQ(log_size(), size);
  EXPECT_FALSE(store::checkpoint_of_size(reader(), size + 1).value().has_value());

  exec("DROP TRIGGER boom");
  auto again = svc->submit(note);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->index, size);
  EXPECT_EQ(latest().size, size + 1);
  auto report = verify_db();
  EXPECT_TRUE(report.ok()) << report.error().message;
}

// --- rebuild --------------------------------------------------------------

class RebuildTest : public LogTest {
protected:
  // Every kind of statement: approve, deny with a reason, return with a
  // note, amendments (identity, phone, a corrected national ID that drops
  // a flag), a closure with a note, an officer revoked.
  void make_history() {
    decide_ok("WHO-2025-0101", "referral", "who");
    decide_ok("WHO-2025-0101-C1", "security", "cogat", core::Outcome::deny, "other");
    decide_ok("WHO-2025-0103", "referral", "who", core::Outcome::ret, "", "attach the scan");
    amend_ok("WHO-2025-0102", "name_en", "Yousef K. Al-Najjar");
    amend_ok("WHO-2025-0102", "phone", "+970 59 000 0000");
    amend_ok("WHO-2025-0104-C1", "national_id", "039337423");
    auto closed =
        svc->close_case({"WHO-2025-0104", core::ClosureKind::withdrawn, "moved"}, key("who"));
    ASSERT_TRUE(closed.ok()) << closed.error().message;
    ASSERT_TRUE(svc->revoke_officer("eubam", k_officer).ok());
  }

  void amend_ok(const std::string& ref, const std::string& field, const std::string& value) {
    auto amended = svc->amend({ref, {{field, value}}}, key("pa"));
    ASSERT_TRUE(amended.ok()) << ref << " " << field << ": " << amended.error().message;
  }
};

TEST_F(RebuildTest, ReplayMakesTheSameTables) {
  ASSERT_NO_FATAL_FAILURE(make_history());
  const core::Hash256 original = digest();
  auto r = svc->rebuild(false);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->before, original);
  EXPECT_EQ(r->after, original);
  EXPECT_EQ(r->entries, log_size());
  EXPECT_TRUE(r->committed);
  EXPECT_EQ(digest(), original);
}

TEST_F(RebuildTest, CheckFindsACorruptProjectionAndRollsBack) {
  ASSERT_NO_FATAL_FAILURE(make_history());
  const core::Hash256 original = digest();
  exec("UPDATE cases SET state = 'cleared' WHERE ref = 'WHO-2025-0103'");
  exec("DELETE FROM decisions WHERE id = (SELECT min(id) FROM decisions)");
  const core::Hash256 corrupt = digest();
  ASSERT_NE(corrupt, original);

  auto check = svc->rebuild(true);
  ASSERT_TRUE(check.ok()) << check.error().message;
  EXPECT_EQ(check->before, corrupt);
  EXPECT_EQ(check->after, original);
  EXPECT_FALSE(check->committed);
  // The first difference, by table, row and column (tables in a fixed order).
  EXPECT_NE(check->difference.find("table cases, row ref WHO-2025-0103, column state:"),
            std::string::npos)
      << check->difference;
  EXPECT_EQ(digest(), corrupt);
  EXPECT_EQ(state_column("WHO-2025-0103"), "cleared");

  auto fix = svc->rebuild(false);
  ASSERT_TRUE(fix.ok()) << fix.error().message;
  EXPECT_EQ(fix->before, corrupt);
  EXPECT_EQ(fix->after, original);
  EXPECT_TRUE(fix->committed);
  EXPECT_EQ(digest(), original);
  EXPECT_EQ(state_column("WHO-2025-0103"), "returned");
}

// --- verify ---------------------------------------------------------------

class VerifyTest : public LogTest {
protected:
  // Two decisions; returns the log index of the first.
  std::uint64_t two_decisions() {
    const std::uint64_t first = log_size();
    decide_ok("WHO-2025-0101", "referral", "who");
    decide_ok("WHO-2025-0102", "referral", "who");
    return first;
  }
};

TEST_F(VerifyTest, PassesOnAHealthyLog) {
  two_decisions();
  auto r = verify_db();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->entries, log_size());
  auto all = store::all_checkpoints(reader());
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(r->checkpoints, all->size());
  auto latest_note = ledger::parse_note(latest().note);
  ASSERT_TRUE(latest_note.ok());
  EXPECT_EQ(r->root, ledger::parse_checkpoint(latest_note->text)->root);
  EXPECT_EQ(r->officer_keys, svc->config().parties.size());
  EXPECT_FALSE(r->witnessed);
}

TEST_F(VerifyTest, NamesAnEditedEntry) {
  const std::uint64_t n = two_decisions();
  exec(
      "UPDATE log_entries SET note = CAST(replace(CAST(note AS TEXT), 'approve', 'deny') AS BLOB) "
      "WHERE idx = " +
      std::to_string(n));
  ASSERT_TRUE(contains(note_at(n), "outcome deny"));
  expect_verify_names(entry(n));
}

TEST_F(VerifyTest, NamesADeletedEntry) {
  const std::uint64_t n = two_decisions();
  exec("DELETE FROM log_entries WHERE idx = " + std::to_string(n));
  expect_verify_names(entry(n));
}

TEST_F(VerifyTest, NamesSwappedEntries) {
  const std::uint64_t n = two_decisions();
  const std::string a = note_at(n);
  const std::string b = note_at(n + 1);
  store::Database db = raw();
  set_note(db, n, b);
  set_note(db, n + 1, a);
  expect_verify_names(entry(n));
}

TEST_F(VerifyTest, NamesAnEntrySignedByARevokedKey) {
  two_decisions();
  const std::uint64_t revoked_at = log_size();
  ASSERT_TRUE(svc->revoke_officer("cogat", k_officer).ok());
  ASSERT_TRUE(verify_db().ok());

  // A valid-looking decision by the revoked key, appended and sealed with
  // the log key directly, as a compromised deployment could.
  const std::string note = sign(approval("WHO-2025-0101-C1", "security", "cogat"), key("cogat"));
  LogAppender log(svc->config().log.origin, log_private_key());
  store::Database db = raw();
  ASSERT_TRUE(db.exec("BEGIN IMMEDIATE").ok());
  auto idx = log.append(db, note);
  ASSERT_TRUE(idx.ok()) << idx.error().message;
  ASSERT_TRUE(log.seal(db).ok());
  ASSERT_TRUE(db.exec("COMMIT").ok());
  EXPECT_EQ(*idx, revoked_at + 1);
  EXPECT_EQ(latest().size, *idx + 1);

  expect_verify_names(entry(*idx) + " signed by cogat/officer-1, whose key was revoked at entry " +
                      std::to_string(revoked_at));
}

TEST_F(VerifyTest, NamesACheckpointSignedByAnotherKey) {
  two_decisions();
  const store::StoredCheckpoint cp = latest();
  auto note = ledger::parse_note(cp.note);
  ASSERT_TRUE(note.ok());
  auto parsed = ledger::parse_checkpoint(note->text);
  ASSERT_TRUE(parsed.ok());
  const auto other = new_key(svc->config().log.origin, ledger::KeyType::ed25519);
  const std::string forged = sign_checkpoint(*parsed, other);
  store::Database db = raw();
  auto r = db.prepare("UPDATE checkpoints SET note = ? WHERE size = ?")
               .bind(1, forged)
               .bind(2, static_cast<std::int64_t>(cp.size))
               .run();
  ASSERT_TRUE(r.ok()) << r.error().message;
  expect_verify_names("checkpoint of size " + std::to_string(cp.size) + ":");
}

TEST_F(VerifyTest, NamesAnEditedTreeNode) {
  two_decisions();
  auto node = store::log_node(reader(), 1, 0);
  ASSERT_TRUE(node.ok() && node->has_value());
  exec("UPDATE log_nodes SET hash = zeroblob(32) WHERE level = 1 AND idx = 0");
  expect_verify_names("log node 1/0:");
}

// --- export ---------------------------------------------------------------

class ExportTest : public VerifyTest {
protected:
  // Exports the log; returns the directory.
  std::string exported() {
    const std::string out = (dir() / "export").string();
    auto r = export_log(reader(), svc->config(), svc->log_key(), out);
    if (!r) throw std::runtime_error("export: " + r.error().message);
    return out;
  }

  core::Result<VerifyReport> verify_dir(const std::string& out) {
    auto p = read_export_policy(out);
    if (!p) return std::move(p).error();
    auto src = directory_source(out);
    if (!src) return std::move(src).error();
    return verify_log(**src, *p);
  }
  // A log of more than 256 entries, exported, with one byte of the partial
  // level-1 tile (node 8/0, over entries 0..255) flipped; returns verify's
  // error message and the tile's path in the export.
  std::pair<std::string, std::string> edited_upper_tile() {
    while (log_size() <= ledger::k_tile_width) {
      const std::string name = "clerk-" + std::to_string(log_size());
      const auto k = new_key("eubam/" + name, ledger::KeyType::ed25519);
      if (!svc->add_officer("eubam", name, ledger::format_vkey(k.public_key())))
        throw std::runtime_error("add_officer " + name);
    }
    const std::string out = exported();
    if (!verify_dir(out)) throw std::runtime_error("the export does not verify before the edit");
    const std::string rel = ledger::tile_path(1, 0, 1);
    std::string bytes = slurp(fs::path(out) / rel);
    if (bytes.size() != 32) throw std::runtime_error(rel + " is not one hash");
    bytes[3] ^= 0x01;
    spit(fs::path(out) / rel, bytes);
    auto r = verify_dir(out);
    return {r ? std::string("verified") : r.error().message, rel};
  }
};

TEST_F(ExportTest, VerifiesFromItsDirectory) {
  two_decisions();
  const std::string out = exported();
  auto from_dir = verify_dir(out);
  ASSERT_TRUE(from_dir.ok()) << from_dir.error().message;
  auto from_db = verify_db();
  ASSERT_TRUE(from_db.ok());
  EXPECT_EQ(from_dir->entries, log_size());
  EXPECT_EQ(from_dir->root, from_db->root);
  EXPECT_EQ(from_dir->officer_keys, from_db->officer_keys);
}

TEST_F(ExportTest, NamesAnEntryEditedInItsBundle) {
  const std::uint64_t n = two_decisions();
  const std::uint64_t size = log_size();
  ASSERT_LT(size, ledger::k_tile_width);
  const std::string out = exported();
  const fs::path bundle = fs::path(out) / ledger::entries_path(0, static_cast<unsigned>(size));
  std::string bytes = slurp(bundle);
  auto entries = ledger::decode_bundle(bytes);
  ASSERT_TRUE(entries.ok());
  // Entry n starts after n length-prefixed entries and its own prefix.
  std::size_t at = 2;
  for (std::uint64_t i = 0; i < n; ++i) at += 2 + (*entries)[i].size();
  ASSERT_EQ(bytes.substr(at, (*entries)[n].size()), (*entries)[n]);
  bytes[at + 5] ^= 0x01;  // a letter of "corridor-statement/v2"
  spit(bundle, bytes);
  auto r = verify_dir(out);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(starts_with(r.error().message, entry(n))) << r.error().message;
}

TEST_F(ExportTest, NamesAnEntryWhoseTileHashIsEdited) {
  const std::uint64_t n = two_decisions();
  const std::uint64_t size = log_size();
  ASSERT_LT(size, ledger::k_tile_width);
  const std::string out = exported();
  const fs::path tile = fs::path(out) / ledger::tile_path(0, 0, static_cast<unsigned>(size));
  std::string bytes = slurp(tile);
  ASSERT_EQ(bytes.size(), size * 32);
  bytes[n * 32 + 7] ^= 0x01;
  spit(tile, bytes);
  auto r = verify_dir(out);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(starts_with(r.error().message, entry(n))) << r.error().message;
}

TEST_F(ExportTest, NamesTheNodeOfAnEditedUpperTile) {
  const auto [message, rel] = edited_upper_tile();
  EXPECT_TRUE(contains(message, "(node 8/0): does not match the hash of its entries")) << message;
}

TEST_F(ExportTest, NamesThePartialUpperTileFileItRead) {
  const auto [message, rel] = edited_upper_tile();
  EXPECT_TRUE(starts_with(message, rel + " ")) << message;
}

// --- witnesses ------------------------------------------------------------

class WitnessTest : public LogTest {
protected:
  std::string state(const std::string& party) const {
    return (dir() / (party + ".witness")).string();
  }

  core::Result<WitnessResult> cosign(const std::string& party, const ledger::PrivateKey& k,
                                     std::string_view request) {
    return witness_add_checkpoint(state(party), k, svc->log_key(), request, env.now());
  }

  std::string request(std::uint64_t old_size) {
    auto body = witness_request(reader(), old_size);
    if (!body) throw std::runtime_error("witness_request: " + body.error().message);
    return *body;
  }

  // The cosignature line verifies against the checkpoint of `size`.
  void expect_cosigns(const WitnessResult& r, const ledger::PrivateKey& k) {
    auto cp = store::checkpoint_of_size(reader(), r.size);
    ASSERT_TRUE(cp.ok() && cp->has_value());
    auto note = ledger::parse_note((*cp)->note);
    ASSERT_TRUE(note.ok());
    auto sig = ledger::parse_signature_line(r.cosignature);
    ASSERT_TRUE(sig.ok()) << sig.error().message;
    auto t = ledger::verify_cosignature(note->text, *sig, k.public_key());
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_EQ(*t, static_cast<std::uint64_t>(env.now()));
  }

  // The size of the checkpoint a witness's state holds.
  std::uint64_t held(const std::string& party) {
    auto st = read_witness_state(state(party));
    if (!st || st->checkpoint.empty()) return 0;
    auto cp = ledger::parse_checkpoint(st->checkpoint);
    return cp ? cp->size : 0;
  }

  // A checkpoint of `size` with a root no honest log has, signed by the
  // log key.
  std::string forged(std::uint64_t size) {
    ledger::Checkpoint cp{svc->config().log.origin, size, ledger::leaf_hash("forged"), {}};
    return sign_checkpoint(cp, log_private_key());
  }

  // A request body with its checkpoint replaced by `checkpoint`.
  static std::string with_checkpoint(const std::string& body, const std::string& checkpoint) {
    const auto blank = body.find("\n\n");
    if (blank == std::string::npos) throw std::runtime_error("no blank line in the request");
    return body.substr(0, blank + 2) + checkpoint;
  }
};

TEST_F(WitnessTest, CosignsFromEmptyStateThenWithAConsistencyProof) {
  const auto k = witness("who");
  auto first = cosign("who", k, request(0));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->size, log_size());
  expect_cosigns(*first, k);
  EXPECT_EQ(held("who"), first->size);

  decide_ok("WHO-2025-0101", "referral", "who");
  const std::string body = request(first->size);
  ASSERT_TRUE(starts_with(body, "old " + std::to_string(first->size) + "\n"));
  ASSERT_NE(body.find("\n\n"), body.find('\n'));  // proof lines between
  auto second = cosign("who", k, body);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->size, log_size());
  EXPECT_GT(second->size, first->size);
  expect_cosigns(*second, k);
  EXPECT_EQ(held("who"), second->size);
}

TEST_F(WitnessTest, RefusesARequestFromAnotherOldSize) {
  const auto k = witness("who");
  auto first = cosign("who", k, request(0));
  ASSERT_TRUE(first.ok()) << first.error().message;
  decide_ok("WHO-2025-0101", "referral", "who");
  auto r = cosign("who", k, request(0));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Errc::conflict);
  EXPECT_TRUE(starts_with(r.error().message, "409")) << r.error().message;
  EXPECT_EQ(held("who"), first->size);
}

TEST_F(WitnessTest, RefusesALargerCheckpointThatIsNotConsistent) {
  const auto k = witness("who");
  auto first = cosign("who", k, request(0));
  ASSERT_TRUE(first.ok()) << first.error().message;
  decide_ok("WHO-2025-0101", "referral", "who");
  const std::string genuine = request(first->size);
  auto r = cosign("who", k, with_checkpoint(genuine, forged(log_size())));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Errc::conflict);
  EXPECT_TRUE(contains(r.error().message, "fork")) << r.error().message;
  EXPECT_EQ(held("who"), first->size);
  EXPECT_TRUE(cosign("who", k, genuine).ok());
}

TEST_F(WitnessTest, RefusesAnotherRootForTheSizeItHolds) {
  const auto k = witness("who");
  auto first = cosign("who", k, request(0));
  ASSERT_TRUE(first.ok()) << first.error().message;
  const std::string body = "old " + std::to_string(first->size) + "\n\n" + forged(first->size);
  auto r = cosign("who", k, body);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Errc::conflict);
  EXPECT_TRUE(contains(r.error().message, "fork")) << r.error().message;
}

TEST_F(WitnessTest, StoresTheCosignatureOfARegisteredWitness) {
  const auto k = witness("egypt");
  auto r = cosign("egypt", k, request(0));
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto parties = svc->add_cosignature(r->size, r->cosignature);
  ASSERT_TRUE(parties.ok()) << parties.error().message;
  EXPECT_EQ(*parties, "egypt");
  auto stored = store::cosignatures_of(reader(), r->size);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ(stored->front().party, "egypt");
  EXPECT_EQ(stored->front().line, r->cosignature);
  auto v = verify_db();
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->cosigned_by, std::vector<std::string>{"egypt"});
  EXPECT_FALSE(v->witnessed);
}

TEST_F(WitnessTest, RefusesTheCosignatureOfAnUnregisteredWitness) {
  const auto k = new_key("who/witness", ledger::KeyType::cosignature);
  auto r = cosign("who", k, request(0));
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto parties = svc->add_cosignature(r->size, r->cosignature);
  ASSERT_FALSE(parties.ok());
  EXPECT_EQ(parties.error().code, core::Errc::refused);
  EXPECT_TRUE(starts_with(parties.error().message, "unknown-key")) << parties.error().message;
  auto stored = store::cosignatures_of(reader(), r->size);
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->empty());
}

TEST_F(WitnessTest, AQuorumOfWitnessesMakesTheCheckpointWitnessed) {
  std::vector<std::pair<std::string, ledger::PrivateKey>> witnesses;
  for (const std::string party : {"who", "egypt", "cogat"})
    witnesses.emplace_back(party, witness(party));
  for (const auto& [party, k] : witnesses) {
    auto r = cosign(party, k, request(0));
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_TRUE(svc->add_cosignature(r->size, r->cosignature).ok());
  }
  auto v = verify_db();
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->cosigned_by.size(), 3u);
  EXPECT_TRUE(v->witnessed);
}

TEST_F(WitnessTest, RefusesTheCosignatureOfARevokedWitness) {
  const auto k = witness("cogat");
  ASSERT_TRUE(svc->revoke_officer("cogat", "witness").ok());
  auto r = cosign("cogat", k, request(0));
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto parties = svc->add_cosignature(r->size, r->cosignature);
  ASSERT_FALSE(parties.ok());
  EXPECT_EQ(parties.error().code, core::Errc::refused);
  EXPECT_TRUE(starts_with(parties.error().message, "revoked-key")) << parties.error().message;
  EXPECT_TRUE(store::cosignatures_of(reader(), r->size).value().empty());
}

// Three witnesses cosign a checkpoint whose tree holds the revocation of
// the third; the store refuses that one's cosignature, which is then put
// in the store directly (a tampered store, or a stolen key's forgery).
class RevokedWitnessTest : public WitnessTest {
protected:
  void SetUp() override {
    WitnessTest::SetUp();
    std::vector<std::pair<std::string, ledger::PrivateKey>> witnesses;
    for (const std::string party : {"who", "egypt", "cogat"})
      witnesses.emplace_back(party, witness(party));
    ASSERT_TRUE(svc->revoke_officer("cogat", "witness").ok());
    for (const auto& [party, k] : witnesses) {
      auto r = cosign(party, k, request(0));
      ASSERT_TRUE(r.ok()) << r.error().message;
      size = r->size;
      if (party != "cogat") {
        ASSERT_TRUE(svc->add_cosignature(r->size, r->cosignature).ok());
        continue;
      }
      ASSERT_FALSE(svc->add_cosignature(r->size, r->cosignature).ok());
      store::Database db = raw();
      ASSERT_TRUE(
          store::upsert_cosignature(db, {r->size, "cogat/witness", "cogat", r->cosignature}).ok());
    }
    ASSERT_EQ(store::cosignatures_of(reader(), size).value().size(), 3u);
  }

  std::uint64_t size = 0;
};

TEST_F(RevokedWitnessTest, DoesNotCountTowardTheQuorumInVerify) {
  auto v = verify_db();
  EXPECT_FALSE(v.ok() && v->witnessed)
      << "witnessed, cosigned by " << (v.ok() ? v->cosigned_by.size() : 0) << " parties";
}

// Two honest witnesses and the policy of the proof: a quorum of 0 written
// into the proof claims nothing; the verifier's own quorum decides.
TEST_F(RevokedWitnessTest, AProofsOwnQuorumCannotMakeItWitnessed) {
  auto text = case_proof(reader(), svc->config(), svc->log_key(), "WHO-2025-0101");
  ASSERT_TRUE(text.ok()) << text.error().message;
  // The revoked cosignature makes the proof fail; drop it from the checkpoint.
  nlohmann::json doc = nlohmann::json::parse(*text);
  auto drop_cogat = [](std::string t) {
    const auto at = t.find("\xe2\x80\x94 cogat/witness ");
    if (at != std::string::npos) t.erase(at, t.find('\n', at) + 1 - at);
    return t;
  };
  doc["checkpoint"] = drop_cogat(doc["checkpoint"].get<std::string>());
  for (auto* list : {&doc["statements"], &doc["keys"]})
    for (auto& e : *list) {
      e["proof"] = drop_cogat(e["proof"].get<std::string>());
      if (e.contains("batch"))  // a row's registration batch (docs/log_format.md 2.1)
        e["batch"]["proof"] = drop_cogat(e["batch"]["proof"].get<std::string>());
    }
  auto honest = ledger::verify_proof(doc.dump(), svc->log_key());
  ASSERT_TRUE(honest.ok()) << honest.error().message;
  EXPECT_EQ(honest->cosigned_by.size(), 2u);
  EXPECT_FALSE(honest->witnessed);  // quorum 3
  doc["witness_policy"]["quorum"] = 0;
  auto zero = ledger::verify_proof(doc.dump(), svc->log_key());
  ASSERT_TRUE(zero.ok()) << zero.error().message;
  EXPECT_FALSE(zero->witnessed);
  doc["witness_policy"]["quorum"] = 2;
  auto lowered = ledger::verify_proof(doc.dump(), svc->log_key(), 3);
  ASSERT_TRUE(lowered.ok()) << lowered.error().message;
  EXPECT_FALSE(lowered->witnessed) << "the verifier's quorum of 3 must win";
  auto own = ledger::verify_proof(doc.dump(), svc->log_key(), 2);
  ASSERT_TRUE(own.ok());
  EXPECT_TRUE(own->witnessed);
}

TEST_F(RevokedWitnessTest, DoesNotCountTowardTheQuorumInAProof) {
  auto text = case_proof(reader(), svc->config(), svc->log_key(), "WHO-2025-0101");
  ASSERT_TRUE(text.ok()) << text.error().message;
  auto r = ledger::verify_proof(*text, svc->log_key());
  EXPECT_FALSE(r.ok() && r->witnessed)
      << "witnessed, cosigned by " << (r.ok() ? r->cosigned_by.size() : 0) << " parties";
}

// --- proofs ---------------------------------------------------------------

class ProofTest : public LogTest {
protected:
  void SetUp() override {
    LogTest::SetUp();
    decide_ok(k_ref, "referral", "who");
    decide_ok(k_ref, "acceptance", "egypt");
    decide_ok("WHO-2025-0102", "referral", "who");  // another case's statement after them
  }

  nlohmann::json proof() {
    auto text = case_proof(reader(), svc->config(), svc->log_key(), k_ref);
    if (!text) throw std::runtime_error("case_proof: " + text.error().message);
    return nlohmann::json::parse(*text);
  }

  // Expects the proof to fail, with a message containing `what`.
  void expect_fails(const nlohmann::json& doc, std::string_view what) {
    auto r = ledger::verify_proof(doc.dump(2), svc->log_key());
    ASSERT_FALSE(r.ok()) << "verified";
    EXPECT_EQ(r.error().code, core::Errc::bad_input);
    EXPECT_TRUE(contains(r.error().message, what)) << r.error().message;
  }

  static constexpr const char* k_ref = "WHO-2025-0101";
};

TEST_F(ProofTest, VerifiesAndListsTheCasesStatements) {
  const nlohmann::json doc = proof();
  auto r = ledger::verify_proof(doc.dump(2), svc->log_key());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->ref, k_ref);
  EXPECT_EQ(r->tree_size, log_size());
  auto idxs = store::log_entries_of_case(reader(), k_ref);
  ASSERT_TRUE(idxs.ok());
  ASSERT_EQ(r->statements.size(), idxs->size());
  ASSERT_EQ(idxs->size(), 3u);  // registration, two decisions
  for (std::size_t i = 0; i < idxs->size(); ++i)
    EXPECT_TRUE(starts_with(r->statements[i], entry((*idxs)[i]))) << r->statements[i];
  EXPECT_TRUE(contains(r->statements[1], "referral approve by who/officer-1")) << r->statements[1];
  // With no key given, the one the proof names.
  EXPECT_TRUE(ledger::verify_proof(doc.dump(2), std::nullopt).ok());
}

TEST_F(ProofTest, FailsWhenAStatementIsEdited) {
  nlohmann::json doc = proof();
  std::string& st = doc["statements"][1]["statement"].get_ref<std::string&>();
  const auto at = st.find("approve");
  ASSERT_NE(at, std::string::npos);
  st[at] = 'A';
  expect_fails(doc, "not included");
}

TEST_F(ProofTest, FailsWhenAProofHashIsEdited) {
  nlohmann::json doc = proof();
  std::string& p = doc["statements"][1]["proof"].get_ref<std::string&>();
  // The first hash line follows "index N".
  const auto index = p.find("index ");
  ASSERT_NE(index, std::string::npos);
  const auto hash = p.find('\n', index) + 1;
  ASSERT_NE(p[hash], '\n');  // the path is not empty
  p[hash] = p[hash] == 'A' ? 'B' : 'A';
  expect_fails(doc, "not included");
}

TEST_F(ProofTest, FailsAgainstAnotherLogKey) {
  const auto other = new_key(svc->config().log.origin, ledger::KeyType::ed25519);
  auto r = ledger::verify_proof(proof().dump(2), other.public_key());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Errc::bad_input);
  EXPECT_TRUE(contains(r.error().message, "not signed by the log key")) << r.error().message;
}

// The key history is read in log order, whatever the array's order.
TEST_F(ProofTest, VerifiesWithItsKeysInAnyOrder) {
  nlohmann::json doc = proof();
  auto& ks = doc["keys"];
  ASSERT_GE(ks.size(), 2u);
  std::reverse(ks.begin(), ks.end());
  auto r = ledger::verify_proof(doc.dump(2), svc->log_key());
  EXPECT_TRUE(r.ok()) << r.error().message;
  ks.push_back(ks.front());  // the same registration twice
  expect_fails(doc, "a second time");
}

TEST_F(ProofTest, FailsWithoutTheSignersKeyRegistration) {
  nlohmann::json doc = proof();
  auto& ks = doc["keys"];
  const auto before = ks.size();
  ks.erase(std::remove_if(ks.begin(), ks.end(),
                          [](const nlohmann::json& e) {
                            return contains(e["statement"].get<std::string>(), "\nparty who\n");
                          }),
           ks.end());
  ASSERT_EQ(ks.size(), before - 1);
  expect_fails(doc, "does not show");
}

}  // namespace
}  // namespace corridor::app
