// The log's three targets (DESIGN.md), each beside a baseline measured in
// the same run:
//
//  1. Durable signed decisions per second through Service::submit (verify,
//     apply, append to the Merkle log, group commit with a signed
//     checkpoint per batch), with 1 and with 8 submitters. Baseline:
//     libsodium Ed25519 verification alone, one thread, over the same notes.
//  2. Latency from submit to inclusion in a signed checkpoint, p50 and p99
//     (submit returns once its batch, checkpoint included, is durable).
//  3. `corridor verify` of a 1,000,000-entry log (verify_log over the
//     database), beside the raw SHA-256 leaf hashes plus Ed25519
//     verifications of the same entries, one thread.
//
// Submitters send one statement per call, or 64 (an officer's bulk
// approval, Service::submit_all); a call returns once durable.
//
// usage: bench_ledger [decisions per configuration, default 6000]
//                     [log entries to verify, default 1000000]
// Databases live in a fresh directory under $TMPDIR (default /tmp).

#include <corridor/app/apply.hpp>
#include <corridor/app/env.hpp>
#include <corridor/app/log.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/verify.hpp>
#include <corridor/demo/data.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/database.hpp>

#include <openssl/evp.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace corridor;
using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "bench_ledger: %s\n", what.c_str());
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

// The text and raw signature of a one-signature note, for the baselines.
struct Raw {
  std::string text;
  std::string sig;
  const ledger::PublicKey* key;
};

Raw raw_of(const std::string& note, const ledger::PublicKey& key) {
  auto n = need(ledger::parse_note(note), "parse note");
  return {n.text, n.signatures.front().signature, &key};
}

// Ed25519 verifications per second, one thread.
double verify_rate(const std::vector<Raw>& raws) {
  const auto t = Clock::now();
  for (const Raw& r : raws)
    if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(r.sig.data()),
                                    reinterpret_cast<const unsigned char*>(r.text.data()),
                                    r.text.size(), r.key->key.data()) != 0)
      fail("baseline verification failed");
  return static_cast<double>(raws.size()) / since(t);
}

// The same, through OpenSSL 3 (EVP, a key object per note as a verifier
// holding many officers' keys would make).
double verify_rate_openssl(const std::vector<Raw>& raws) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const auto t = Clock::now();
  for (const Raw& r : raws) {
    EVP_PKEY* key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, r.key->key.data(),
                                                r.key->key.size());
    const bool ok =
        key && EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key) == 1 &&
        EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(r.sig.data()), r.sig.size(),
                         reinterpret_cast<const unsigned char*>(r.text.data()), r.text.size()) == 1;
    EVP_PKEY_free(key);
    EVP_MD_CTX_reset(ctx);
    if (!ok) fail("OpenSSL verification failed");
  }
  const double rate = static_cast<double>(raws.size()) / since(t);
  EVP_MD_CTX_free(ctx);
  return rate;
}

// Leaf hashes (SHA-256 of 0x00 || note) per second over `notes` (`reps`
// times), one thread, by libsodium and by OpenSSL 3 (EVP, one context reused).
std::pair<double, double> leaf_hash_rates(const std::vector<std::string>& notes, int reps) {
  unsigned char out[32];
  const unsigned char zero = 0;
  auto t = Clock::now();
  for (int rep = 0; rep < reps; ++rep)
    for (const std::string& n : notes) {
      crypto_hash_sha256_state h;
      crypto_hash_sha256_init(&h);
      crypto_hash_sha256_update(&h, &zero, 1);
      crypto_hash_sha256_update(&h, reinterpret_cast<const unsigned char*>(n.data()), n.size());
      crypto_hash_sha256_final(&h, out);
    }
  const double sodium = reps * static_cast<double>(notes.size()) / since(t);
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  t = Clock::now();
  for (int rep = 0; rep < reps; ++rep)
    for (const std::string& n : notes) {
      unsigned int len = 0;
      if (EVP_DigestInit_ex2(ctx, md, nullptr) != 1 || EVP_DigestUpdate(ctx, &zero, 1) != 1 ||
          EVP_DigestUpdate(ctx, n.data(), n.size()) != 1 || EVP_DigestFinal_ex(ctx, out, &len) != 1)
        fail("OpenSSL SHA-256 failed");
    }
  const double openssl = reps * static_cast<double>(notes.size()) / since(t);
  EVP_MD_CTX_free(ctx);
  EVP_MD_free(md);
  return {sodium, openssl};
}

