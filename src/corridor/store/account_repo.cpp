#include <corridor/store/account_repo.hpp>
#include <corridor/store/rows.hpp>

namespace corridor::store {
namespace {

using core::Result;
using detail::all_rows;
using detail::blob_string;
using detail::bytes;
using detail::first_row;
using detail::hash_column;

// Binds `text`, or NULL if it is empty (optional columns).
Statement& bind_or_null(Statement& st, int index, std::string_view text) {
  return text.empty() ? st.bind_null(index) : st.bind(index, text);
}

std::optional<core::Timestamp> optional_time(const Statement& st, int col) {
  if (st.column_is_null(col)) return std::nullopt;
  return st.column_int64(col);
}

constexpr std::string_view k_account_columns =
    "a.id, a.name, a.role, a.party, a.password_hash, a.created_at, a.disabled_at";

// Reads the 7 columns of k_account_columns from `first` on.
AccountRow read_account(const Statement& st, int first = 0) {
  AccountRow a;
  a.id = st.column_int64(first);
  a.name = st.column_text(first + 1);
  a.role = st.column_text(first + 2);
  a.party = st.column_text(first + 3);
  a.password_hash = st.column_text(first + 4);
  a.created_at = st.column_int64(first + 5);
  a.disabled_at = optional_time(st, first + 6);
  return a;
}

std::string account_query(std::string_view where) {
  return "SELECT " + std::string(k_account_columns) + " FROM accounts a " + std::string(where);
}

// Runs an UPDATE or DELETE; returns how many rows it changed.
Result<std::int64_t> changed(Database& db, Statement& st) {
  if (auto r = st.run(); !r) return std::move(r).error();
  return std::int64_t{db.changes()};
}

ReadEntry read_entry(const Statement& st) {
  ReadEntry e;
  e.id = st.column_int64(0);
  e.at = st.column_int64(1);
  e.account = st.column_text(2);
  e.role = st.column_text(3);
  e.party = st.column_text(4);
  e.ref = st.column_text(5);
  e.what = st.column_text(6);
  e.reason = st.column_text(7);
  e.break_glass = st.column_int64(8) != 0;
  e.peer = st.column_text(9);
  return e;
}

// The SQL of a read-log query. Only fixed fragments are joined, so that
// each filter can use its index; every value is bound, each at a fixed
// index (SQLite allows the gaps of the filters left out).
std::string read_log_query(const ReadFilter& f) {
  std::string sql =
      "SELECT id, at, account, role, party, ref, what, reason, break_glass, peer FROM read_log "
      "WHERE 1";
  if (f.ref) sql += " AND ref = ?1";
  if (f.since) sql += " AND at >= ?2";
  if (f.until) sql += " AND at < ?5";
  if (f.party) sql += " AND party = ?6";
  if (f.account) sql += " AND account = ?7";
  if (f.reason) sql += " AND instr(reason, ?8) > 0";
  if (f.break_glass_only) sql += " AND break_glass = 1";
  return sql + " ORDER BY at DESC, id DESC LIMIT ?3 OFFSET ?4";
}

}  // namespace

// --- accounts -------------------------------------------------------------

Result<void> insert_account(Database& db, AccountRow& row) {
  Statement& st = db.prepare(
      "INSERT INTO accounts(name, role, party, password_hash, created_at, disabled_at) "
      "VALUES(?,?,?,?,?,?)");
  st.bind(1, row.name).bind(2, row.role);
  bind_or_null(st, 3, row.party).bind(4, row.password_hash).bind(5, row.created_at);
  row.disabled_at ? st.bind(6, *row.disabled_at) : st.bind_null(6);
  auto r = st.run();
  if (!r) {
    core::Error e = std::move(r).error();
    // SQLite names the broken constraint only in its message; the store
    // reads it here once and says it as the rule, for callers to branch on.
    if (e.code == core::Errc::conflict && e.message.find("accounts.name") != std::string::npos)
      e.rule = e.message = k_account_exists;
    return e;
  }
  row.id = db.last_insert_rowid();
  return {};
}

Result<std::optional<AccountRow>> find_account_by_name(Database& db, std::string_view name) {
  Statement& st = db.prepare(account_query("WHERE a.name = ?"));
  return first_row<AccountRow>(st.bind(1, name),
                               [](const Statement& s) { return read_account(s); });
}

Result<std::optional<AccountRow>> find_account(Database& db, std::int64_t id) {
  Statement& st = db.prepare(account_query("WHERE a.id = ?"));
  return first_row<AccountRow>(st.bind(1, id), [](const Statement& s) { return read_account(s); });
}

Result<std::vector<AccountRow>> list_accounts(Database& db) {
  Statement& st = db.prepare(account_query("ORDER BY a.name"));
  return all_rows<AccountRow>(st, [](const Statement& s) { return read_account(s); });
}

Result<bool> set_account_disabled(Database& db, std::string_view name, core::Timestamp at) {
  Statement& st =
      db.prepare("UPDATE accounts SET disabled_at = coalesce(disabled_at, ?) WHERE name = ?");
  auto n = changed(db, st.bind(1, at).bind(2, name));
  if (!n) return std::move(n).error();
  return *n > 0;
}

Result<bool> set_password_hash(Database& db, std::string_view name, std::string_view hash) {
  Statement& st = db.prepare("UPDATE accounts SET password_hash = ? WHERE name = ?");
  auto n = changed(db, st.bind(1, hash).bind(2, name));
  if (!n) return std::move(n).error();
  return *n > 0;
}

// --- sessions -------------------------------------------------------------

Result<void> insert_session(Database& db, const SessionRow& row) {
  Statement& st = db.prepare(
      "INSERT INTO sessions(token_hash, account_id, csrf, created_at, expires_at, revoked_at, "
      "peer) VALUES(?,?,?,?,?,?,?)");
  st.bind_blob(1, bytes(row.token_hash))
      .bind(2, row.account_id)
      .bind(3, row.csrf)
      .bind(4, row.created_at)
      .bind(5, row.expires_at);
  row.revoked_at ? st.bind(6, *row.revoked_at) : st.bind_null(6);
  bind_or_null(st, 7, row.peer);
  return st.run();
}

Result<std::optional<SessionWithAccount>> find_session(Database& db,
                                                       const core::Hash256& token_hash) {
  Statement& st = db.prepare(
      "SELECT s.token_hash, s.account_id, s.csrf, s.created_at, s.expires_at, s.revoked_at, "
      "s.peer, " +
      std::string(k_account_columns) +
      " FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?");
  return first_row<SessionWithAccount>(st.bind_blob(1, bytes(token_hash)), [](const Statement& s) {
    SessionWithAccount out;
    out.session.token_hash = hash_column(s, 0);
    out.session.account_id = s.column_int64(1);
    out.session.csrf = s.column_text(2);
    out.session.created_at = s.column_int64(3);
    out.session.expires_at = s.column_int64(4);
    out.session.revoked_at = optional_time(s, 5);
    out.session.peer = s.column_text(6);
    out.account = read_account(s, 7);
    return out;
  });
}

Result<bool> revoke_session(Database& db, const core::Hash256& token_hash, core::Timestamp at) {
  Statement& st =
      db.prepare("UPDATE sessions SET revoked_at = coalesce(revoked_at, ?) WHERE token_hash = ?");
  auto n = changed(db, st.bind(1, at).bind_blob(2, bytes(token_hash)));
  if (!n) return std::move(n).error();
  return *n > 0;
}

Result<std::int64_t> revoke_sessions_of(Database& db, std::int64_t account_id, core::Timestamp at) {
  Statement& st =
      db.prepare("UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL");
  return changed(db, st.bind(1, at).bind(2, account_id));
}

Result<std::int64_t> delete_expired_sessions(Database& db, core::Timestamp now) {
  Statement& st = db.prepare("DELETE FROM sessions WHERE expires_at <= ?");
  return changed(db, st.bind(1, now));
}

// --- the read log ---------------------------------------------------------

Result<void> insert_read(Database& db, const ReadEntry& e) {
  Statement& st = db.prepare(
      "INSERT INTO read_log(at, account, role, party, ref, what, reason, break_glass, peer) "
      "VALUES(?,?,?,?,?,?,?,?,?)");
  st.bind(1, e.at).bind(2, e.account).bind(3, e.role);
  bind_or_null(st, 4, e.party)
      .bind(5, e.ref)
      .bind(6, e.what)
      .bind(7, e.reason)
      .bind(8, std::int64_t{e.break_glass});
  bind_or_null(st, 9, e.peer);
  return st.run();
}

Result<std::vector<ReadEntry>> list_reads(Database& db, const ReadFilter& f) {
  Statement& st = db.prepare(read_log_query(f));
  if (f.ref) st.bind(1, *f.ref);
  if (f.since) st.bind(2, *f.since);
  if (f.until) st.bind(5, *f.until);
  if (f.party) st.bind(6, *f.party);
  if (f.account) st.bind(7, *f.account);
  if (f.reason) st.bind(8, *f.reason);
  st.bind(3, f.limit).bind(4, f.offset);
  return all_rows<ReadEntry>(st, read_entry);
}

// --- idempotency ------------------------------------------------------------

Result<std::optional<IdempotentReply>> find_idempotent(Database& db, std::int64_t account_id,
                                                       std::string_view key) {
  Statement& st = db.prepare(
      "SELECT method, path, request_hash, status, content_type, body, created_at "
      "FROM idempotency WHERE account_id = ? AND key = ?");
  return first_row<IdempotentReply>(st.bind(1, account_id).bind(2, key), [&](const Statement& s) {
    IdempotentReply r;
    r.account_id = account_id;
    r.key = key;
    r.method = s.column_text(0);
    r.path = s.column_text(1);
    r.request_hash = hash_column(s, 2);
    r.status = static_cast<int>(s.column_int64(3));
    r.content_type = s.column_text(4);
    r.body = blob_string(s, 5);
    r.created_at = s.column_int64(6);
    return r;
  });
}

Result<void> insert_idempotent(Database& db, const IdempotentReply& r) {
  return db
      .prepare(
          "INSERT INTO idempotency(account_id, key, method, path, request_hash, status, "
          "content_type, body, created_at) VALUES(?,?,?,?,?,?,?,?,?)")
      .bind(1, r.account_id)
      .bind(2, r.key)
      .bind(3, r.method)
      .bind(4, r.path)
      .bind_blob(5, bytes(r.request_hash))
      .bind(6, std::int64_t{r.status})
      .bind(7, r.content_type)
      .bind_blob(8, bytes(r.body))
      .bind(9, r.created_at)
      .run();
}

Result<std::int64_t> delete_idempotent_before(Database& db, core::Timestamp t) {
  Statement& st = db.prepare("DELETE FROM idempotency WHERE created_at < ?");
  return changed(db, st.bind(1, t));
}

// --- officers' key requests --------------------------------------------------

namespace {

KeyRequestRow read_key_request(const Statement& st) {
  KeyRequestRow r;
  r.name = st.column_text(0);
  r.party = st.column_text(1);
  r.vkey = st.column_text(2);
  r.requested_at = st.column_int64(3);
  return r;
}

constexpr std::string_view k_key_request_columns = "name, party, vkey, requested_at";

}  // namespace

Result<void> put_key_request(Database& db, const KeyRequestRow& row) {
  return db
      .prepare("INSERT OR REPLACE INTO key_requests(" + std::string(k_key_request_columns) +
               ") VALUES(?,?,?,?)")
      .bind(1, row.name)
      .bind(2, row.party)
      .bind(3, row.vkey)
      .bind(4, row.requested_at)
      .run();
}

Result<std::optional<KeyRequestRow>> find_key_request(Database& db, std::string_view name) {
  Statement& st = db.prepare("SELECT " + std::string(k_key_request_columns) +
                             " FROM key_requests WHERE name = ?");
  return first_row<KeyRequestRow>(st.bind(1, name), read_key_request);
}

Result<std::vector<KeyRequestRow>> list_key_requests(Database& db) {
  Statement& st = db.prepare("SELECT " + std::string(k_key_request_columns) +
                             " FROM key_requests ORDER BY requested_at, name");
  return all_rows<KeyRequestRow>(st, read_key_request);
}

Result<bool> delete_key_request(Database& db, std::string_view name) {
  Statement& st = db.prepare("DELETE FROM key_requests WHERE name = ?");
  auto n = changed(db, st.bind(1, name));
  if (!n) return std::move(n).error();
  return *n > 0;
}

Result<std::int64_t> delete_key_requests_for(Database& db, std::string_view vkey) {
  Statement& st = db.prepare("DELETE FROM key_requests WHERE vkey = ?");
  return changed(db, st.bind(1, vkey));
}

}  // namespace corridor::store
