#include <corridor/app/service.hpp>

#include <corridor/app/apply.hpp>
#include <corridor/app/keyfile.hpp>
#include <corridor/app/log.hpp>
#include <corridor/app/log_ops.hpp>
#include <corridor/app/stats_tally.hpp>
#include <corridor/app/timezone.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>
#include <corridor/store/writer.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace corridor::app {
namespace {

constexpr std::string_view k_config_key = "config";
constexpr std::string_view k_config_source_key = "config_source";
constexpr std::string_view k_log_vkey_key = "log_vkey";
constexpr std::string_view k_log_key_file_key = "log_key_file";

core::Result<core::Config> parse_stored(store::Database& db, const std::string& db_path) {
  auto text = store::get_meta(db, k_config_key);
  if (!text) return std::move(text).error();
  if (!*text)
    return core::make_error(core::Errc::not_found,
                            db_path +
                                ": not a corridor database (it holds no deployment config; "
                                "create one with corridor init)");
  auto source = store::get_meta(db, k_config_source_key);
  if (!source) return std::move(source).error();
  return core::parse_config(**text, db_path + ":" + source->value_or("config"));
}

core::Result<ledger::PublicKey> stored_log_key(store::Database& db, const std::string& db_path) {
  auto text = store::get_meta(db, k_log_vkey_key);
  if (!text) return std::move(text).error();
  if (!*text)
    return core::make_error(core::Errc::not_found,
                            db_path + ": the database has no log key (made before the log)");
  return ledger::parse_vkey(**text);
}

}  // namespace

std::string default_log_key_path(const std::string& db_path) { return db_path + ".logkey"; }

core::Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::make_error(core::Errc::not_found, path + ": cannot open file");
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return core::make_error(core::Errc::not_found, path + ": read failed");
  return out.str();
}

core::Result<core::Config> load_config(const std::optional<std::string>& path) {
  if (!path) return core::parse_config(embedded_default_config(), "config/rafah.toml (embedded)");
  auto text = read_file(*path);
  if (!text) return std::move(text).error();
  return core::parse_config(*text, *path);
}

Service::Service(std::string db_path, core::Config config, Env& env)
    : m_db_path(std::move(db_path)), m_config(std::move(config)), m_env(env) {}

Service::~Service() = default;

core::Result<std::unique_ptr<Service>> Service::init(
    const std::string& db_path, const std::optional<std::string>& config_path, Env& env,
    const std::optional<std::string>& log_key_path) {
  if (std::filesystem::exists(db_path))
    return core::make_error(core::Errc::conflict,
                            db_path + ": already exists; init makes a new deployment database");
  const std::string key_path = log_key_path.value_or(default_log_key_path(db_path));
  if (std::filesystem::exists(key_path))
    return core::make_error(core::Errc::conflict,
                            key_path + ": already exists; a key file is never overwritten");
  auto text = config_path ? read_file(*config_path)
                          : core::Result<std::string>(std::string(embedded_default_config()));
  if (!text) return std::move(text).error();
  auto config = core::parse_config(*text, config_path.value_or("config/rafah.toml (embedded)"));
  if (!config) return std::move(config).error();
  if (auto tz = local_date(0, config->crossing.time_zone); !tz) return std::move(tz).error();
  // The log key, from the Env's randomness (deterministic in tests and the
  // demo). It is written before the database, and removed if init fails.
  std::uint8_t seed[32];
  env.random_bytes(seed);
  auto log_key = ledger::PrivateKey::from_seed(
      config->log.origin, ledger::KeyType::ed25519,
      std::string_view(reinterpret_cast<const char*>(seed), sizeof seed));
  if (!log_key) return std::move(log_key).error();
  if (auto w = write_key_file(key_path, *log_key); !w) return std::move(w).error();
  std::unique_ptr<Service> svc(new Service(db_path, std::move(config).value(), env));
  svc->m_log_public = log_key->public_key();
  svc->m_log_key_path = key_path;
  auto fail = [&](core::Error e) -> core::Error {
    svc.reset();
    std::error_code ec;
    std::filesystem::remove(key_path, ec);
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_path + suffix, ec);
    return e;
  };
  auto w = store::Writer::open(db_path, store::OpenMode::create);
  if (!w) return fail(std::move(w).error());
  svc->m_writer = std::move(w).value();
  const std::string source =
      config_path ? std::filesystem::path(*config_path).filename().string() : "rafah.toml";
  const std::string absolute_key = std::filesystem::absolute(key_path).string();
  auto stored = svc->m_writer->submit([&](store::Database& db) -> core::Result<void> {
    if (auto r = store::set_meta(db, k_config_key, *text); !r) return r;
    if (auto r = store::set_meta(db, k_log_vkey_key, ledger::format_vkey(svc->m_log_public)); !r)
      return r;
    if (auto r = store::set_meta(db, k_log_key_file_key, absolute_key); !r) return r;
    return store::set_meta(db, k_config_source_key, source);
  });
  if (!stored) return fail(std::move(stored).error());
  svc->m_writer.reset();  // reopened with the log's seal on first write
  return svc;
}

