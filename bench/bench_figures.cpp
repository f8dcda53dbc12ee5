// The public figures (app::figures_from_database, what `corridor figures
// --db` and GET /api/v1/public/figures run: every entry up to the
// checkpoint read, parsed and folded into the figures) over a
// 1,000,000-entry log, beside the baseline measured in the same run:
// reading the same entries alone (store::for_each_log_entry, the bytes
// touched and nothing else). Also the figures of an export
// (figures_from_directory: every entry verified as `corridor verify DIR`
// does, then the figures) beside verify_log alone over the same directory.
//
// The log: 240,000 medical cases over about 200 days, registered in daily
// registration batches (row entries), each decided at its three stages
// (who, egypt, cogat; one in ten denied at security), one in six crossing
// ten days after registering; security approvals expire after 14 days
// (Rafah's valid_days), so the expiry heap works too.
//
// usage: bench_figures [cases, default 240000] [--no-dir]
// The database lives in a fresh directory under $TMPDIR.

#include <corridor/app/figures.hpp>
#include <corridor/app/log.hpp>
#include <corridor/app/log_ops.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/verify.hpp>
#include <corridor/ledger/merkle.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/registration_batch.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace corridor;
using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "bench_figures: %s\n", what.c_str());
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
// How many days the figures list.
std::size_t days_in(const std::string& json) {
  std::size_t n = 0;
  for (auto at = json.find("\"date\":"); at != std::string::npos;
       at = json.find("\"date\":", at + 1))
    ++n;
  return n;
}

// Process CPU seconds since `c` (the phases measured run on one thread):
// on a machine shared with other work, the wall time also counts waiting.
double cpu_since(std::clock_t c) { return static_cast<double>(std::clock() - c) / CLOCKS_PER_SEC; }

constexpr core::Timestamp k_t0 = 1'767'000'000;  // 2025-12-29
constexpr core::Timestamp k_day = 86'400;

core::Hash256 snapshot_of(std::size_t i) {
  core::Hash256 s{};
  std::memcpy(s.data(), &i, sizeof i);
  s[31] = 1;
  return s;
}
std::string ref_of(std::size_t i) { return "MOH-2026-" + std::to_string(1000000 + i); }

// An event of the log, before it is a statement: sorted by time.
struct Event {
  core::Timestamp time = 0;
  std::size_t case_idx = 0;
  int step = 0;  // 0 registration, 1..3 the stages, 4 crossed
};

struct Log {
  std::vector<std::string> entries;
  ledger::PublicKey log_pub;
  std::unique_ptr<ledger::PrivateKey> log_key;
};

const char* const k_parties[] = {"who", "egypt", "cogat", "pa"};

// The officers' keys, each registered by an officer-add the log key signs.
std::vector<ledger::PrivateKey> add_officers(Log& log, const std::string& origin) {
  std::vector<ledger::PrivateKey> keys;
  for (const char* p : k_parties) {
    keys.push_back(
        ledger::PrivateKey::generate(std::string(p) + "/desk", ledger::KeyType::ed25519));
    ledger::Statement s;
    s.log = origin;
    s.time = k_t0 - 100;
    s.party = p;
    s.officer = "desk";
    s.body = ledger::OfficerAdd{ledger::format_vkey(keys.back().public_key())};
    auto body = need(ledger::format_statement(s), "format");
    log.entries.push_back(
        ledger::format_note({body, {ledger::sign_note_text(body, *log.log_key)}}));
  }
  return keys;
}

// Registrations spread over 200 days; each case's decisions follow; in
// time order.
std::vector<Event> events_of(std::size_t cases) {
  std::vector<Event> events;
  const core::Timestamp span = 200 * k_day;
  for (std::size_t i = 0; i < cases; ++i) {
    const core::Timestamp reg = k_t0 + static_cast<core::Timestamp>(i) * span / cases;
    events.push_back({reg, i, 0});
    events.push_back({reg + 1 * k_day + 3600, i, 1});
    events.push_back({reg + 3 * k_day + 7200, i, 2});
    events.push_back({reg + 4 * k_day + 600, i, 3});
    if (i % 6 == 0 && i % 10 != 9) events.push_back({reg + 10 * k_day, i, 4});
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const Event& a, const Event& b) { return a.time < b.time; });
  return events;
}

