// Import through a registration batch (docs/log_format.md 2.1): one
// signature per file, a log entry per row, and verify, rebuild and proofs
// over it.

#include <corridor/app/batch.hpp>

#include <corridor/app/keyfile.hpp>
#include <corridor/app/log.hpp>
#include <corridor/app/log_ops.hpp>
#include <corridor/app/replay.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/test_deployment.hpp>
#include <corridor/app/verify.hpp>
#include <corridor/ledger/case_proof.hpp>
#include <corridor/ledger/checkpoint.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/store/log_repo.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace corridor::app {
namespace {

const std::string k_header =
    "ref,direction,category,urgency,diagnosis,group_ref,national_id,passport_no,name_ar,name_en,"
    "date_of_birth,sex,nationality,phone,requested_on\n";

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

class BatchTest : public testing::DeploymentTest {
protected:
  void SetUp() override {
    DeploymentTest::SetUp();
    if (HasFatalFailure()) return;
    first = log_size();  // after the officers' keys
    import_good();
  }

  store::Database& reader() {
    auto db = svc->reader();
    if (!db) throw std::runtime_error("reader: " + db.error().message);
    return **db;
  }
  std::uint64_t log_size() { return *store::log_size(reader()); }
  std::string entry(std::uint64_t idx) { return **store::log_entry(reader(), idx); }

  store::Database raw() {
    auto db = store::Database::open(db_path(), store::OpenMode::read_write);
    if (!db) throw std::runtime_error("open: " + db.error().message);
    return std::move(db).value();
  }

  core::Result<VerifyReport> verify_db() {
    auto src = database_source(reader());
    return verify_log(*src, policy_of(svc->config(), svc->log_key()));
  }

  // What whoever holds the log key could do: rewrite the entries, then
  // recompute every tree node and sign a new checkpoint over them. Only
  // the batch's own commitment can then tell.
  void rewrite_log(std::vector<std::string> entries) {
    auto k = read_key_file(default_log_key_path(db_path()));
    ASSERT_TRUE(k.ok());
    store::Database db = raw();
    ASSERT_TRUE(db.exec("DELETE FROM log_entries; DELETE FROM log_nodes; DELETE FROM cosignatures; "
                        "DELETE FROM checkpoints")
                    .ok());
    ledger::Frontier tree;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      ASSERT_TRUE(store::insert_log_entry(db, i, entries[i]).ok());
      tree.append(ledger::leaf_hash(entries[i]),
                  [&](unsigned level, std::uint64_t idx, const ledger::Hash& h) {
                    ASSERT_TRUE(store::insert_log_node(db, level, idx, h).ok());
                  });
    }
    ledger::Checkpoint cp{svc->config().log.origin, tree.size(), tree.root(), {}};
    ASSERT_TRUE(store::insert_checkpoint(db, cp.size, sign_checkpoint(cp, *k)).ok());
  }

  std::vector<std::string> all_entries() {
    std::vector<std::string> out;
    for (std::uint64_t i = 0; i < log_size(); ++i) out.push_back(entry(i));
    return out;
  }

  void expect_verify_fails(std::vector<std::string> entries, std::string_view why) {
    ASSERT_NO_FATAL_FAILURE(rewrite_log(std::move(entries)));
    auto r = verify_db();
    ASSERT_FALSE(r.ok()) << "verified; expected: " << why;
    EXPECT_TRUE(contains(r.error().message, why)) << r.error().message;
  }

  std::uint64_t first = 0;  // the batch statement's index
};

