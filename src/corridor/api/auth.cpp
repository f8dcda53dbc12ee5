#include <corridor/api/auth.hpp>

#include <corridor/app/env.hpp>
#include <corridor/app/service.hpp>
#include <corridor/core/config.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/account_repo.hpp>
#include <corridor/store/database.hpp>

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

namespace corridor::api {
namespace {

using core::Errc;
using core::make_error;
using core::Result;
using core::Timestamp;

constexpr std::size_t k_min_password = 12;
constexpr std::size_t k_max_password = 1024;
constexpr std::size_t k_token_bytes = 32;
constexpr std::size_t k_csrf_bytes = 16;
// Failure records kept before the stale ones are swept out.
constexpr std::size_t k_max_tracked = 10'000;
// Failures are counted under at most this much of a name (no account has a
// longer one), so that huge names cannot fill memory.
constexpr std::size_t k_max_name_key = 65;
// Expired sessions are kept this long, so that a late request is told
// "session-expired" rather than "no-session".
constexpr Timestamp k_keep_expired = 24 * 3600;

std::string base64url(std::span<const std::uint8_t> bin) {
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bin.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bin.data(), bin.size(), variant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string random_token(app::Env& env, std::size_t bytes) {
  std::vector<std::uint8_t> bin(bytes);
  env.random_bytes(bin);
  return base64url(bin);
}

core::Hash256 token_hash(std::string_view token) {
  core::Hash256 h;
  crypto_hash_sha256(h.data(), reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return h;
}

// A valid officer name (ledger) that is also lower case and starts with a
// letter, so that it reads the same everywhere it is shown.
bool valid_name(std::string_view name) {
  return ledger::valid_officer_name(name) && name.front() >= 'a' && name.front() <= 'z' &&
         std::none_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Errc::usage naming `field` (a wrong argument of the command or request).
core::Error wrong(std::string field, std::string_view why) {
  core::Error e = core::invalid(std::move(field), why);
  e.code = Errc::usage;
  return e;
}

Result<void> check_name(std::string_view name) {
  if (valid_name(name)) return {};
  return wrong("name", "must be 1 to 64 of a-z, 0-9, '.', '_' and '-', starting with a letter");
}

Result<void> check_password(std::string_view name, std::string_view password) {
  if (password.size() < k_min_password)
    return wrong("password",
                 "must be at least 12 bytes (got " + std::to_string(password.size()) + ")");
  if (password.size() > k_max_password)
    return wrong("password",
                 "must be at most 1024 bytes (got " + std::to_string(password.size()) + ")");
  if (password == name) return wrong("password", "must not be the account name");
  return {};
}

std::string party_list(const core::Config& config) {
  std::string out;
  for (const core::PartyDef& p : config.parties) out += (out.empty() ? "" : ", ") + p.id;
  return out;
}

// The party an account of `role` acts for, "" for an admin.
Result<std::string> account_party(const core::Config& config, Role role, std::string_view party) {
  const std::string& monitor = config.manifest.monitor;
  switch (role) {
    case Role::admin:
      if (party.empty()) return std::string();
      return wrong("party", "an admin acts for no party (got '" + std::string(party) + "')");
    case Role::monitor:
      if (party.empty() || party == monitor) return monitor;
      return wrong("party", "a monitor acts for the monitor party '" + monitor + "' (got '" +
                                std::string(party) + "')");
    case Role::officer:
      if (party.empty())
        return wrong("party", "an officer acts for one party, one of " + party_list(config));
      if (config.find_party(party)) return std::string(party);
      return wrong("party", "no party '" + std::string(party) + "' in the config (one of " +
                                party_list(config) + ")");
  }
  return wrong("role", "unknown");
}

Account to_account(const store::AccountRow& r) {
  return Account{r.id,    r.name,       parse_role(r.role).value_or(Role::officer),
                 r.party, r.created_at, r.disabled_at.has_value()};
}

core::Error no_account(std::string_view name) {
  return make_error(Errc::not_found, "name: no account '" + std::string(name) + "'");
}

core::Error refused(std::string_view rule, std::string_view why) { return core::refuse(rule, why); }

constexpr std::string_view k_no_such_session = "no such session";

// Runs `fn` on the calling thread's read connection.
template <class Fn>
auto with_reader(app::Service& service, Fn fn) -> decltype(fn(std::declval<store::Database&>())) {
  auto db = service.reader();
  if (!db) return std::move(db).error();
  return fn(**db);
}

}  // namespace

std::string_view to_string(Role role) {
  switch (role) {
    case Role::officer:
      return "officer";
    case Role::admin:
      return "admin";
    case Role::monitor:
      return "monitor";
  }
  return "officer";
}

std::optional<Role> parse_role(std::string_view text) {
  for (Role r : {Role::officer, Role::admin, Role::monitor})
    if (to_string(r) == text) return r;
  return std::nullopt;
}

Auth::Auth(app::Service& service, app::Env& env, AuthOptions options)
    : m_service(service), m_env(env), m_options(options) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

// --- accounts -------------------------------------------------------------

Result<Account> Auth::add_account(std::string_view name, Role role, std::string_view party,
                                  std::string_view password) {
  if (auto r = check_name(name); !r) return std::move(r).error();
  auto acting = account_party(m_service.config(), role, party);
  if (!acting) return std::move(acting).error();
  if (auto r = check_password(name, password); !r) return std::move(r).error();
  auto hash = hash_password(password);
  if (!hash) return std::move(hash).error();
  store::AccountRow row{
      0,           std::string(name), std::string(to_string(role)), *acting, *hash,
      m_env.now(), std::nullopt};
  auto stored =
      m_service.write([&row](store::Database& db) { return store::insert_account(db, row); });
  if (!stored && stored.error().rule == store::k_account_exists)
    return core::Error{Errc::conflict,
                       "name: an account named '" + row.name + "' exists",
                       {},
                       std::string(store::k_account_exists),
                       "name"};
  if (!stored) return std::move(stored).error();
  return to_account(row);
}

Result<std::vector<Account>> Auth::accounts() {
  auto rows = with_reader(m_service, [](store::Database& db) { return store::list_accounts(db); });
  if (!rows) return std::move(rows).error();
  std::vector<Account> out;
  for (const store::AccountRow& r : *rows) out.push_back(to_account(r));
  return out;
}

Result<void> Auth::disable_account(std::string_view name) {
  const Timestamp now = m_env.now();
  return m_service.write([&](store::Database& db) -> Result<void> {
    auto account = store::find_account_by_name(db, name);
    if (!account) return std::move(account).error();
    if (!*account) return no_account(name);
    if (auto r = store::set_account_disabled(db, name, now); !r) return std::move(r).error();
    if (auto r = store::revoke_sessions_of(db, (*account)->id, now); !r)
      return std::move(r).error();
    return {};
  });
}

Result<void> Auth::set_password(std::string_view name, std::string_view password) {
  if (auto r = check_password(name, password); !r) return r;
  auto hash = hash_password(password);
  if (!hash) return std::move(hash).error();
  const Timestamp now = m_env.now();
  return m_service.write([&](store::Database& db) -> Result<void> {
    auto account = store::find_account_by_name(db, name);
    if (!account) return std::move(account).error();
    if (!*account) return no_account(name);
    if (auto r = store::set_password_hash(db, name, *hash); !r) return std::move(r).error();
    if (auto r = store::revoke_sessions_of(db, (*account)->id, now); !r)
      return std::move(r).error();
    return {};
  });
}

// --- passwords ------------------------------------------------------------

Result<std::string> Auth::hash_password(std::string_view password) const {
  const bool fast = m_options.fast_hash_for_tests;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return make_error(Errc::internal, "password hashing failed (out of memory)");
  return std::string(out);
}

bool Auth::verify_password(const std::string& hash, std::string_view password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

// --- logins ---------------------------------------------------------------

// A run of failures is forgotten k_failure_window after its last failure or
// the end of its delay, whichever is later: so a delay never outlasts the
// memory of the failures that caused it.
bool Auth::forgotten(const Failures& f, Timestamp now) {
  return f.pending == 0 && now - std::max(f.last, f.locked_until) >= k_failure_window;
}

void Auth::record_failure(FailureMap& map, std::string_view key, Timestamp now) {
  Failures& f = map.try_emplace(std::string(key)).first->second;
  if (now - std::max(f.last, f.locked_until) >= k_failure_window)
    f = Failures{.pending = f.pending};
  ++f.count;
  f.last = now;
  const int over = f.count - m_options.free_failures;
  if (over < 0) return;
  const Timestamp delay = over >= 30 ? m_options.max_delay : Timestamp{1} << over;
  f.locked_until = now + std::min(delay, m_options.max_delay);
}

// Seconds before `key` may try: the rest of its delay, or 1 s while an
// attempt beyond the free failures is being checked (its result decides).
Timestamp Auth::locked_for(const FailureMap& map, std::string_view key, Timestamp now) const {
  auto it = map.find(key);
  if (it == map.end()) return 0;
  const Failures& f = it->second;
  if (f.locked_until > now) return f.locked_until - now;
  const bool stale = now - std::max(f.last, f.locked_until) >= k_failure_window;
  const int count = stale ? 0 : f.count;
  return f.pending > 0 && count + f.pending >= m_options.free_failures ? 1 : 0;
}

// An attempt under way: it counts against its name and peer from before its
// password check until end_attempt, and holds a check slot.
class Auth::Attempt {
public:
  Attempt(Auth& auth, std::string_view name, std::string_view peer)
      : m_auth(auth), m_name(name), m_peer(peer) {}
  Attempt(const Attempt&) = delete;
  Attempt& operator=(const Attempt&) = delete;
  ~Attempt() { m_auth.end_attempt(m_name, m_peer, m_outcome); }
  void succeeded() { m_outcome = Outcome::success; }
  void undecided() { m_outcome = Outcome::none; }  // e.g. the store failed

private:
  Auth& m_auth;
  std::string_view m_name, m_peer;
  Outcome m_outcome = Outcome::failure;
};

Result<void> Auth::begin_attempt(std::string_view name, std::string_view peer) {
  const Timestamp now = m_env.now();
  std::lock_guard lock(m_mutex);
  const Timestamp by_peer = peer.empty() ? 0 : locked_for(m_by_peer, peer, now);
  if (Timestamp wait = std::max(locked_for(m_by_name, name, now), by_peer); wait > 0)
    return refused(k_too_many_attempts, "try again in " + std::to_string(wait) + " s");
  if (m_checks >= m_options.max_concurrent_checks)
    return refused(k_login_busy, "too many passwords are being checked; try again in 1 s");
  for (FailureMap* map : {&m_by_name, &m_by_peer}) {
    if (map == &m_by_peer && peer.empty()) continue;
    if (map->size() >= k_max_tracked)
      std::erase_if(*map, [&](const auto& kv) { return forgotten(kv.second, now); });
    ++map->try_emplace(std::string(map == &m_by_name ? name : peer)).first->second.pending;
  }
  ++m_checks;
  return {};
}

void Auth::end_attempt(std::string_view name, std::string_view peer, Outcome outcome) {
  const Timestamp now = m_env.now();
  std::lock_guard lock(m_mutex);
  --m_checks;
  for (FailureMap* map : {&m_by_name, &m_by_peer}) {
    if (map == &m_by_peer && peer.empty()) continue;
    const std::string_view key = map == &m_by_name ? name : peer;
    auto it = map->find(key);
    if (it == map->end()) continue;  // cannot happen: pending entries are never swept
    --it->second.pending;
    if (outcome == Outcome::failure) {
      record_failure(*map, key, now);
    } else if (outcome == Outcome::success && map == &m_by_name) {
      it->second = Failures{.pending = it->second.pending};  // a success forgets the name's
    }
    if (it->second.pending == 0 && it->second.count == 0) map->erase(it);
  }
}

Timestamp Auth::retry_after(std::string_view name, std::string_view peer) {
  const Timestamp now = m_env.now();
  std::lock_guard lock(m_mutex);
  const Timestamp by_peer = peer.empty() ? 0 : locked_for(m_by_peer, peer, now);
  return std::max(locked_for(m_by_name, name.substr(0, k_max_name_key), now), by_peer);
}

Result<NewSession> Auth::login(std::string_view name, std::string_view password,
                               std::string_view peer) {
  const std::string_view key = name.substr(0, k_max_name_key);
  // Counted before the slow check, so that a burst of attempts in parallel
  // is throttled like the same attempts one after another.
  if (auto begun = begin_attempt(key, peer); !begun) return std::move(begun).error();
  Attempt attempt(*this, key, peer);
  auto found = with_reader(
      m_service, [&](store::Database& db) { return store::find_account_by_name(db, name); });
  if (!found) {
    attempt.undecided();
    return std::move(found).error();
  }
  const std::optional<store::AccountRow>& account = *found;
  if (m_options.on_password_check) m_options.on_password_check();
  // An unknown name is checked against a dummy hash, so that it takes as
  // long as a wrong password.
  const bool verified = password.size() <= k_max_password &&
                        verify_password(account ? account->password_hash : dummy_hash(), password);
  if (!verified || !account || account->disabled_at)
    return refused(k_bad_credentials, "name or password is wrong");
  attempt.succeeded();
  return open_session(to_account(*account), peer);
}

const std::string& Auth::dummy_hash() {
  std::call_once(m_dummy_once, [this] {
    std::uint8_t random[16];
    m_env.random_bytes(random);
    auto hash = hash_password(base64url(random));
    if (hash) m_dummy_hash = *hash;
  });
  return m_dummy_hash;
}

// --- sessions -------------------------------------------------------------

Result<NewSession> Auth::open_session(const Account& account, std::string_view peer) {
  const Timestamp now = m_env.now();
  NewSession out{random_token(m_env, k_token_bytes),
                 Session{account, random_token(m_env, k_csrf_bytes), now + m_options.session_ttl}};
  const store::SessionRow row{token_hash(out.token),  account.id,   out.session.csrf, now,
                              out.session.expires_at, std::nullopt, std::string(peer)};
  auto stored = m_service.write([&row, now](store::Database& db) -> Result<void> {
    if (auto r = store::delete_expired_sessions(db, now - k_keep_expired); !r)
      return std::move(r).error();
    return store::insert_session(db, row);
  });
  if (!stored) return std::move(stored).error();
  return out;
}

Result<Session> Auth::authenticate(std::string_view token) {
  if (token.empty() || token.size() > 256) return refused(k_no_session, k_no_such_session);
  auto found = with_reader(
      m_service, [&](store::Database& db) { return store::find_session(db, token_hash(token)); });
  if (!found) return std::move(found).error();
  if (!*found) return refused(k_no_session, k_no_such_session);
  const auto& [session, account] = **found;
  if (session.revoked_at || account.disabled_at)
    return refused(k_session_revoked, "the session was signed out, or its account disabled");
  if (session.expires_at <= m_env.now()) return refused(k_session_expired, "the session expired");
  return Session{to_account(account), session.csrf, session.expires_at};
}

Result<void> Auth::logout(std::string_view token) {
  const core::Hash256 hash = token_hash(token);
  const Timestamp now = m_env.now();
  return m_service.write([&](store::Database& db) -> Result<void> {
    auto revoked = store::revoke_session(db, hash, now);
    if (!revoked) return std::move(revoked).error();
    if (!*revoked) return refused(k_no_session, k_no_such_session);
    return {};
  });
}

}  // namespace corridor::api