// A decision (steps 1-3) or a crossing (4), and the index of its signer.
std::pair<ledger::Statement, std::size_t> statement_of(const Event& e, const std::string& origin) {
  static const char* stage[] = {"", "referral", "acceptance", "security"};
  ledger::Statement s;
  s.log = origin;
  s.time = e.time;
  s.officer = "desk";
  s.case_ref = ref_of(e.case_idx);
  if (e.step == 4) {
    s.party = "pa";
    s.body = ledger::GateEvent{core::utc_date(e.time), ledger::GateOutcome::crossed, "",
                               snapshot_of(e.case_idx)};
    return {std::move(s), 3};
  }
  s.party = k_parties[e.step - 1];
  const bool deny = e.step == 3 && e.case_idx % 10 == 9;
  s.body = ledger::Decision{stage[e.step], deny ? core::Outcome::deny : core::Outcome::approve,
                            deny ? "security-refusal" : "", std::nullopt, snapshot_of(e.case_idx)};
  return {std::move(s), static_cast<std::size_t>(e.step - 1)};
}

// Appends the day's registration batch (its statement, then its rows).
void add_batch(Log& log, const std::string& origin, core::Timestamp time,
               std::vector<std::string>& rows, const ledger::PrivateKey& key) {
  std::vector<ledger::Hash> leaves;
  for (const auto& r : rows) leaves.push_back(ledger::leaf_hash(r));
  ledger::RegistrationBatch b{origin, time, "who", "desk", rows.size(), ledger::batch_root(leaves)};
  auto body = need(ledger::format_batch(b), "batch");
  log.entries.push_back(ledger::format_note({body, {ledger::sign_note_text(body, key)}}));
  for (auto& r : rows) log.entries.push_back(std::move(r));
}

// Signs and appends statements, on two threads.
void add_signed(Log& log, const std::vector<std::pair<ledger::Statement, std::size_t>>& todo,
                const std::vector<ledger::PrivateKey>& keys) {
  const std::size_t first = log.entries.size();
  log.entries.resize(first + todo.size());
  auto sign = [&](unsigned part, unsigned parts) {
    for (std::size_t k = part; k < todo.size(); k += parts) {
      auto body = need(ledger::format_statement(todo[k].first), "format");
      log.entries[first + k] =
          ledger::format_note({body, {ledger::sign_note_text(body, keys[todo[k].second])}});
    }
  };
  std::thread helper(sign, 1, 2);
  sign(0, 2);
  helper.join();
}

Log generate(std::size_t cases, const std::string& origin) {
  Log log;
  log.log_key = std::make_unique<ledger::PrivateKey>(
      ledger::PrivateKey::generate(origin, ledger::KeyType::ed25519));
  log.log_pub = log.log_key->public_key();
  const std::vector<ledger::PrivateKey> keys = add_officers(log, origin);
  const std::vector<Event> events = events_of(cases);
  // Day by day: the day's registrations form one batch, then its other
  // statements follow.
  for (std::size_t at = 0; at < events.size();) {
    const core::Timestamp day = (events[at].time - k_t0) / k_day;
    std::vector<std::string> rows;
    std::vector<std::pair<ledger::Statement, std::size_t>> others;
    core::Timestamp batch_time = 0;
    for (; at < events.size() && (events[at].time - k_t0) / k_day == day; ++at) {
      const Event& e = events[at];
      if (e.step != 0) {
        others.push_back(statement_of(e, origin));
        continue;
      }
      if (rows.empty()) batch_time = e.time;
      rows.push_back(need(ledger::format_row({ref_of(e.case_idx), "medical", core::Direction::exit,
                                              "", snapshot_of(e.case_idx)}),
                          "row"));
    }
    if (!rows.empty()) add_batch(log, origin, batch_time, rows, keys[0]);
    add_signed(log, others, keys);
  }
  return log;
}