TEST_F(BatchTest, OneSignedStatementCommitsToEveryRow) {
  // The batch statement, then the 12 rows of good.csv, in file order.
  ASSERT_EQ(log_size(), first + 13);
  auto note = ledger::parse_note(entry(first));
  ASSERT_TRUE(note.ok()) << note.error().message;
  EXPECT_EQ(note->signatures.size(), 1u);
  EXPECT_EQ(note->signatures[0].name, "pa/" + std::string(testing::k_officer));
  auto batch = ledger::parse_batch(note->text);
  ASSERT_TRUE(batch.ok()) << batch.error().message;
  EXPECT_EQ(batch->rows, 12u);
  std::vector<ledger::Hash> leaves;
  for (std::uint64_t i = first + 1; i <= first + 12; ++i) {
    ASSERT_TRUE(ledger::is_row_entry(entry(i)));
    leaves.push_back(ledger::leaf_hash(entry(i)));
  }
  // The rows name the cases by public id, in the order of those ids (not
  // the file's), and the file's first case is among them.
  std::vector<std::string> ids;
  for (std::uint64_t i = first + 1; i <= first + 12; ++i)
    ids.push_back(ledger::parse_row(entry(i))->case_ref);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_NE(std::find(ids.begin(), ids.end(), *svc->public_id("WHO-2025-0101")), ids.end());
  EXPECT_EQ(ledger::batch_root(leaves), batch->root);
  // Each case's registration is attributed to the batch's officer.
  auto d = svc->get_case("WHO-2025-0101");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->record.registered_at, batch->time);
}

TEST_F(BatchTest, AConflictAtCommitCommitsNothingAndNamesTheRow) {
  const std::string mine = k_header +
                           "S-1,exit,student,,,,039337423,,,Sami Haddad,2000-01-01,M,PSE,,\n"
                           "S-2,exit,student,,,,123456782,,,Nadia Haddad,2000-01-01,F,PSE,,\n";
  auto prepared = svc->prepare_import("mine.csv", mine, false, key("pa").public_key());
  ASSERT_TRUE(prepared.ok()) << prepared.error().message;
  ASSERT_EQ(prepared->bodies.size(), 1u);  // one signature for the file
  // Between the check and the commit, another file takes S-2.
  const std::string theirs =
      k_header + "S-2,exit,student,,,,111111111,,,Other Person,2001-01-01,M,PSE,,\n";
  auto other = svc->import_csv("theirs.csv", theirs, false, key("pa"));
  ASSERT_TRUE(other.ok() && other->committed);
  const std::uint64_t size = log_size();
  auto rep = sign_and_commit(std::move(prepared), key("pa"));
  ASSERT_TRUE(rep.ok()) << rep.error().message;
  EXPECT_FALSE(rep->committed);
  ASSERT_EQ(rep->errors.size(), 1u);
  EXPECT_EQ(rep->errors[0].row, 3);
  EXPECT_EQ(rep->errors[0].column, "ref");
  EXPECT_EQ(log_size(), size);              // nothing in the log
  EXPECT_FALSE(svc->get_case("S-1").ok());  // nor in the tables
}

TEST_F(BatchTest, ANoteSignedOverOtherRowsIsRefused) {
  const std::string csv =
      k_header + "S-1,exit,student,,,,039337423,,,Sami Haddad,2000-01-01,M,PSE,,\n";
  auto prepared = svc->prepare_import("a.csv", csv, false, key("pa").public_key());
  ASSERT_TRUE(prepared.ok());
  ledger::RegistrationBatch b = *ledger::parse_batch(prepared->bodies[0]);
  b.root[0] ^= 1;  // a root over other rows
  const std::string body = *ledger::format_batch(b);
  const std::string note = ledger::format_note({body, {ledger::sign_note_text(body, key("pa"))}});
  auto r = prepared->commit(std::vector<std::string>{note}, nullptr);
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(svc->get_case("S-1").ok());
  // Nor can a batch statement be submitted without its rows.
  auto alone = svc->submit(ledger::format_note(
      {prepared->bodies[0], {ledger::sign_note_text(prepared->bodies[0], key("pa"))}}));
  ASSERT_FALSE(alone.ok());
  EXPECT_EQ(alone.error().rule, "batch-rows") << alone.error().message;
}

TEST_F(BatchTest, VerifyAndRebuildAcceptABatchImport) {
  auto v = verify_db();
  ASSERT_TRUE(v.ok()) << v.error().message;
  auto check = svc->rebuild(true);
  ASSERT_TRUE(check.ok()) << check.error().message;
  EXPECT_EQ(check->difference, "");
  EXPECT_EQ(check->before, check->after);
  auto full = verify_database(reader(), svc->config(), policy_of(svc->config(), svc->log_key()));
  ASSERT_TRUE(full.ok()) << full.error().message;
  EXPECT_TRUE(full->projection_checked);
  auto again = svc->rebuild(false);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->after, check->before);
}

