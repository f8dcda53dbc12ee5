#pragma once
// Accounts, passwords and sessions of the HTTP API (docs/accounts.md). No
// HTTP here: the server hands in a name, a password, a peer address or a
// bearer token and gets back a Session or an Error.
//
// Passwords are stored as Argon2id strings (libsodium crypto_pwhash_str);
// a session's token is shown once and stored only as its SHA-256. Writes go
// through app::Service::write (durable on return), reads through the
// calling thread's app::Service::reader().

#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::app {
class Env;
class Service;
}  // namespace corridor::app

namespace corridor::api {

enum class Role { officer, admin, monitor };

std::string_view to_string(Role role);
// nullopt unless `text` is "officer", "admin" or "monitor".
std::optional<Role> parse_role(std::string_view text);

struct Account {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::officer;
  std::string party;  // "" for an admin; the monitor party for a monitor
  core::Timestamp created_at = 0;
  bool disabled = false;
};

struct Session {
  Account account;
  std::string csrf;  // to be echoed in a header by state-changing requests
  core::Timestamp expires_at = 0;
};

struct NewSession {
  std::string token;  // shown once, never stored (only its SHA-256)
  Session session;
};

struct AuthOptions {
  core::Timestamp session_ttl = 8 * 3600;
  int free_failures = 5;  // failed logins within k_failure_window before slowing down
  core::Timestamp max_delay = 900;
  // crypto_pwhash OPSLIMIT_MIN/MEMLIMIT_MIN instead of INTERACTIVE. Tests only.
  bool fast_hash_for_tests = false;
  // Password checks that may run at once. Each Argon2id check holds 64 MiB
  // (INTERACTIVE), so this bounds a burst of logins to ~256 MiB; a login
  // beyond it is refused at once with k_login_busy.
  int max_concurrent_checks = 4;
  // Called on the checking thread as each password check starts (it holds
  // one of the max_concurrent_checks slots). Tests only: to count checks.
  std::function<void()> on_password_check{};
};

// How long a run of failed logins is remembered after its last failure
// (or the end of the delay it caused, if later).
inline constexpr core::Timestamp k_failure_window = 15 * 60;

// The rules of Errc::refused that callers may tell apart (core::Error's
// `rule`; the HTTP API maps them to its error codes). Each message starts
// with the rule: a throttled login's is "too-many-attempts: try again in N s".
inline constexpr std::string_view k_bad_credentials = "bad-credentials";
inline constexpr std::string_view k_too_many_attempts = "too-many-attempts";
// Every password check slot is taken: "overloaded: ..." (try again in 1 s).
inline constexpr std::string_view k_login_busy = "overloaded";
inline constexpr std::string_view k_no_session = "no-session";
inline constexpr std::string_view k_session_expired = "session-expired";
inline constexpr std::string_view k_session_revoked = "session-revoked";

// Every method is thread-safe. The Service and Env must outlive the Auth.
class Auth {
public:
  Auth(app::Service& service, app::Env& env, AuthOptions options = {});

  // Creates an account. An officer acts for one party of the config; a
  // monitor is an officer of the config's monitor party (manifest.monitor),
  // so `party` is "" or that party; an admin has no party. A name is 1-64
  // of [a-z0-9._-] starting with a letter (also a valid officer name); a
  // password 12 to 1024 bytes, not the name.
  // Errc::usage naming the field ("name: ...", "party: ...", "password:
  // ...", with the field member) for bad input, Errc::conflict (rule
  // store::k_account_exists, field "name") if the name is taken, Errc::internal
  // if the store fails. Hashing takes ~0.1 s and runs on the calling thread.
  core::Result<Account> add_account(std::string_view name, Role role, std::string_view party,
                                    std::string_view password);

  // Every account, by name.
  core::Result<std::vector<Account>> accounts();

  // Disables the account and revokes its sessions: it can no longer log in.
  // Disabling a disabled account is not an error. Errc::not_found if there
  // is no such account.
  core::Result<void> disable_account(std::string_view name);

  // Replaces the password (the rules of add_account) and revokes the
  // account's sessions. Errc::usage for a bad password, Errc::not_found if
  // there is no such account.
  core::Result<void> set_password(std::string_view name, std::string_view password);

  // Checks the password and opens a session of options.session_ttl from
  // `peer` (the client's address; "" is not throttled by address).
  // Unknown name, wrong password and disabled account all fail alike, with
  // Errc::refused k_bad_credentials, and take as long (an unknown name is
  // checked against a dummy hash). Failures are counted in memory per name
  // and per peer: after options.free_failures of them, each within
  // k_failure_window of the last (or of the end of its delay), every
  // attempt is refused without checking the password for 1 s, then 2, 4,
  // ... up to options.max_delay after each further failure: Errc::refused
  // "too-many-attempts: try again in N s" (and retry_after() says N). A
  // success forgets the name's failures (not the peer's).
  // An attempt counts as a failure from before its check until its result
  // is known, so that concurrent attempts cannot overrun the free failures:
  // beyond them, one attempt per name and per peer runs at a time, and the
  // others are refused "too-many-attempts: try again in 1 s". At most
  // options.max_concurrent_checks checks run at once; beyond that a login
  // is refused at once with Errc::refused "overloaded: ... try again in 1 s".
  core::Result<NewSession> login(std::string_view name, std::string_view password,
                                 std::string_view peer);

  // Seconds until `name` and `peer` may try to log in again; 0 if now.
  core::Timestamp retry_after(std::string_view name, std::string_view peer);

  // The live session of a bearer token. Errc::refused with k_no_session (no
  // such token), k_session_revoked (logged out, or its account disabled
  // since) or k_session_expired.
  core::Result<Session> authenticate(std::string_view token);

  // Revokes the token's session; revoking a revoked or expired one is not
  // an error. Errc::refused k_no_session if there is no such session.
  core::Result<void> logout(std::string_view token);

private:
  struct Failures {
    int count = 0;
    core::Timestamp last = 0;          // of the last failure
    core::Timestamp locked_until = 0;  // attempts before this are refused unchecked
    int pending = 0;                   // attempts being checked now
  };
  using FailureMap = std::map<std::string, Failures, std::less<>>;

  core::Result<std::string> hash_password(std::string_view password) const;
  bool verify_password(const std::string& hash, std::string_view password);
  static bool forgotten(const Failures& f, core::Timestamp now);
  void record_failure(FailureMap& map, std::string_view key, core::Timestamp now);
  core::Timestamp locked_for(const FailureMap& map, std::string_view key,
                             core::Timestamp now) const;
  enum class Outcome { failure, success, none };
  class Attempt;
  core::Result<void> begin_attempt(std::string_view name, std::string_view peer);
  void end_attempt(std::string_view name, std::string_view peer, Outcome outcome);
  core::Result<NewSession> open_session(const Account& account, std::string_view peer);
  const std::string& dummy_hash();

  app::Service& m_service;
  app::Env& m_env;
  AuthOptions m_options;
  std::mutex m_mutex;  // guards the two maps and m_checks
  FailureMap m_by_name;
  FailureMap m_by_peer;
  int m_checks = 0;  // password checks running now
  std::once_flag m_dummy_once;
  std::string m_dummy_hash;  // what unknown names are checked against, made on first use
};

}  // namespace corridor::api
