#pragma once
// Accounts, sessions, the read log, stored idempotent replies and officers'
// key requests: the SQL of the tables of migrations 4 and 5
// (docs/accounts.md). None of them is in the log's
// projection. Like case_repo, every function runs on the Database it is
// given (the Writer's inside a command, or a reader's), none is thread-safe
// beyond what its Database is, and every failed read is Errc::internal,
// never "not there".

#include <corridor/core/case.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>
#include <corridor/store/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::store {

// --- accounts -------------------------------------------------------------

struct AccountRow {
  std::int64_t id = 0;
  std::string name;
  std::string role;           // officer | admin | monitor
  std::string party;          // "" (stored as NULL) for none
  std::string password_hash;  // crypto_pwhash_str's string
  core::Timestamp created_at = 0;
  std::optional<core::Timestamp> disabled_at;
};

// Inserts an account and sets row.id. Errc::conflict with the rule (and
// message) k_account_exists if the name is taken (the schema's uniqueness), and
// Errc::conflict with SQLite's message if the role is not one of the three.
core::Result<void> insert_account(Database& db, AccountRow& row);
inline constexpr std::string_view k_account_exists = "account-exists";

core::Result<std::optional<AccountRow>> find_account_by_name(Database& db, std::string_view name);
core::Result<std::optional<AccountRow>> find_account(Database& db, std::int64_t id);
// Every account, by name.
core::Result<std::vector<AccountRow>> list_accounts(Database& db);

// Marks the account disabled at `at` (an account already disabled keeps
// its first time). Returns false if there is no account of that name.
core::Result<bool> set_account_disabled(Database& db, std::string_view name, core::Timestamp at);
// Replaces the password hash. Returns false if there is no such account.
core::Result<bool> set_password_hash(Database& db, std::string_view name, std::string_view hash);

// --- sessions -------------------------------------------------------------

struct SessionRow {
  core::Hash256 token_hash{};  // SHA-256 of the token; the token is never stored
  std::int64_t account_id = 0;
  std::string csrf;
  core::Timestamp created_at = 0;
  core::Timestamp expires_at = 0;
  std::optional<core::Timestamp> revoked_at;
  std::string peer;  // "" (stored as NULL) if unknown
};

// Errc::conflict if a session with that token hash exists.
core::Result<void> insert_session(Database& db, const SessionRow& row);

struct SessionWithAccount {
  SessionRow session;
  AccountRow account;
};
// The session of that token hash with its account, whatever its state
// (expired, revoked, disabled account); nullopt if there is none.
core::Result<std::optional<SessionWithAccount>> find_session(Database& db,
                                                             const core::Hash256& token_hash);

// Marks the session revoked at `at` (a revoked one keeps its first time).
// Returns false if there is no such session.
core::Result<bool> revoke_session(Database& db, const core::Hash256& token_hash,
                                  core::Timestamp at);
// Revokes every live session of the account; returns how many.
core::Result<std::int64_t> revoke_sessions_of(Database& db, std::int64_t account_id,
                                              core::Timestamp at);
// Deletes the sessions that expired at or before `now`; returns how many.
core::Result<std::int64_t> delete_expired_sessions(Database& db, core::Timestamp now);

// --- the read log ---------------------------------------------------------

struct ReadEntry {
  std::int64_t id = 0;  // set by list_reads; ignored by insert_read
  core::Timestamp at = 0;
  std::string account;
  std::string role;
  std::string party;  // "" (NULL) for none
  std::string ref;    // the case read
  std::string what;   // what was shown, e.g. "identity"
  std::string reason;
  bool break_glass = false;
  std::string peer;  // "" (NULL) if unknown
};

core::Result<void> insert_read(Database& db, const ReadEntry& entry);

struct ReadFilter {
  std::optional<std::string> ref;
  std::optional<core::Timestamp> since;  // at >= since
  std::optional<core::Timestamp> until;  // at < until
  std::optional<std::string> party;
  std::optional<std::string> account;
  std::optional<std::string> reason;  // the reason contains this text
  bool break_glass_only = false;
  std::int64_t limit = 100;
  std::int64_t offset = 0;
};
// The entries that pass `filter`, newest first (by time, then insertion).
core::Result<std::vector<ReadEntry>> list_reads(Database& db, const ReadFilter& filter);

// --- idempotency ------------------------------------------------------------

// The reply stored for an account's Idempotency-Key.
struct IdempotentReply {
  std::int64_t account_id = 0;
  std::string key;
  std::string method;
  std::string path;
  core::Hash256 request_hash{};  // of the request the key was first used with
  int status = 0;
  std::string content_type;
  std::string body;  // bytes
  core::Timestamp created_at = 0;
};

core::Result<std::optional<IdempotentReply>> find_idempotent(Database& db, std::int64_t account_id,
                                                             std::string_view key);
// Errc::conflict if the account already stored a reply under that key.
core::Result<void> insert_idempotent(Database& db, const IdempotentReply& reply);
// Deletes the replies stored before `t`; returns how many.
core::Result<std::int64_t> delete_idempotent_before(Database& db, core::Timestamp t);

// --- officers' key requests --------------------------------------------------

// An officer's request to have a verifier key registered (web UI key
// enrolment): one per account, replaced by the next.
struct KeyRequestRow {
  std::string name;   // the account's name, which is its officer name
  std::string party;  // the account's party
  std::string vkey;   // C2SP verifier key, named "party/name"
  core::Timestamp requested_at = 0;
};

// Stores the account's request, replacing any it had.
core::Result<void> put_key_request(Database& db, const KeyRequestRow& row);
core::Result<std::optional<KeyRequestRow>> find_key_request(Database& db, std::string_view name);
// Every pending request, oldest first (then by name).
core::Result<std::vector<KeyRequestRow>> list_key_requests(Database& db);
// Deletes the account's request. Returns false if it had none.
core::Result<bool> delete_key_request(Database& db, std::string_view name);
// Deletes every request for exactly this verifier key (it was registered);
// returns how many.
core::Result<std::int64_t> delete_key_requests_for(Database& db, std::string_view vkey);

}  // namespace corridor::store
