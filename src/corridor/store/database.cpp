#include <corridor/store/database.hpp>

#include <corridor/store/migrations.hpp>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>

namespace corridor::store {

const int k_schema_version = static_cast<int>(migrations().size());
// The first schema of log format version 2 (migration 10): an older
// database holds a version-1 log.
constexpr int k_first_log_v2 = 10;

namespace {

using core::Errc;
using core::Error;
using core::make_error;
using core::Result;

// Our own SQL failing to compile, or a bind index out of range, is a bug in
// this binary: there is no caller who could do anything about it.
[[noreturn]] void die(const char* what, const char* detail) {
  std::fprintf(stderr, "corridor: store bug: %s: %s\n", what, detail);
  std::abort();
}

void check_bind(sqlite3_stmt* stmt, int rc) {
  if (rc != SQLITE_OK) die("bind", sqlite3_errmsg(sqlite3_db_handle(stmt)));
}

Errc errc_for(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return Errc::conflict;
    case SQLITE_NOTADB:
      return Errc::bad_input;
    case SQLITE_CANTOPEN:  // e.g. the directory does not exist
      return Errc::not_found;
    default:
      return Errc::internal;
  }
}

Error sqlite_error(sqlite3* db, int rc, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return make_error(errc_for(rc), std::move(message));
}

Result<void> exec_raw(sqlite3* db, std::string_view sql, std::string_view context) {
  std::string text(sql);  // sqlite3_exec wants a NUL-terminated string
  int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db, rc, context);
  return {};
}

// Reads an integer pragma without touching the statement cache, so that an
// unreadable file is an error value rather than an abort.
Result<int> pragma_int(sqlite3* db, const char* sql, std::string_view context) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db, rc, context);
  Statement owner(raw);
  // Stepped here rather than by Statement::step, which would fold
  // SQLITE_NOTADB into Errc::internal.
  rc = sqlite3_step(raw);
  if (rc == SQLITE_ROW) return sqlite3_column_int(raw, 0);
  if (rc == SQLITE_DONE) return 0;
  return sqlite_error(db, rc, context);
}

}  // namespace

// --- Statement -------------------------------------------------------------

Statement::Statement(Statement&& other) noexcept : m_stmt(std::exchange(other.m_stmt, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(m_stmt);
    m_stmt = std::exchange(other.m_stmt, nullptr);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::bind(int index, std::int64_t value) {
  check_bind(m_stmt, sqlite3_bind_int64(m_stmt, index, value));
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  // A null data pointer would bind SQL NULL; an empty string must stay text.
  const char* data = text.data() != nullptr ? text.data() : "";
  check_bind(m_stmt,
             sqlite3_bind_text64(m_stmt, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Statement& Statement::bind_blob(int index, std::span<const std::uint8_t> blob) {
  // Likewise an empty span may have a null pointer: bind a zero-length blob.
  int rc = blob.empty()
               ? sqlite3_bind_zeroblob(m_stmt, index, 0)
               : sqlite3_bind_blob64(m_stmt, index, blob.data(), blob.size(), SQLITE_TRANSIENT);
  check_bind(m_stmt, rc);
  return *this;
}

Statement& Statement::bind_null(int index) {
  check_bind(m_stmt, sqlite3_bind_null(m_stmt, index));
  return *this;
}

Statement& Statement::bind_double(int index, double value) {
  check_bind(m_stmt, sqlite3_bind_double(m_stmt, index, value));
  return *this;
}

core::Result<bool> Statement::step() {
  int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(m_stmt);
  std::string message = sqlite3_errmsg(db);
  // Leave the statement ready for another run; the error is already read.
  sqlite3_reset(m_stmt);
  return make_error(errc_for(rc) == Errc::conflict ? Errc::conflict : Errc::internal,
                    std::move(message));
}

core::Result<void> Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return std::move(row).error();
    if (!*row) return {};
  }
}

void Statement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::column_int64(int col) const { return sqlite3_column_int64(m_stmt, col); }

double Statement::column_double(int col) const { return sqlite3_column_double(m_stmt, col); }

std::string_view Statement::column_text(int col) const {
  auto text = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
  if (text == nullptr) return {};
  return {text, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col))};
}

std::span<const std::uint8_t> Statement::column_blob(int col) const {
  auto data = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, col));
  if (data == nullptr) return {};
  return {data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col))};
}

bool Statement::column_is_null(int col) const {
  return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
}

// --- Database: opening and migrating ---------------------------------------

// Looked up by std::string_view, so that a cache hit allocates nothing.
struct SqlHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
};

struct Database::Cache {
  std::unordered_map<std::string, Statement, SqlHash, std::equal_to<>> statements;
};