TEST_F(BatchTest, VerifyCatchesAChangedRow) {
  auto e = all_entries();
  const std::size_t r = first + 4;
  e[r].replace(e[r].find("direction exit"), 14, "direction entry");
  expect_verify_fails(e, "do not hash to the root it signs");
}

TEST_F(BatchTest, VerifyCatchesADroppedRow) {
  auto e = all_entries();
  e.erase(e.begin() + static_cast<std::ptrdiff_t>(first + 3));
  expect_verify_fails(e, "registers 12 rows, but the log ends after 11");
}

TEST_F(BatchTest, VerifyCatchesAnAddedRow) {
  auto e = all_entries();
  e.push_back(e[first + 5]);
  expect_verify_fails(e, "a registration row outside the rows of a registration batch");
}

TEST_F(BatchTest, VerifyCatchesReorderedRows) {
  auto e = all_entries();
  std::swap(e[first + 2], e[first + 7]);
  expect_verify_fails(e, "do not hash to the root it signs");
}

TEST_F(BatchTest, AProofOfABatchImportedCaseVerifies) {
  auto doc = case_proof(reader(), svc->config(), svc->log_key(), "WHO-2025-0102", {});
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  auto ok = ledger::verify_proof(*doc, svc->log_key());
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  ASSERT_EQ(ok->statements.size(), 1u);
  EXPECT_TRUE(contains(ok->statements[0], "registration (row 3 of the batch at entry " +
                                              std::to_string(first) + ") by pa/"))
      << ok->statements[0];

  auto tampered = [&](auto edit) {
    nlohmann::json j = nlohmann::json::parse(*doc);
    edit(j["statements"][0]);
    return ledger::verify_proof(j.dump(), svc->log_key());
  };
  // Another path, another place, or the batch's signature broken: refused.
  EXPECT_FALSE(tampered([](nlohmann::json& s) { s["batch_path"][0] = std::string(64, '0'); }).ok());
  EXPECT_FALSE(tampered([](nlohmann::json& s) { s["batch_path"].erase(0); }).ok());
  EXPECT_FALSE(tampered([](nlohmann::json& s) {
                 std::string note = s["batch"]["statement"];
                 note[note.size() - 5] = note[note.size() - 5] == 'A' ? 'B' : 'A';
                 s["batch"]["statement"] = note;
               }).ok());
  EXPECT_FALSE(tampered([](nlohmann::json& s) { s.erase("batch"); }).ok());
}

// A case whose ref is the batch kind's name is just a case: it does not
// stand in the index for its batch, so the proofs of the rows after it
// still find their own batch.
class BatchRefTest : public testing::DeploymentTest {};

TEST_F(BatchRefTest, ACaseNamedLikeTheBatchKindDoesNotBreakTheProofsAfterIt) {
  auto data = read_file(CORRIDOR_SOURCE_DIR "/tests/data/good.csv");
  ASSERT_TRUE(data.ok());
  std::string csv = *data;
  for (std::size_t at = csv.find("WHO-2025-0101"); at != std::string::npos;
       at = csv.find("WHO-2025-0101", at))
    csv.replace(at, 13, "registration-batch");
  auto rep = svc->import_csv("good.csv", csv, false, key("pa"));
  ASSERT_TRUE(rep.ok()) << rep.error().message;
  ASSERT_TRUE(rep->committed);
  auto db = svc->reader();
  ASSERT_TRUE(db.ok());
  for (const char* ref : {"registration-batch", "WHO-2025-0102"}) {
    auto doc = case_proof(**db, svc->config(), svc->log_key(), ref, {});
    ASSERT_TRUE(doc.ok()) << ref << ": " << doc.error().message;
    auto ok = ledger::verify_proof(*doc, svc->log_key());
    ASSERT_TRUE(ok.ok()) << ref << ": " << ok.error().message;
    EXPECT_EQ(ok->statements.size(), 1u) << ref;
  }
}

}  // namespace
}  // namespace corridor::app