// Which Ed25519 verify and SHA-256 are fastest here, on the same notes;
// ledger/key.cpp and ledger/merkle.cpp use the faster of each.
void bench_crypto(const std::vector<Raw>& raws) {
  const double sodium = verify_rate(raws);
  const double openssl = verify_rate_openssl(raws);
  std::printf(
      "crypto: Ed25519 verify          libsodium %8.0f/s, OpenSSL 3 %8.0f/s (one thread, the same "
      "notes); corridor uses libsodium\n",
      sodium, openssl);
  std::vector<std::string> notes;
  for (const Raw& r : raws) notes.push_back(r.text + r.sig);
  const auto [sodium_hash, openssl_hash] = leaf_hash_rates(notes, 20);
  std::printf(
      "crypto: SHA-256 leaf hash       libsodium %8.0f/s, OpenSSL 3 %8.0f/s (one thread, the same "
      "notes); corridor uses OpenSSL\n",
      sodium_hash, openssl_hash);
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// --- 1 and 2: decisions through the Service --------------------------------

void bench_decisions(int per_config) {
  TempDir dir;
  auto env = app::system_env();
  auto svc = need(app::Service::init(dir.file("d.db"), std::nullopt, *env), "init");
  std::vector<ledger::PrivateKey> who;
  for (int i = 0; i < 8; ++i) {
    const std::string name = "bench-" + std::to_string(i);
    who.push_back(ledger::PrivateKey::generate("who/" + name, ledger::KeyType::ed25519));
    need(svc->add_officer("who", name, ledger::format_vkey(who.back().public_key())), "officer");
  }
  auto pa = ledger::PrivateKey::generate("pa/bench", ledger::KeyType::ed25519);
  need(svc->add_officer("pa", "bench", ledger::format_vkey(pa.public_key())), "officer");

  demo::DemoOptions gen;
  gen.patients = 3 * per_config;
  gen.today = core::Date{2026, 1, 1};
  std::ostringstream csv;
  need(demo::write_demo_csv(gen, csv), "demo data");
  const auto t_import = Clock::now();
  auto imported = need(svc->import_csv("bench.csv", csv.str(), false, pa), "import");
  if (!imported.committed) fail("import did not commit");
  std::printf("decisions: set-up: %lld cases imported in %.1f s\n",
              static_cast<long long>(imported.rows), since(t_import));

  app::CaseFilter medical;
  medical.category = "medical";
  auto cases = need(svc->list_cases(medical), "list");
  if (cases.size() < static_cast<std::size_t>(3 * per_config)) fail("too few medical cases");

  std::vector<Raw> raws;
  std::size_t next_case = 0;
  struct Config {
    int submitters;
    std::size_t batch;  // statements per submit call
  };
  for (Config cfg : {Config{1, 1}, Config{8, 1}, Config{8, 64}}) {
    const int submitters = cfg.submitters;
    // Signed before the clock starts: signing is the officers' work.
    std::vector<std::vector<std::string>> notes(submitters);
    for (int i = 0; i < per_config; ++i) {
      const int t = i % submitters;
      const auto& c = cases[next_case++];
      ledger::Statement s;
      s.log = svc->config().log.origin;
      s.time = env->now();
      s.party = "who";
      s.officer = "bench-" + std::to_string(t);
      s.case_ref = need(svc->public_id(c.ref), "public id");
      s.body = ledger::Decision{"referral", core::Outcome::approve, "", std::nullopt,
                                need(svc->get_case(c.ref), "case").record.snapshot};
      notes[t].push_back(sign(s, who[t]));
      if (cfg.batch == 64) raws.push_back(raw_of(notes[t].back(), who[t].public_key()));
    }
    std::vector<std::vector<double>> latency(submitters);
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < submitters; ++t)
      threads.emplace_back([&, t] {
        const auto& mine = notes[t];
        for (std::size_t i = 0; i < mine.size(); i += cfg.batch) {
          const std::size_t n = std::min(cfg.batch, mine.size() - i);
          const auto t0 = Clock::now();
          if (n == 1) {
            auto r = svc->submit(mine[i]);
            if (!r) fail("submit: " + r.error().message);
          } else {
            for (auto& r : svc->submit_all({mine.data() + i, n}))
              if (!r) fail("submit_all: " + r.error().message);
          }
          latency[t].push_back(since(t0) * 1000);
        }
      });
    for (auto& th : threads) th.join();
    const double secs = since(start);
    std::vector<double> all;
    for (auto& l : latency) all.insert(all.end(), l.begin(), l.end());
    std::printf(
        "decisions: %d submitter(s) x %2zu  %8.0f signed decisions/s durable (verify, apply, log, "
        "checkpoint, commit); latency to a signed checkpoint p50 %.2f ms, p99 %.2f ms\n",
        submitters, cfg.batch, per_config / secs, percentile(all, 0.5), percentile(all, 0.99));
  }
  std::printf(
      "decisions: baseline             %8.0f Ed25519 verifications/s (libsodium, one "
      "thread, the same notes)\n",
      verify_rate(raws));
  bench_crypto(raws);
}

