// `corridor verify --db` with the projection check (app::verify_database:
// every entry's leaf and node hashes, every signature against the key
// history, every entry replayed into a scratch projection, every projection
// table compared, every identity and note checked against its hash), beside
// the raw crypto baseline measured in the same run: SHA-256 of every leaf
// plus Ed25519 verification of every entry's signature, from memory, one
// thread. Also verify_log alone (hashes and signatures, no projection).
//
//  1. a 1,000,000-entry log that replays: 250,000 medical cases, each
//     registered (who) and approved at its three stages (who, egypt, cogat);
//  2. optionally, a database made by `corridor demo` (scripts/bench.sh
//     builds one).
//
// usage: bench_verify [cases, default 250000] [DEMO_DB]
// The generated database lives in a fresh directory under $TMPDIR.

#include <corridor/app/apply.hpp>
#include <corridor/app/env.hpp>
#include <corridor/app/log.hpp>
#include <corridor/app/log_ops.hpp>
#include <corridor/app/replay.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/verify.hpp>
#include <corridor/core/snapshot.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <openssl/evp.h>
#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace corridor;
using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "bench_verify: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T need(core::Result<T> r, const char* what) {
  if (!r) fail(std::string(what) + ": " + r.error().message);
  return std::move(r).value();
}
void need(core::Result<void> r, const char* what) {
  if (!r) fail(std::string(what) + ": " + r.error().message);
}

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

class TempDir {
public:
  TempDir() {
    std::string p = (std::filesystem::temp_directory_path() / "corridor-bench-XXXXXX").string();
    if (!mkdtemp(p.data())) fail("mkdtemp");
    m_path = p;
  }
  ~TempDir() { std::filesystem::remove_all(m_path); }
  std::string file(const std::string& n) const { return (m_path / n).string(); }

private:
  std::filesystem::path m_path;
};

std::string sign(const ledger::Statement& s, const ledger::PrivateKey& key) {
  auto body = need(ledger::format_statement(s), "format");
  return ledger::format_note({body, {ledger::sign_note_text(body, key)}});
}

// What the baseline does for one entry: its text, signature and key.
struct Raw {
  std::string text;
  std::string sig;
  ledger::PublicKey key;
};

// The baseline: SHA-256 leaf hash and Ed25519 verification of every entry,
// from memory, one thread, each by the library corridor uses (the faster
// here: OpenSSL's SHA-256, libsodium's Ed25519; bench_ledger compares).
// Seconds.
double baseline(const std::vector<std::string>& notes, const std::vector<Raw>& raws) {
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const auto t = Clock::now();
  unsigned char leaf[32];
  for (const std::string& n : notes) {
    const unsigned char zero = 0;
    unsigned int len = 0;
    if (EVP_DigestInit_ex2(ctx, md, nullptr) != 1 || EVP_DigestUpdate(ctx, &zero, 1) != 1 ||
        EVP_DigestUpdate(ctx, n.data(), n.size()) != 1 || EVP_DigestFinal_ex(ctx, leaf, &len) != 1)
      fail("baseline SHA-256 failed");
  }
  EVP_MD_CTX_free(ctx);
  EVP_MD_free(md);
  for (const Raw& r : raws)
    if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(r.sig.data()),
                                    reinterpret_cast<const unsigned char*>(r.text.data()),
                                    r.text.size(), r.key.key.data()) != 0)
      fail("baseline verification failed");
  return since(t);
}

Raw raw_of(const std::string& note, const ledger::PublicKey& key) {
  auto n = need(ledger::parse_note(note), "parse note");
  return {n.text, n.signatures.front().signature, key};
}

void report(const char* what, std::uint64_t entries, double full, double plain, double base) {
  std::printf(
      "verify --db: %-10s %8llu entries: with projection %.1f s (%.2fx), hashes and signatures "
      "only %.1f s (%.2fx); baseline %.1f s raw SHA-256 + Ed25519 verify, one thread (target "
      "<= 2x)\n",
      what, static_cast<unsigned long long>(entries), full, full / base, plain, plain / base, base);
}