core::Result<std::unique_ptr<Service>> Service::open(const OpenOptions& options, Env& env) {
  if (!std::filesystem::exists(options.db_path))
    return core::make_error(core::Errc::not_found,
                            options.db_path + ": no such database (create one with corridor init)");
  auto db = store::Database::open(options.db_path, options.read_only ? store::OpenMode::read_only
                                                                     : store::OpenMode::read_write);
  if (!db) return std::move(db).error();
  auto config = parse_stored(*db, options.db_path);
  if (!config) return std::move(config).error();
  auto log_key = stored_log_key(*db, options.db_path);
  if (!log_key) return std::move(log_key).error();
  if (!options.read_only)
    if (auto r = tally::fill_if_needed(*db, *config); !r) return std::move(r).error();
  std::unique_ptr<Service> svc(new Service(options.db_path, std::move(config).value(), env));
  svc->m_log_public = *log_key;
  svc->m_log_key_path = options.log_key_path;
  if (!svc->m_log_key_path) {
    auto path = store::get_meta(*db, k_log_key_file_key);
    if (!path) return std::move(path).error();
    svc->m_log_key_path = *path;
  }
  svc->m_reader = std::make_unique<store::Database>(std::move(db).value());
  svc->m_reader_thread = std::this_thread::get_id();
  return svc;
}

core::Date Service::today() {
  auto d = local_date(m_env.now(), m_config.crossing.time_zone);
  return d ? *d : core::utc_date(m_env.now());
}

// The log key signs every checkpoint, so a process that writes must hold
// it; one that only reads never opens it.
// The log key signs every checkpoint and the key history, so a process
// that appends must hold it. Without the file, the writer still opens (to
// store cosignatures, say) and anything that would grow the log is refused
// when its batch is sealed. A file with another key is refused at once.
core::Result<void> Service::load_log_key() {
  std::optional<ledger::PrivateKey> held;
  std::string why = m_db_path + ": no log key file is recorded; pass --log-key FILE";
  if (m_log_key_path) {
    auto key = read_key_file(*m_log_key_path);
    if (key) {
      if (!(key->public_key() == m_log_public))
        return core::make_error(core::Errc::refused,
                                *m_log_key_path + ": this is not the log key of " + m_db_path);
      held = std::move(key).value();
    } else if (key.error().code != core::Errc::not_found) {
      return std::move(key).error();
    } else {
      why = key.error().message;
    }
  }
  m_log = std::make_unique<LogAppender>(m_config.log.origin, std::move(held),
                                        "the log key is needed to append: " + why);
  return {};
}

core::Result<store::Writer*> Service::writer() {
  std::lock_guard lock(m_writer_mutex);
  if (!m_writer) {
    if (auto k = load_log_key(); !k) return std::move(k).error();
    auto w = store::Writer::open(m_db_path, store::OpenMode::read_write);
    if (!w) return std::move(w).error();
    m_writer = std::move(w).value();
    LogAppender* log = m_log.get();
    m_writer->set_seal([log](store::Database& db) { return log->seal(db); });
  }
  return m_writer.get();
}

std::optional<ledger::PublicKey> Service::preverify(const SignedStatement& parsed) {
  const ledger::Statement& s = parsed.statement;
  if (ledger::signed_by_log(s.kind())) return std::nullopt;
  const std::string name = ledger::officer_key_name(s.party, s.officer);
  std::optional<ledger::PublicKey> key;
  {
    std::lock_guard lock(m_keys_mutex);
    auto it = m_keys.find(name);
    if (it == m_keys.end()) {
      if (!m_keys_reader) {
        auto db = store::Database::open(m_db_path, store::OpenMode::read_only);
        if (db) m_keys_reader = std::make_unique<store::Database>(std::move(db).value());
      }
      if (m_keys_reader) {
        auto row = store::find_officer(*m_keys_reader, s.party, s.officer);
        if (row && *row)
          if (auto k = ledger::parse_vkey((*row)->vkey)) it = m_keys.emplace(name, *k).first;
      }
    }
    if (it == m_keys.end()) return std::nullopt;
    key = it->second;
  }
  if (ledger::check_statement_signature(parsed.note, *key)) return key;
  return std::nullopt;
}

