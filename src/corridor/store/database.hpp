#pragma once
// One SQLite connection, its prepared statements and the schema migrations.
// SQLite is reached through its C API here and nowhere else outside store/.
//
// A Database is not thread-safe: each thread uses its own. Writes go through
// the single Writer (writer.hpp); readers open their own read-only Database.

#include <corridor/core/result.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace corridor::store {

// A prepared statement. Bind indexes are 1-based, as in SQLite; columns are
// 0-based. Text and blobs returned by column_* stay valid until the next
// step() or reset(). Movable, not copyable.
class Statement {
public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* stmt) : m_stmt(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);  // copied by SQLite
  Statement& bind_blob(int index, std::span<const std::uint8_t> blob);
  Statement& bind_null(int index);
  Statement& bind_double(int index, double value);  // named: bind(i, 0) stays unambiguous
  // (No std::optional<std::string> overload: a std::string argument would be
  // ambiguous between it and std::string_view. Use bind_null.)

  // Steps once: true if a row is available, false when done. A constraint
  // violation returns Errc::conflict, anything else Errc::internal, with
  // SQLite's message.
  core::Result<bool> step();
  // Steps to completion (for statements that return no rows).
  core::Result<void> run();
  void reset();  // resets and clears the bindings

  std::int64_t column_int64(int col) const;
  std::string_view column_text(int col) const;  // "" for NULL
  double column_double(int col) const;
  std::span<const std::uint8_t> column_blob(int col) const;
  bool column_is_null(int col) const;
  sqlite3_stmt* handle() { return m_stmt; }

private:
  sqlite3_stmt* m_stmt = nullptr;
};

enum class OpenMode {
  create,      // read-write; creates the file if missing; migrates
  read_write,  // read-write; the file must exist; migrates
  read_only,   // read-only; the file must exist and be at this binary's version
};

class Database {
public:
  // Opens `path` (":memory:" works for tests). Sets WAL mode,
  // synchronous=FULL, foreign_keys=ON and a busy timeout, then brings the
  // schema up to k_schema_version (create/read_write).
  // Fails with Errc::not_found if the file is missing (read_write,
  // read_only), Errc::bad_input if it is not a SQLite database,
  // Errc::refused if its schema is newer than this binary ("database schema
  // version N is newer than this corridor (knows up to M); use a newer
  // corridor") or, for read_only, older than it, and Errc::internal for
  // anything else SQLite reports (a failed migration is rolled back whole).
  // Every message names the path.
  static core::Result<Database> open(const std::string& path, OpenMode mode);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Prepares `sql`, caching it: preparing the same text again returns a
  // statement reset and ready for binding. The returned reference is valid
  // until the Database is destroyed. Aborts on SQL that does not compile
  // (our own SQL; a bug).
  Statement& prepare(std::string_view sql);

  // Runs one or more statements that take no parameters.
  core::Result<void> exec(std::string_view sql);

  // A counter that moves whenever a transaction begins or a rollback (of a
  // transaction or to a savepoint) is prepared on this connection through
  // prepare() or exec(). While it stands still inside one transaction,
  // nothing this connection wrote has been undone and no other connection
  // has written: a cache of the store (the log's frontier) kept in step
  // with the writes made through this connection stays valid.
  std::uint64_t epoch() const { return m_epoch; }
  bool in_transaction() const;

  int schema_version();  // PRAGMA user_version, or -1 if it cannot be read
  std::int64_t last_insert_rowid() const;
  int changes() const;  // rows changed by the last statement
  sqlite3* handle() { return m_db; }

private:
  explicit Database(sqlite3* db);
  struct Cache;
  void note_control(std::string_view sql);

  sqlite3* m_db = nullptr;
  std::unique_ptr<Cache> m_cache;
  std::uint64_t m_epoch = 0;
};

// The schema version this binary writes. Migrations are numbered 1..N in
// migrations.cpp; each runs in one transaction with its user_version bump.
extern const int k_schema_version;

}  // namespace corridor::store