// Times verify_database and verify_log over `db`, and the baseline.
void measure(const char* what, store::Database& db, const core::Config& config,
             const app::VerifyPolicy& policy, const std::vector<std::string>& notes,
             const std::vector<Raw>& raws) {
  const auto t_full = Clock::now();
  auto rep = need(app::verify_database(db, config, policy), "verify_database");
  const double full = since(t_full);
  if (!rep.projection_checked || rep.entries != notes.size()) fail("verify_database: incomplete");
  auto source = app::database_source(db);
  const auto t_plain = Clock::now();
  need(app::verify_log(*source, policy), "verify_log");
  const double plain = since(t_plain);
  report(what, rep.entries, full, plain, baseline(notes, raws));
}

// --- 1: a generated log of medical cases ------------------------------------

constexpr core::Timestamp k_t0 = 1'767'000'000;  // 2025-12-29

store::Identity identity_of(std::size_t i) {
  store::Identity id;
  id.case_ref = "MOH-2026-" + std::to_string(1000000 + i);
  id.salt = std::string(16, '\0');
  for (int b = 0; b < 8; ++b) id.salt[b] = static_cast<char>((i >> (8 * b)) & 0xff);
  core::Person& p = id.person;
  p.name_ar = "مريض";
  p.name_en = "Bench Patient " + std::to_string(i);
  p.passport_no = "P" + std::to_string(10000000 + i);
  p.date_of_birth = core::Date{1980, 1, 1};
  p.nationality = "PSE";
  return id;
}

// Each case's four statements, signed: registration, referral, acceptance,
// security; the officers take turns.
void sign_case(std::size_t i, const std::string& origin, const core::Hash256& snapshot,
               const std::vector<std::vector<ledger::PrivateKey>>& by_party,
               std::vector<std::string>& notes, std::vector<Raw>& raws, std::size_t at) {
  static const char* k_party[] = {"who", "who", "egypt", "cogat"};
  static const char* k_stage[] = {"", "referral", "acceptance", "security"};
  // The log names the case by its public id, from its salt and ref.
  const store::Identity who = identity_of(i);
  const std::string id = core::public_id(core::case_key(who.salt), who.case_ref);
  for (int k = 0; k < 4; ++k) {
    const auto& key = by_party[k == 0 ? 0 : k - 1][i % by_party[0].size()];
    ledger::Statement s;
    s.log = origin;
    s.time = k_t0 + static_cast<core::Timestamp>(i / 50) + k;
    s.party = k_party[k];
    s.officer = key.public_key().name.substr(s.party.size() + 1);
    s.case_ref = id;
    if (k == 0)
      s.body = ledger::Registration{"medical", core::Direction::exit, "", snapshot};
    else
      s.body = ledger::Decision{k_stage[k], core::Outcome::approve, "", std::nullopt, snapshot};
    notes[at + k] = sign(s, key);
    raws[at + k] = raw_of(notes[at + k], key.public_key());
  }
}

