// The officers' key history (officer_keys, migration 7): written with the
// officers table, and made for a database from before it, read-write (the
// migration) and read-only (a TEMP table; the file stays as it was).

#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace corridor::store {
namespace {

class TempDir {
public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "corridor-keys-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    m_path = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(m_path); }
  std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
  std::filesystem::path m_path;
};

void raw_exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

OfficerRow officer(const std::string& vkey, core::Timestamp at) {
  return {"who", "sara", "who/sara", 0x1234, 1, vkey, at, std::nullopt};
}

TEST(OfficerKeys, AddRevokeAndRotateWriteTheHistory) {
  TempDir dir;
  auto db = Database::open(dir.file("c.db"), OpenMode::create);
  ASSERT_TRUE(db.ok()) << db.error().message;
  ASSERT_TRUE(insert_officer(*db, officer("k1", 100)).ok());
  ASSERT_TRUE(revoke_officer(*db, "who", "sara", 200).ok());
  ASSERT_TRUE(rotate_officer(*db, officer("k2", 0), 300).ok());
  auto keys = officer_keys(*db, "who", "sara");
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].vkey, "k1");
  EXPECT_EQ((*keys)[0].added_at, 100);
  EXPECT_EQ((*keys)[0].revoked_at, 200);
  EXPECT_EQ((*keys)[0].retired_at, 300);
  EXPECT_EQ((*keys)[1].vkey, "k2");
  EXPECT_EQ((*keys)[1].added_at, 300);
  EXPECT_FALSE((*keys)[1].revoked_at);
  EXPECT_FALSE((*keys)[1].retired_at);
  // The officers row holds the current key, no longer revoked.
  auto row = find_officer(*db, "who", "sara");
  ASSERT_TRUE(row.ok() && *row);
  EXPECT_EQ((*row)->vkey, "k2");
  EXPECT_EQ((*row)->added_at, 100);
  EXPECT_FALSE((*row)->revoked_at);
}

// A version-6 database: officers only, each with its one key.
std::string version_6(const TempDir& dir) {
  const std::string path = dir.file("old.db");
  {
    auto db = Database::open(path, OpenMode::create);
    EXPECT_TRUE(db.ok());
    EXPECT_TRUE(insert_officer(*db, officer("k1", 100)).ok());
    EXPECT_TRUE(revoke_officer(*db, "who", "sara", 200).ok());
  }
  raw_exec(path, "DROP TABLE officer_keys; PRAGMA user_version = 6");
  return path;
}

// Issue 16: a database made before log format version 2 holds a log that
// names cases by ref in public. It is refused in every mode, never
// migrated (its signatures cover the old text), and left as it was.
TEST(OfficerKeys, ADatabaseOfTheVersionOneLogIsRefusedInEveryMode) {
  TempDir dir;
  const std::string path = version_6(dir);
  for (int version : {6, 8}) {
    raw_exec(path, "PRAGMA user_version = " + std::to_string(version));
    for (OpenMode mode : {OpenMode::read_only, OpenMode::read_write}) {
      auto db = Database::open(path, mode);
      ASSERT_FALSE(db.ok()) << version;
      EXPECT_NE(db.error().message.find("holds a version-1 log"), std::string::npos)
          << db.error().message;
    }
  }
  auto db = Database::open(path, OpenMode::create);
  ASSERT_FALSE(db.ok());  // nor is it made anew over
}

}  // namespace
}  // namespace corridor::store
