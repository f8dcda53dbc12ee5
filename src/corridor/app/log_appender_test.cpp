// LogAppender checks its frontier against the store once per transaction
// (log.cpp, sync). These tests undo or add entries behind its back and
// check that every later append still lands at the right index with the
// right tree.

#include <corridor/app/log.hpp>
#include <corridor/ledger/key.hpp>
#include <corridor/ledger/merkle.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace corridor::app {
namespace {

class LogAppenderTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "appender-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    m_dir = tmpl;
    auto db = store::Database::open(path(), store::OpenMode::create);
    ASSERT_TRUE(db) << db.error().message;
    m_db = std::make_unique<store::Database>(std::move(db).value());
  }
  void TearDown() override {
    m_db.reset();
    std::filesystem::remove_all(m_dir);
  }
  std::string path() const { return (m_dir / "log.db").string(); }

  void run(store::Database& db, std::string_view sql) {
    auto r = db.exec(sql);
    ASSERT_TRUE(r) << r.error().message;
  }
  std::uint64_t append(const std::string& note) {
    auto idx = m_log.append(*m_db, note);
    EXPECT_TRUE(idx) << idx.error().message;
    return idx ? *idx : ~std::uint64_t{0};
  }
  // What the store holds: every stored entry and the root over them, from
  // the leaves alone.
  void expect_store_holds(const std::vector<std::string>& notes) {
    auto size = store::log_size(*m_db);
    ASSERT_TRUE(size);
    ASSERT_EQ(*size, notes.size());
    ledger::Frontier want;
    for (std::size_t i = 0; i < notes.size(); ++i) {
      auto e = store::log_entry(*m_db, i);
      ASSERT_TRUE(e && *e);
      EXPECT_EQ(**e, notes[i]) << "entry " << i;
      want.append(ledger::leaf_hash(notes[i]), [](unsigned, std::uint64_t, const ledger::Hash&) {});
    }
    EXPECT_EQ(ledger::tree_root(store_nodes(*m_db), notes.size()), want.root());
  }

  std::filesystem::path m_dir;
  std::unique_ptr<store::Database> m_db;
  LogAppender m_log{"test/log", ledger::PrivateKey::generate("test/log", ledger::KeyType::ed25519)};
};

TEST_F(LogAppenderTest, AnAppendRolledBackToASavepointIsNotCounted) {
  run(*m_db, "BEGIN IMMEDIATE");
  EXPECT_EQ(append("a"), 0u);
  run(*m_db, "SAVEPOINT s");
  EXPECT_EQ(append("b"), 1u);
  run(*m_db, "ROLLBACK TO s");
  run(*m_db, "RELEASE s");
  // Same transaction: the frontier must notice that "b" is gone.
  EXPECT_EQ(append("c"), 1u);
  EXPECT_EQ(append("d"), 2u);
  ASSERT_TRUE(m_log.seal(*m_db));
  run(*m_db, "COMMIT");
  expect_store_holds({"a", "c", "d"});
}

TEST_F(LogAppenderTest, ARolledBackTransactionIsNotCounted) {
  run(*m_db, "BEGIN IMMEDIATE");
  append("a");
  run(*m_db, "COMMIT");
  run(*m_db, "BEGIN IMMEDIATE");
  append("b");
  append("c");
  run(*m_db, "ROLLBACK");
  run(*m_db, "BEGIN IMMEDIATE");
  EXPECT_EQ(append("d"), 1u);
  run(*m_db, "COMMIT");
  expect_store_holds({"a", "d"});
}

TEST_F(LogAppenderTest, EntriesAnotherConnectionAppendedAreSeenAtTheNextTransaction) {
  run(*m_db, "BEGIN IMMEDIATE");
  append("a");
  append("b");
  run(*m_db, "COMMIT");
  {
    // Another process holding the log key, between two of our batches.
    auto other_db = store::Database::open(path(), store::OpenMode::read_write);
    ASSERT_TRUE(other_db);
    LogAppender other("test/log", std::nullopt);
    run(*other_db, "BEGIN IMMEDIATE");
    auto idx = other.append(*other_db, "x");
    ASSERT_TRUE(idx);
    EXPECT_EQ(*idx, 2u);
    run(*other_db, "COMMIT");
  }
  run(*m_db, "BEGIN IMMEDIATE");
  EXPECT_EQ(append("c"), 3u);
  run(*m_db, "COMMIT");
  expect_store_holds({"a", "b", "x", "c"});
}

TEST_F(LogAppenderTest, AnotherLogOfTheSameSizeIsNoticed) {
  run(*m_db, "BEGIN IMMEDIATE");
  append("a");
  run(*m_db, "COMMIT");
  {
    // Same size, another last leaf: only the leaf tells them apart.
    auto other_db = store::Database::open(path(), store::OpenMode::read_write);
    ASSERT_TRUE(other_db);
    run(*other_db, "DELETE FROM log_entries; DELETE FROM log_nodes");
    LogAppender other("test/log", std::nullopt);
    run(*other_db, "BEGIN IMMEDIATE");
    ASSERT_TRUE(other.append(*other_db, "z"));
    run(*other_db, "COMMIT");
  }
  run(*m_db, "BEGIN IMMEDIATE");
  EXPECT_EQ(append("b"), 1u);
  run(*m_db, "COMMIT");
  expect_store_holds({"z", "b"});
}

}  // namespace
}  // namespace corridor::app