// Many signatures are verified on every core (the caller's thread among
// them), before the writer: 64 are some 3 ms on one core.
std::vector<std::optional<ledger::PublicKey>> Service::preverify_all(
    std::span<const SignedStatement> notes) {
  std::vector<std::optional<ledger::PublicKey>> out(notes.size());
  constexpr std::size_t k_per_thread = 8;  // fewer are not worth a thread
  const std::size_t threads =
      std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()),
                            (notes.size() + k_per_thread - 1) / k_per_thread);
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < notes.size();) out[i] = preverify(notes[i]);
  };
  {
    std::vector<std::jthread> helpers;
    for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
    work();
  }  // joined here, before `out` is returned
  return out;
}

core::Result<store::Writer*> Service::log_writer() {
  auto w = writer();
  if (!w) return w;
  if (auto k = m_log->check_key(); !k) return std::move(k).error();
  return w;
}

core::Result<Applied> Service::submit(std::string_view note) {
  auto parsed = parse_signed_statement(note);
  if (!parsed) return std::move(parsed).error();
  return submit(*parsed);
}

core::Result<Applied> Service::submit(const SignedStatement& note) {
  auto w = log_writer();
  if (!w) return std::move(w).error();
  // Verified here when the signer's key is known; else in the writer.
  const std::optional<ledger::PublicKey> verified = preverify(note);
  ApplyContext ctx{&m_config, &m_log_public, m_env.now(), m_log.get(),
                   verified ? &*verified : nullptr};
  core::Result<Applied> out = core::make_error(core::Errc::internal, "not run");
  auto committed = (*w)->submit([&](store::Database& db) -> core::Result<void> {
    out = apply_statement(db, ctx, note);
    if (!out) return out.error();
    return {};
  });
  if (!committed) return std::move(committed).error();
  return out;
}

std::vector<core::Result<Applied>> Service::submit_all(std::span<const std::string> notes) {
  // Each parsed once; those that do not parse keep their error.
  std::vector<core::Result<Applied>> out(notes.size(),
                                         core::make_error(core::Errc::internal, "not run"));
  std::vector<SignedStatement> parsed;
  std::vector<std::size_t> at;  // the position of each parsed one
  for (std::size_t i = 0; i < notes.size(); ++i) {
    auto p = parse_signed_statement(notes[i]);
    if (!p) {
      out[i] = std::move(p).error();
      continue;
    }
    parsed.push_back(std::move(p).value());
    at.push_back(i);
  }
  auto applied = submit_all(std::span<const SignedStatement>(parsed));
  for (std::size_t k = 0; k < at.size(); ++k) out[at[k]] = std::move(applied[k]);
  return out;
}

std::vector<core::Result<Applied>> Service::submit_all(std::span<const SignedStatement> notes) {
  std::vector<core::Result<Applied>> out(notes.size(),
                                         core::make_error(core::Errc::internal, "not run"));
  auto w = log_writer();
  if (!w) {
    for (auto& r : out) r = w.error();
    return out;
  }
  const std::vector<std::optional<ledger::PublicKey>> verified = preverify_all(notes);
  const core::Timestamp now = m_env.now();
  auto committed = (*w)->submit([&](store::Database& db) -> core::Result<void> {
    for (std::size_t i = 0; i < notes.size(); ++i) {
      ApplyContext ctx{&m_config, &m_log_public, now, m_log.get(),
                       verified[i] ? &*verified[i] : nullptr};
      out[i] = store::in_savepoint(db, [&] { return apply_statement(db, ctx, notes[i]); });
      // A refusal wrote nothing; a store failure aborts the transaction.
      if (!out[i] && out[i].error().code == core::Errc::internal) return out[i].error();
    }
    return {};
  });
  if (!committed)
    for (auto& r : out) r = committed.error();
  return out;
}