namespace {

bool is_memory(const std::string& path) { return path.empty() || path == ":memory:"; }

// A database holds personal data: a new one is created 0600 whatever the
// umask, before SQLite opens it, and SQLite gives its -wal and -shm files
// the main file's mode. An existing file is left as it is.
Result<void> create_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return {};
    return make_error(Errc::not_found, path + ": cannot create: " + std::strerror(errno));
  }
  const bool ok = ::fchmod(fd, 0600) == 0;  // the umask may have taken the owner's bits too
  const int saved = errno;
  ::close(fd);
  if (ok) return {};
  ::unlink(path.c_str());
  return make_error(Errc::internal, path + ": cannot set mode 0600: " + std::strerror(saved));
}

int open_flags(OpenMode mode) {
  int flags = SQLITE_OPEN_NOMUTEX;  // a Database is used by one thread at a time
  switch (mode) {
    case OpenMode::create:
      return flags | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    case OpenMode::read_write:
      return flags | SQLITE_OPEN_READWRITE;
    case OpenMode::read_only:
      return flags | SQLITE_OPEN_READONLY;
  }
  return flags;
}

// True if every migration after `version` has a read-only form.
bool read_only_usable(int version) {
  for (int next = version + 1; next <= k_schema_version; ++next)
    if (read_only_forms()[static_cast<std::size_t>(next - 1)].empty()) return false;
  return true;
}

// Refuses a schema this binary cannot use: newer always, and older when it
// may not migrate (read-only).
Result<void> check_version(const std::string& path, int version, OpenMode mode) {
  if (version > k_schema_version) {
    return make_error(Errc::refused, path + ": database schema version " + std::to_string(version) +
                                         " is newer than this corridor (knows up to " +
                                         std::to_string(k_schema_version) +
                                         "); use a newer corridor");
  }
  if (version > 0 && version < k_first_log_v2) {
    return make_error(Errc::refused,
                      path + ": database schema version " + std::to_string(version) +
                          " holds a version-1 log, which names cases by their refs in public; "
                          "this corridor keeps log format version 2 (public ids and sealed "
                          "reasons, docs/log_format.md) and does not convert a log (its "
                          "signatures cover the old text): start a new deployment with "
                          "corridor init and import the cases again");
  }
  if (mode == OpenMode::read_only && version == 0) {
    return make_error(Errc::not_found, path +
                                           ": not a corridor database (no schema; create one "
                                           "with corridor init)");
  }
  if (mode == OpenMode::read_only && version < k_schema_version && !read_only_usable(version)) {
    return make_error(Errc::refused, path + ": database schema version " + std::to_string(version) +
                                         " is older than this corridor (" +
                                         std::to_string(k_schema_version) +
                                         "); open it read-write once to migrate it");
  }
  return {};
}

Result<void> set_pragmas(sqlite3* db, const std::string& path, OpenMode mode) {
  // journal_mode=WAL is stored in the file; a read-only connection cannot set
  // it but reads a WAL database all the same.
  if (mode != OpenMode::read_only) {
    if (auto r = exec_raw(db, "PRAGMA journal_mode=WAL", path); !r) return r;
  }
  // A 64 MiB page cache keeps the case indexes in memory during a large
  // import; the default 2 MiB makes every insert page through them. A
  // read-only connection gets 8 MiB: the server opens one per worker (32 by
  // default), and the OS's page cache holds the file for all of them, so
  // 64 MiB each took `corridor serve` past 1 GiB on a 2.1 M-case store.
  const char* cache =
      mode == OpenMode::read_only ? "PRAGMA cache_size=-8192; " : "PRAGMA cache_size=-65536; ";
  return exec_raw(db,
                  std::string("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; ") + cache +
                      "PRAGMA temp_store=MEMORY",
                  path);
}

// Runs migration `next` (1-based) and its user_version bump in one
// transaction, re-reading the version under the write lock in case another
// process migrated meanwhile.
Result<void> migrate_one(sqlite3* db, const std::string& path, int next) {
  std::string context = path + ": migration " + std::to_string(next);
  if (auto r = exec_raw(db, "BEGIN IMMEDIATE", context); !r) return r;
  auto version = pragma_int(db, "PRAGMA user_version", context);
  Result<void> done;
  if (!version) {
    done = std::move(version).error();
  } else if (*version < next) {
    done = exec_raw(db, migrations()[next - 1], context);
    if (done) done = exec_raw(db, "PRAGMA user_version = " + std::to_string(next), context);
  }
  if (done) done = exec_raw(db, "COMMIT", context);
  if (!done) {
    // May fail if SQLite already rolled back on its own; either way nothing stays.
    (void)exec_raw(db, "ROLLBACK", context);
    done = make_error(Errc::internal, done.error().message);
  }
  return done;
}