// --- 3: verifying a large log -----------------------------------------------

void bench_verify(std::uint64_t entries) {
  TempDir dir;
  auto db = need(store::Database::open(dir.file("v.db"), store::OpenMode::create), "open");
  const std::string origin = "corridor.rafah/log";
  auto log_key = ledger::PrivateKey::generate(origin, ledger::KeyType::ed25519);
  app::LogAppender log(origin, log_key);

  // Key history: eight officers, registered by the log key.
  std::vector<ledger::PrivateKey> officers;
  std::vector<std::string> notes;
  for (int i = 0; i < 8; ++i) {
    officers.push_back(
        ledger::PrivateKey::generate("cogat/desk-" + std::to_string(i), ledger::KeyType::ed25519));
    ledger::Statement s;
    s.log = origin;
    s.time = 1'764'000'000;
    s.party = "cogat";
    s.officer = "desk-" + std::to_string(i);
    s.body = ledger::OfficerAdd{ledger::format_vkey(officers.back().public_key())};
    notes.push_back(sign(s, log_key));
  }
  // Decisions, signed on every core.
  const std::size_t first = notes.size();
  notes.resize(first + entries);
  std::vector<Raw> raws(entries);
  const auto t_sign = Clock::now();
  auto work = [&](unsigned part, unsigned parts) {
    ledger::Statement s;
    s.log = origin;
    s.party = "cogat";
    s.body = ledger::Decision{"security", core::Outcome::approve, "", std::nullopt, {}};
    auto& decision = std::get<ledger::Decision>(s.body);
    for (std::uint64_t i = part; i < entries; i += parts) {
      const auto& key = officers[i % officers.size()];
      s.officer = "desk-" + std::to_string(i % officers.size());
      s.time = 1'764'000'000 + static_cast<core::Timestamp>(i / 100);
      char id[33];  // a public id (docs/log_format.md): 32 hex digits
      std::snprintf(id, sizeof id, "%032llx", static_cast<unsigned long long>(100000 + i));
      s.case_ref = id;
      crypto_hash_sha256(decision.snapshot.data(), reinterpret_cast<const unsigned char*>(&i),
                         sizeof i);
      notes[first + i] = sign(s, key);
      raws[i] = raw_of(notes[first + i], key.public_key());
    }
  };
  std::thread helper(work, 1, 2);
  work(0, 2);
  helper.join();
  std::printf("verify: set-up: %llu statements signed in %.1f s\n",
              static_cast<unsigned long long>(notes.size()), since(t_sign));

  const auto t_append = Clock::now();
  for (std::size_t i = 0; i < notes.size();) {
    need(db.exec("BEGIN"), "begin");
    for (std::size_t end = std::min(notes.size(), i + 20000); i < end; ++i)
      need(log.append(db, notes[i]), "append");
    need(log.seal(db), "seal");
    need(db.exec("COMMIT"), "commit");
  }
  std::printf("verify: set-up: appended in %.1f s\n", since(t_append));

  app::VerifyPolicy policy{log_key.public_key(), origin, {}, 0, {}};
  auto source = app::database_source(db);
  const auto t_verify = Clock::now();
  auto report = need(app::verify_log(*source, policy), "verify");
  const double verify_secs = since(t_verify);

  // Baseline: the leaf hash (SHA-256 of 0x00 || entry) and the signature of
  // every entry, from memory, one thread, each by the faster library here.
  const auto [sodium_hash, openssl_hash] = leaf_hash_rates(notes, 1);
  const double hash_secs = static_cast<double>(notes.size()) / std::max(sodium_hash, openssl_hash);
  const double sig_secs = static_cast<double>(raws.size()) / verify_rate(raws);
  const double raw_secs = hash_secs + sig_secs;
  std::printf(
      "verify: corridor verify        %llu entries in %.1f s (every leaf and node hash, every "
      "signature against the key history, %llu checkpoints)\n",
      static_cast<unsigned long long>(report.entries), verify_secs,
      static_cast<unsigned long long>(report.checkpoints));
  std::printf(
      "verify: baseline               %.1f s raw SHA-256 (%.1f s) + Ed25519 verify (%.1f s) of the "
      "same entries, one thread; ratio %.2fx (target <= 2x)\n",
      raw_secs, hash_secs, sig_secs, verify_secs / raw_secs);
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) fail("sodium_init");
  const int decisions = argc > 1 ? std::atoi(argv[1]) : 6000;
  const std::uint64_t entries = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1'000'000;
  if (decisions > 0) bench_decisions(decisions);
  if (entries > 0) bench_verify(entries);
  return 0;
}
