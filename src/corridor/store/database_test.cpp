#include <corridor/store/database.hpp>

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace corridor::store {
namespace {

using core::Errc;

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "corridor-db-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    m_path = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(m_path); }
  std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
  std::filesystem::path m_path;
};

// Runs `sql` on a plain connection, bypassing Database (to set up states that
// Database itself would refuse to create).
void raw_exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

std::string pragma_text(Database& db, const std::string& name) {
  auto& stmt = db.prepare("PRAGMA " + name);
  EXPECT_TRUE(*stmt.step());
  return std::string(stmt.column_text(0));
}

Database open_ok(const std::string& path, OpenMode mode) {
  auto db = Database::open(path, mode);
  if (!db) ADD_FAILURE() << db.error().message;
  return std::move(db).value();
}

TEST(Database, CreateMigratesToCurrentSchemaVersion) {
  TempDir dir;
  auto db = open_ok(dir.file("c.db"), OpenMode::create);
  EXPECT_GE(k_schema_version, 1);
  EXPECT_EQ(db.schema_version(), k_schema_version);
  auto& stmt = db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'decisions'");
  ASSERT_TRUE(*stmt.step());
  EXPECT_EQ(stmt.column_int64(0), 1);
}

TEST(Database, OpenSetsWalFullSyncAndForeignKeys) {
  TempDir dir;
  auto db = open_ok(dir.file("c.db"), OpenMode::create);
  EXPECT_EQ(pragma_text(db, "journal_mode"), "wal");
  EXPECT_EQ(pragma_text(db, "synchronous"), "2");  // FULL
  EXPECT_EQ(pragma_text(db, "foreign_keys"), "1");
  EXPECT_EQ(pragma_text(db, "busy_timeout"), "5000");
}

TEST(Database, ReopeningKeepsDataAndVersion) {
  TempDir dir;
  std::string path = dir.file("c.db");
  {
    auto db = open_ok(path, OpenMode::create);
    ASSERT_TRUE(db.exec("INSERT INTO meta(key, value) VALUES ('k', 'v')"));
  }
  auto db = open_ok(path, OpenMode::read_write);
  EXPECT_EQ(db.schema_version(), k_schema_version);
  EXPECT_EQ(pragma_text(db, "journal_mode"), "wal");
  auto& stmt = db.prepare("SELECT value FROM meta WHERE key = 'k'");
  ASSERT_TRUE(*stmt.step());
  EXPECT_EQ(stmt.column_text(0), "v");
}

TEST(Database, RefusesSchemaNewerThanThisBinary) {
  TempDir dir;
  std::string path = dir.file("c.db");
  raw_exec(path, "PRAGMA user_version = " + std::to_string(k_schema_version + 1));
  for (auto mode : {OpenMode::read_write, OpenMode::create, OpenMode::read_only}) {
    auto db = Database::open(path, mode);
    ASSERT_FALSE(db);
    EXPECT_EQ(db.error().code, Errc::refused);
    std::string expected = "database schema version " + std::to_string(k_schema_version + 1) +
                           " is newer than this corridor (knows up to " +
                           std::to_string(k_schema_version) + "); use a newer corridor";
    EXPECT_NE(db.error().message.find(expected), std::string::npos) << db.error().message;
  }
}

TEST(Database, MissingFileIsNotFoundUnlessCreating) {
  TempDir dir;
  std::string path = dir.file("absent.db");
  for (auto mode : {OpenMode::read_write, OpenMode::read_only}) {
    auto db = Database::open(path, mode);
    ASSERT_FALSE(db);
    EXPECT_EQ(db.error().code, Errc::not_found);
    EXPECT_NE(db.error().message.find(path), std::string::npos) << db.error().message;
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(Database, RefusesFileThatIsNotADatabase) {
  TempDir dir;
  std::string path = dir.file("notes.txt");
  std::ofstream(path) << "name,national_id\nAhmad,123456782\n" << std::string(4096, 'x');
  for (auto mode : {OpenMode::read_write, OpenMode::create, OpenMode::read_only}) {
    auto db = Database::open(path, mode);
    ASSERT_FALSE(db);
    EXPECT_EQ(db.error().code, Errc::bad_input);
    EXPECT_NE(db.error().message.find(path), std::string::npos) << db.error().message;
    EXPECT_NE(db.error().message.find("not a SQLite database"), std::string::npos);
  }
}

TEST(Database, ReadOnlyRefusesFileWithoutSchema) {
  TempDir dir;
  std::string path = dir.file("c.db");
  raw_exec(path, "CREATE TABLE t(x)");
  auto db = Database::open(path, OpenMode::read_only);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, Errc::not_found);
  EXPECT_NE(db.error().message.find("not a corridor database"), std::string::npos);
}

TEST(Database, FailedMigrationRollsBackWhole) {
  TempDir dir;
  std::string path = dir.file("c.db");
  // A stray table that migration 1 also creates, made after its first tables.
  raw_exec(path, "CREATE TABLE decisions(x)");
  auto db = Database::open(path, OpenMode::read_write);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, Errc::internal);
  EXPECT_NE(db.error().message.find("migration 1"), std::string::npos) << db.error().message;

  raw_exec(path, "DROP TABLE decisions");
  auto again = open_ok(path, OpenMode::read_write);  // nothing of the failed run remains
  EXPECT_EQ(again.schema_version(), k_schema_version);
}

TEST(Database, ReadOnlySeesCommittedWalAndCannotWrite) {
  TempDir dir;
  std::string path = dir.file("c.db");
  auto writer = open_ok(path, OpenMode::create);
  ASSERT_TRUE(writer.exec("INSERT INTO meta(key, value) VALUES ('k', 'in the wal')"));
  ASSERT_TRUE(std::filesystem::file_size(path + "-wal") > 0);  // not checkpointed yet

  auto reader = open_ok(path, OpenMode::read_only);
  auto& stmt = reader.prepare("SELECT value FROM meta WHERE key = 'k'");
  ASSERT_TRUE(*stmt.step());
  EXPECT_EQ(stmt.column_text(0), "in the wal");
  EXPECT_EQ(pragma_text(reader, "journal_mode"), "wal");
  auto write = reader.exec("INSERT INTO meta(key, value) VALUES ('x', 'y')");
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().code, Errc::internal);
}