// Appends every entry to a new database's log and seals one checkpoint.
void store_log(store::Database& db, const std::string& origin, const Log& log) {
  app::LogAppender appender(origin, *log.log_key);
  for (std::size_t i = 0; i < log.entries.size(); i += 50'000) {
    const std::size_t n = std::min<std::size_t>(50'000, log.entries.size() - i);
    std::span<const std::string> part(log.entries.data() + i, n);
    std::vector<ledger::Hash> leaves;
    for (const auto& e : part) leaves.push_back(ledger::leaf_hash(e));
    need(db.exec("BEGIN"), "begin");
    need(appender.append_all(db, part, leaves), "append");
    if (i + n == log.entries.size()) need(appender.seal(db), "seal");
    need(db.exec("COMMIT"), "commit");
  }
}

// figures --db beside reading the same entries alone. The figures' JSON.
std::string measure_db(store::Database& db, const core::Config& config,
                       const ledger::PublicKey& log_pub, std::uint64_t size) {
  auto t = Clock::now();
  std::clock_t c = std::clock();
  std::uint64_t bytes = 0, seen = 0;
  need(store::for_each_log_entry(db, 0, size,
                                 [&](std::uint64_t, std::string_view e) {
                                   bytes += e.size();
                                   ++seen;
                                   return true;
                                 }),
       "read");
  const double read = since(t), read_cpu = cpu_since(c);
  if (seen != size) fail("read: short");
  t = Clock::now();
  c = std::clock();
  auto f = need(app::figures_from_database(db, config, log_pub), "figures");
  const double figures = since(t), figures_cpu = cpu_since(c);
  std::printf(
      "figures --db: %llu entries (%.0f MB, %zu days): figures %.2f s wall, %.2f s CPU "
      "(%.1fx CPU); baseline: reading the same entries alone %.2f s wall, %.2f s CPU\n",
      static_cast<unsigned long long>(size), static_cast<double>(bytes) / 1e6, days_in(f.json),
      figures, figures_cpu, figures_cpu / read_cpu, read, read_cpu);
  return f.json;
}

// figures DIR (verify, then the figures) beside verify_log alone, over an
// export of `db` to `out`; the same JSON as from the database.
void measure_dir(store::Database& db, const core::Config& config, const ledger::PublicKey& log_pub,
                 const std::string& out, const std::string& json) {
  auto t = Clock::now();
  need(app::export_log(db, config, log_pub, out), "export");
  std::printf("figures: set-up: exported in %.1f s\n", since(t));
  t = Clock::now();
  std::clock_t c = std::clock();
  auto fd = need(app::figures_from_directory(out, config), "figures DIR");
  const double with_verify = since(t), with_verify_cpu = cpu_since(c);
  if (fd.json != json) fail("figures DIR and --db differ");
  auto policy = need(app::read_export_policy(out), "policy");
  auto source = need(app::directory_source(out), "source");
  t = Clock::now();
  c = std::clock();
  need(app::verify_log(*source, policy), "verify");
  const double verify = since(t), verify_cpu = cpu_since(c);
  std::printf(
      "figures DIR:  %zu bytes of JSON: verified and figured %.2f s wall, %.2f s CPU (%.2fx "
      "CPU); baseline: verify_log alone over the same export %.2f s wall, %.2f s CPU\n",
      json.size(), with_verify, with_verify_cpu, with_verify_cpu / verify_cpu, verify, verify_cpu);
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) fail("sodium_init");
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each figure as it comes
  std::size_t cases = 240'000;
  bool with_dir = true;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--no-dir")
      with_dir = false;
    else
      cases = std::strtoull(argv[i], nullptr, 10);
  }
  std::string dir = (std::filesystem::temp_directory_path() / "corridor-bench-XXXXXX").string();
  if (!mkdtemp(dir.data())) fail("mkdtemp");
  const core::Config config = need(app::load_config(std::nullopt), "config");

  auto t = Clock::now();
  Log log = generate(cases, config.log.origin);
  std::printf("figures: set-up: %zu entries generated and signed in %.1f s\n", log.entries.size(),
              since(t));
  t = Clock::now();
  auto db = need(store::Database::open(dir + "/f.db", store::OpenMode::create), "open");
  store_log(db, config.log.origin, log);
  std::printf("figures: set-up: logged and checkpointed in %.1f s\n", since(t));
  const std::uint64_t size = log.entries.size();
  log.entries = {};

  const std::string json = measure_db(db, config, log.log_pub, size);
  if (with_dir) measure_dir(db, config, log.log_pub, dir + "/export", json);
  std::filesystem::remove_all(dir);
  return 0;
}