void bench_generated(std::size_t cases) {
  TempDir dir;
  auto db = need(store::Database::open(dir.file("v.db"), store::OpenMode::create), "open");
  const core::Config config = need(app::load_config(std::nullopt), "config");
  const std::string origin = config.log.origin;
  auto log_key = ledger::PrivateKey::generate(origin, ledger::KeyType::ed25519);
  const ledger::PublicKey log_pub = log_key.public_key();
  app::LogAppender log(origin, log_key);

  std::vector<std::string> notes;
  std::vector<Raw> raws;
  std::vector<std::vector<ledger::PrivateKey>> by_party(3);
  const char* parties[] = {"who", "egypt", "cogat"};
  for (int p = 0; p < 3; ++p)
    for (int n = 0; n < 4; ++n) {
      const std::string name = "desk-" + std::to_string(n);
      by_party[p].push_back(ledger::PrivateKey::generate(std::string(parties[p]) + "/" + name,
                                                         ledger::KeyType::ed25519));
      ledger::Statement s;
      s.log = origin;
      s.time = k_t0 - 100;
      s.party = parties[p];
      s.officer = name;
      s.body = ledger::OfficerAdd{ledger::format_vkey(by_party[p].back().public_key())};
      notes.push_back(sign(s, log_key));
      raws.push_back(raw_of(notes.back(), log_pub));
    }
  const std::size_t first = notes.size();
  notes.resize(first + 4 * cases);
  raws.resize(first + 4 * cases);
  std::vector<store::Identity> ids(cases);
  std::vector<core::Hash256> snapshots(cases);
  const auto t_sign = Clock::now();
  auto work = [&](unsigned part, unsigned parts) {
    for (std::size_t i = part; i < cases; i += parts) {
      ids[i] = identity_of(i);
      snapshots[i] = core::snapshot_hash(ids[i].person, ids[i].salt);
      sign_case(i, origin, snapshots[i], by_party, notes, raws, first + 4 * i);
    }
  };
  std::thread helper(work, 1, 2);
  work(0, 2);
  helper.join();
  std::printf("verify --db: set-up: %zu statements signed in %.1f s\n", notes.size(),
              since(t_sign));

  // Applied as the store applies them live, signatures taken as verified.
  const auto t_apply = Clock::now();
  std::map<std::string, ledger::PublicKey> keys;
  for (auto& party : by_party)
    for (auto& k : party) keys.emplace(k.public_key().name, k.public_key());
  for (std::size_t i = 0; i < notes.size();) {
    need(db.exec("BEGIN"), "begin");
    for (std::size_t end = std::min(notes.size(), i + 20000); i < end; ++i) {
      if (i >= first && (i - first) % 4 == 0) {
        const std::size_t c = (i - first) / 4;
        need(store::insert_identity(db, snapshots[c], ids[c]), "identity");
        need(store::upsert_case_private(
                 db, {ids[c].case_ref, "urgent", "bench diagnosis", "2025-12-01", "", ""}),
             "case_private");
      }
      const ledger::PublicKey* pre = i >= first ? &raws[i].key : nullptr;
      const app::ApplyContext ctx{&config, &log_pub, std::nullopt, &log, pre};
      need(app::apply_statement(db, ctx, need(app::parse_signed_statement(notes[i]), "parse")),
           "apply");
    }
    need(log.seal(db), "seal");
    need(db.exec("COMMIT"), "commit");
  }
  std::printf("verify --db: set-up: applied and logged in %.1f s\n", since(t_apply));
  const app::VerifyPolicy policy{log_pub, origin, {}, 0, {}};
  measure("generated", db, config, policy, notes, raws);
}

// --- 2: a demo database ------------------------------------------------------

void bench_demo(const std::string& path) {
  auto env = app::system_env();
  auto svc = need(app::Service::open({path, true, std::nullopt}, *env), "open demo");
  store::Database& db = *need(svc->reader(), "reader");
  std::map<std::string, ledger::PublicKey> keys;
  for (const auto& o : need(svc->officers(), "officers"))
    keys.emplace(o.party + "/" + o.name, need(ledger::parse_vkey(o.vkey), "vkey"));
  std::vector<std::string> notes;
  std::vector<Raw> raws;
  const std::uint64_t size = need(store::log_size(db), "size");
  need(store::for_each_log_entry(db, 0, size,
                                 [&](std::uint64_t, std::string_view note) {
                                   notes.emplace_back(note);
                                   return true;
                                 }),
       "entries");
  for (const std::string& n : notes) {
    auto parsed = need(app::parse_signed_statement(n), "parse");
    const auto& s = parsed.statement;
    const auto it = keys.find(ledger::officer_key_name(s.party, s.officer));
    const ledger::PublicKey& key =
        ledger::signed_by_log(s.kind()) || it == keys.end() ? svc->log_key() : it->second;
    raws.push_back(raw_of(n, key));
  }
  measure("demo", db, svc->config(), app::policy_of(svc->config(), svc->log_key()), notes, raws);
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) fail("sodium_init");
  const std::size_t cases = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 250'000;
  if (argc > 2) bench_demo(argv[2]);
  if (cases > 0) bench_generated(cases);
  return 0;
}
