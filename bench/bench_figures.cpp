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

Log generate(std::size_t cases, const std::string& origin) {
  Log log;
  log.log_key = std::make_unique<ledger::PrivateKey>(
      ledger::PrivateKey::generate(origin, ledger::KeyType::ed25519));
  log.log_pub = log.log_key->public_key();
  const char* parties[] = {"who", "egypt", "cogat", "pa"};
  std::vector<ledger::PrivateKey> keys;
  for (const char* p : parties) {
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
  // Registrations spread over 200 days; each case's decisions follow.
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
  // Statements in time order; registrations of one day form one batch.
  static const char* stage[] = {"", "referral", "acceptance", "security"};
  std::vector<std::pair<ledger::Statement, int>> todo;  // statement, signer
  std::size_t at = 0;
  while (at < events.size()) {
    const core::Timestamp day = (events[at].time - k_t0) / k_day;
    std::vector<std::string> rows;
    std::vector<std::pair<ledger::Statement, int>> others;
    core::Timestamp batch_time = 0;
    for (; at < events.size() && (events[at].time - k_t0) / k_day == day; ++at) {
      const Event& e = events[at];
      if (e.step == 0) {
        if (rows.empty()) batch_time = e.time;
        rows.push_back(
            need(ledger::format_row({ref_of(e.case_idx), "medical", core::Direction::exit, "",
                                     snapshot_of(e.case_idx)}),
                 "row"));
        continue;
      }
      ledger::Statement s;
      s.log = origin;
      s.time = e.time;
      s.officer = "desk";
      s.case_ref = ref_of(e.case_idx);
      if (e.step == 4) {
        s.party = "pa";
        s.body = ledger::GateEvent{core::utc_date(e.time), ledger::GateOutcome::crossed, "",
                                   snapshot_of(e.case_idx)};
        others.emplace_back(std::move(s), 3);
        continue;
      }
      s.party = parties[e.step - 1];
      const bool deny = e.step == 3 && e.case_idx % 10 == 9;
      s.body =
          ledger::Decision{stage[e.step], deny ? core::Outcome::deny : core::Outcome::approve,
                           deny ? "security-refusal" : "", std::nullopt, snapshot_of(e.case_idx)};
      others.emplace_back(std::move(s), e.step - 1);
    }
    if (!rows.empty()) {
      std::vector<ledger::Hash> leaves;
      for (const auto& r : rows) leaves.push_back(ledger::leaf_hash(r));
      ledger::RegistrationBatch b{origin, batch_time,  "who",
                                  "desk", rows.size(), ledger::batch_root(leaves)};
      auto body = need(ledger::format_batch(b), "batch");
      log.entries.push_back(ledger::format_note({body, {ledger::sign_note_text(body, keys[0])}}));
      for (auto& r : rows) log.entries.push_back(std::move(r));
    }
    const std::size_t first = log.entries.size();
    log.entries.resize(first + others.size());
    auto sign = [&](unsigned part, unsigned parts) {
      for (std::size_t k = part; k < others.size(); k += parts) {
        auto body = need(ledger::format_statement(others[k].first), "format");
        log.entries[first + k] = ledger::format_note(
            {body,
             {ledger::sign_note_text(body, keys[static_cast<std::size_t>(others[k].second)])}});
      }
    };
    std::thread helper(sign, 1, 2);
    sign(0, 2);
    helper.join();
  }
  return log;
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
  app::LogAppender appender(config.log.origin, *log.log_key);
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
  std::printf("figures: set-up: logged and checkpointed in %.1f s\n", since(t));
  const std::uint64_t size = log.entries.size();
  log.entries.clear();
  log.entries.shrink_to_fit();

  // Baseline: the same entries read alone.
  t = Clock::now();
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
  auto f = need(app::figures_from_database(db, config, log.log_pub), "figures");
  const double figures = since(t), figures_cpu = cpu_since(c);
  std::printf(
      "figures --db: %llu entries (%.0f MB, %zu days): figures %.2f s wall, %.2f s CPU "
      "(%.1fx CPU); baseline: reading the same entries alone %.2f s wall, %.2f s CPU\n",
      static_cast<unsigned long long>(size), static_cast<double>(bytes) / 1e6, days_in(f.json),
      figures, figures_cpu, figures_cpu / read_cpu, read, read_cpu);

  if (with_dir) {
    t = Clock::now();
    need(app::export_log(db, config, log.log_pub, dir + "/export"), "export");
    std::printf("figures: set-up: exported in %.1f s\n", since(t));
    t = Clock::now();
    c = std::clock();
    auto fd = need(app::figures_from_directory(dir + "/export", config), "figures DIR");
    const double with_verify = since(t), with_verify_cpu = cpu_since(c);
    if (fd.json != f.json) fail("figures DIR and --db differ");
    auto policy = need(app::read_export_policy(dir + "/export"), "policy");
    auto source = need(app::directory_source(dir + "/export"), "source");
    t = Clock::now();
    c = std::clock();
    need(app::verify_log(*source, policy), "verify");
    const double verify = since(t), verify_cpu = cpu_since(c);
    std::printf(
        "figures DIR:  %llu entries: verified and figured %.2f s wall, %.2f s CPU (%.2fx CPU); "
        "baseline: verify_log alone over the same export %.2f s wall, %.2f s CPU\n",
        static_cast<unsigned long long>(size), with_verify, with_verify_cpu,
        with_verify_cpu / verify_cpu, verify, verify_cpu);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