// Key history: a statement signed by the log key, which this process holds.
core::Result<void> Service::submit_key_statement(ledger::Statement s) {
  auto w = log_writer();
  if (!w) return std::move(w).error();
  s.log = m_config.log.origin;
  s.time = m_env.now();
  auto body = ledger::format_statement(s);
  if (!body) return std::move(body).error();
  auto sig = m_log->sign(*body);
  if (!sig) return std::move(sig).error();
  auto r = submit(ledger::format_note({*body, {*sig}}));
  if (!r) return std::move(r).error();
  return {};
}

core::Result<void> Service::add_officer(std::string_view party, std::string_view name,
                                        std::string_view vkey) {
  auto key = ledger::parse_vkey(vkey);
  if (!key) return std::move(key).error();
  ledger::Statement s;
  s.party = party;
  s.officer = name;
  s.body = ledger::OfficerAdd{ledger::format_vkey(*key)};
  return submit_key_statement(std::move(s));
}

core::Result<void> Service::revoke_officer(std::string_view party, std::string_view name) {
  ledger::Statement s;
  s.body = ledger::OfficerRevoke{};
  s.party = party;
  s.officer = name;
  return submit_key_statement(std::move(s));
}

core::Result<void> Service::rotate_officer(std::string_view party, std::string_view name,
                                           std::string_view vkey) {
  auto key = ledger::parse_vkey(vkey);
  if (!key) return core::refuse("bad-key", "key: " + key.error().message);
  auto db = reader();
  if (!db) return std::move(db).error();
  auto current = store::find_officer(**db, party, name);
  if (!current) return std::move(current).error();
  if (!*current)
    return core::refuse("unknown-key",
                        "no officer " + ledger::officer_key_name(party, name) + " is registered");
  ledger::Statement s;
  s.party = party;
  s.officer = name;
  s.body = ledger::OfficerRotate{ledger::format_vkey(*key), (*current)->vkey};
  auto r = submit_key_statement(std::move(s));
  // The key preverify cached for this officer is retired now.
  std::lock_guard lock(m_keys_mutex);
  m_keys.erase(ledger::officer_key_name(party, name));
  return r;
}

core::Result<std::vector<OfficerKeyInfo>> Service::officer_keys(std::string_view party,
                                                                std::string_view name) {
  auto db = reader();
  if (!db) return std::move(db).error();
  auto rows = store::officer_keys(**db, party, name);
  if (!rows) return std::move(rows).error();
  std::vector<OfficerKeyInfo> out;
  for (auto& k : *rows) out.push_back({std::move(k.vkey), k.added_at, k.revoked_at, k.retired_at});
  return out;
}

core::Result<std::string> Service::add_cosignature(std::uint64_t size, std::string_view lines) {
  auto w = writer();
  if (!w) return std::move(w).error();
  core::Result<std::string> out = std::string();
  auto committed = (*w)->submit([&](store::Database& db) -> core::Result<void> {
    out = store_cosignature(db, size, lines);
    if (!out) return out.error();
    return {};
  });
  if (!committed) return std::move(committed).error();
  return out;
}

core::Result<std::vector<OfficerInfo>> Service::officers() {
  auto db = reader();
  if (!db) return std::move(db).error();
  auto rows = store::all_officers(**db);
  if (!rows) return std::move(rows).error();
  std::vector<OfficerInfo> out;
  for (auto& o : *rows)
    out.push_back({o.party, o.name, o.vkey,
                   o.type == static_cast<int>(ledger::KeyType::cosignature), o.added_at,
                   o.revoked_at});
  return out;
}

core::Result<store::Database*> Service::reader() {
  // The first thread keeps the connection open() made; every other thread
  // (the HTTP server's workers) opens its own on first use.
  const std::thread::id self = std::this_thread::get_id();
  std::lock_guard lock(m_readers_mutex);
  if (m_reader && m_reader_thread == self) return m_reader.get();
  if (!m_reader) {
    auto db = store::Database::open(m_db_path, store::OpenMode::read_only);
    if (!db) return std::move(db).error();
    m_reader = std::make_unique<store::Database>(std::move(db).value());
    m_reader_thread = self;
    return m_reader.get();
  }
  auto it = m_readers.find(self);
  if (it == m_readers.end()) {
    auto db = store::Database::open(m_db_path, store::OpenMode::read_only);
    if (!db) return std::move(db).error();
    it = m_readers.emplace(self, std::make_unique<store::Database>(std::move(db).value())).first;
  }
  return it->second.get();
}

core::Result<void> Service::write(std::function<core::Result<void>(store::Database&)> command) {
  auto w = writer();
  if (!w) return std::move(w).error();
  return (*w)->submit(std::move(command));
}

}  // namespace corridor::app