// A database holds personal data: it and its -wal and -shm files are 0600
// whatever the umask.
TEST(Database, CreatesTheFileAndItsWalAndShmOwnerOnlyWhateverTheUmask) {
  for (const mode_t mask : {mode_t{022}, mode_t{0}}) {
    SCOPED_TRACE(mask);
    TempDir dir;
    const std::string path = dir.file("c.db");
    const mode_t old = ::umask(mask);
    auto db = Database::open(path, OpenMode::create);
    ASSERT_TRUE(db.ok()) << db.error().message;
    auto reader = Database::open(path, OpenMode::read_only);
    ::umask(old);
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    ASSERT_TRUE(db->exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)").ok());
    for (const char* suffix : {"", "-wal", "-shm"}) {
      struct stat st {};
      ASSERT_EQ(::stat((path + suffix).c_str(), &st), 0) << suffix;
      EXPECT_EQ(st.st_mode & 0777, 0600u) << suffix;
    }
  }
}

TEST(Statement, BindsTextIntBlobAndNull) {
  auto db = open_ok(":memory:", OpenMode::create);
  ASSERT_TRUE(db.exec("CREATE TABLE t(i INTEGER, s TEXT, b BLOB, n TEXT, o TEXT)"));
  std::vector<std::uint8_t> blob = {0, 1, 2, 0xff, 0};
  auto& insert = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, std::int64_t{-9000000000})
      .bind(2, std::string_view("مرحبا\0x", 12))
      .bind_blob(3, blob)
      .bind_null(4)
      .bind(5, std::string("set"));
  ASSERT_TRUE(insert.run());
  EXPECT_EQ(db.changes(), 1);
  EXPECT_EQ(db.last_insert_rowid(), 1);

  auto& select = db.prepare("SELECT i, s, b, n, o FROM t");
  ASSERT_TRUE(*select.step());
  EXPECT_EQ(select.column_int64(0), -9000000000);
  EXPECT_EQ(select.column_text(1), std::string_view("مرحبا\0x", 12));
  auto got = select.column_blob(2);
  EXPECT_EQ(std::vector<std::uint8_t>(got.begin(), got.end()), blob);
  EXPECT_TRUE(select.column_is_null(3));
  EXPECT_EQ(select.column_text(3), "");
  EXPECT_EQ(select.column_text(4), "set");
  EXPECT_FALSE(*select.step());
}

TEST(Statement, EmptyTextAndBlobAreNotNull) {
  auto db = open_ok(":memory:", OpenMode::create);
  ASSERT_TRUE(db.exec("CREATE TABLE t(s TEXT NOT NULL, b BLOB NOT NULL, o TEXT)"));
  auto& insert = db.prepare("INSERT INTO t VALUES (?, ?, ?)");
  insert.bind(1, std::string_view()).bind_blob(2, {}).bind_null(3);
  ASSERT_TRUE(insert.run());
  auto& select = db.prepare("SELECT typeof(s), typeof(b), typeof(o) FROM t");
  ASSERT_TRUE(*select.step());
  EXPECT_EQ(select.column_text(0), "text");
  EXPECT_EQ(select.column_text(1), "blob");
  EXPECT_EQ(select.column_text(2), "null");
}

TEST(Statement, PrepareReturnsTheCachedStatementReset) {
  auto db = open_ok(":memory:", OpenMode::create);
  auto& first = db.prepare("SELECT ?1 UNION ALL SELECT 2");
  first.bind(1, std::int64_t{1});
  ASSERT_TRUE(*first.step());
  auto& again = db.prepare("SELECT ?1 UNION ALL SELECT 2");
  EXPECT_EQ(&first, &again);
  ASSERT_TRUE(*again.step());  // from the first row, with the binding cleared
  EXPECT_TRUE(again.column_is_null(0));
}

TEST(Statement, ConstraintViolationIsConflict) {
  TempDir dir;
  auto db = open_ok(dir.file("c.db"), OpenMode::create);
  ASSERT_TRUE(db.exec("INSERT INTO meta(key, value) VALUES ('k', 'v')"));
  auto& insert = db.prepare("INSERT INTO meta(key, value) VALUES (?, ?)");
  auto dup = insert.bind(1, std::string_view("k")).bind(2, std::string_view("w")).run();
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, Errc::conflict);
  EXPECT_NE(dup.error().message.find("UNIQUE"), std::string::npos) << dup.error().message;

  // foreign_keys=ON: a decision must name an existing case.
  auto orphan = db.exec(
      "INSERT INTO decisions(case_id, stage, party, officer, outcome, reason, note, snapshot, at,"
      " signature) VALUES (42, 's', 'p', 'o', 'approve', '', '', x'00', 0, '')");
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().code, Errc::conflict);
}

TEST(Statement, OtherFailuresAreInternal) {
  auto db = open_ok(":memory:", OpenMode::create);
  auto r = db.exec("SELECT * FROM no_such_table");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::internal);
  EXPECT_NE(r.error().message.find("no_such_table"), std::string::npos);
}

}  // namespace
}  // namespace corridor::store