Result<void> migrate(sqlite3* db, const std::string& path, int from) {
  for (int next = from + 1; next <= k_schema_version; ++next) {
    if (auto r = migrate_one(db, path, next); !r) return r;
  }
  return {};
}

Result<void> prepare_connection(sqlite3* db, const std::string& path, OpenMode mode) {
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  auto version = pragma_int(db, "PRAGMA user_version", path);
  if (!version) {
    if (version.error().code == Errc::bad_input) {
      return make_error(Errc::bad_input, path + ": not a SQLite database");
    }
    return std::move(version).error();
  }
  if (auto r = check_version(path, *version, mode); !r) return r;
  if (auto r = set_pragmas(db, path, mode); !r) return r;
  if (mode == OpenMode::read_only) {
    for (int next = *version + 1; next <= k_schema_version; ++next)
      if (auto r = exec_raw(db, read_only_forms()[static_cast<std::size_t>(next - 1)],
                            path + ": migration " + std::to_string(next) + " (read-only)");
          !r)
        return r;
    return {};
  }
  return migrate(db, path, *version);
}

}  // namespace

core::Result<Database> Database::open(const std::string& path, OpenMode mode) {
  // Memory statistics take a global mutex on every allocation; we never
  // read them. Must precede SQLite's initialisation, hence once, here.
  static const bool k_configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)k_configured;
  if (mode != OpenMode::create && !is_memory(path) && !std::filesystem::exists(path)) {
    return make_error(Errc::not_found, "database not found: " + path);
  }
  if (mode == OpenMode::create && !is_memory(path))
    if (auto made = create_private_file(path); !made) return std::move(made).error();
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, open_flags(mode), nullptr);
  Database db(raw);  // owns the handle even when opening failed
  if (rc != SQLITE_OK) return sqlite_error(raw, rc, path);
  if (auto r = prepare_connection(raw, path, mode); !r) return std::move(r).error();
  return db;
}

Database::Database(sqlite3* db) : m_db(db), m_cache(std::make_unique<Cache>()) {}

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)),
      m_cache(std::move(other.m_cache)),
      m_epoch(other.m_epoch) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    Database old(std::move(*this));
    m_db = std::exchange(other.m_db, nullptr);
    m_cache = std::move(other.m_cache);
    m_epoch = other.m_epoch;
  }
  return *this;
}

Database::~Database() {
  m_cache.reset();  // statements are finalized before their connection closes
  sqlite3_close(m_db);
}

// --- Database: statements ---------------------------------------------------

// Counted when prepared (every caller runs what it prepares at once): a
// count too many only costs a cache its next check; one too few is a bug.
void Database::note_control(std::string_view sql) {
  const auto start = sql.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return;
  sql.remove_prefix(start);
  auto starts = [&](std::string_view word) {
    return sql.size() >= word.size() &&
           sqlite3_strnicmp(sql.data(), word.data(), static_cast<int>(word.size())) == 0;
  };
  if (starts("BEGIN") || starts("ROLLBACK")) ++m_epoch;
}

bool Database::in_transaction() const { return m_db && !sqlite3_get_autocommit(m_db); }

Statement& Database::prepare(std::string_view sql) {
  note_control(sql);
  if (auto it = m_cache->statements.find(sql); it != m_cache->statements.end()) {
    it->second.reset();
    return it->second;
  }
  std::string key(sql);
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(m_db, key.c_str(), static_cast<int>(key.size()),
                              SQLITE_PREPARE_PERSISTENT, &raw, &tail);
  if (rc != SQLITE_OK) die(key.c_str(), sqlite3_errmsg(m_db));
  if (raw == nullptr) die(key.c_str(), "no statement given to prepare()");
  Statement stmt(raw);
  // A second statement would be silently ignored: that is what exec() is for.
  if (std::string_view(tail).find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    die(key.c_str(), "more than one statement given to prepare()");
  }
  // A node-based map: the reference stays valid as the cache grows.
  return m_cache->statements.emplace(std::move(key), std::move(stmt)).first->second;
}

core::Result<void> Database::exec(std::string_view sql) {
  // A script may hold a ROLLBACK anywhere: any exec() moves the epoch.
  ++m_epoch;
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  std::string what = message != nullptr ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return make_error(errc_for(rc) == Errc::conflict ? Errc::conflict : Errc::internal,
                    std::move(what));
}

int Database::schema_version() {
  auto version = pragma_int(m_db, "PRAGMA user_version", "user_version");
  return version ? *version : -1;
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(m_db); }

int Database::changes() const { return sqlite3_changes(m_db); }

}  // namespace corridor::store
