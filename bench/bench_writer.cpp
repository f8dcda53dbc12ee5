// Decisions committed durably per second through the group-committing
// Writer, with 1, 8 and 64 concurrent callers, beside a baseline measured
// in the same run: the same inserts, one transaction (one fsync) each, on a
// connection with the same settings (WAL, synchronous=FULL) but no Writer.
//
// usage: bench_writer [durable inserts per configuration, default 9600]
//                     [bulk inserts, default 200000]
// Each durable configuration (the writer with 1, 8 and 64 callers, and the
// baseline) makes the same number of inserts into its own database, so that
// the WAL file grows the same way in each.
// The databases live in a fresh directory under $TMPDIR (default /tmp); set
// TMPDIR to measure another disk.

#include <corridor/store/database.hpp>
#include <corridor/store/writer.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace {

using corridor::core::Result;
using corridor::store::Database;
using corridor::store::OpenMode;
using corridor::store::Writer;

constexpr int k_cases = 16;
constexpr int k_rounds = 5;

class TempDir {
public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "corridor-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    m_path = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(m_path); }
  std::string file(const std::string& name) const { return (m_path / name).string(); }
  std::string path() const { return m_path.string(); }

private:
  std::filesystem::path m_path;
};

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "bench_writer: %s\n", what.c_str());
  std::exit(1);
}

void check(const Result<void>& r, const char* what) {
  if (!r) fail(std::string(what) + ": " + r.error().message);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::array<std::uint8_t, 32> fake_hash(std::int64_t i) {
  std::array<std::uint8_t, 32> h{};
  for (std::size_t k = 0; k < h.size(); ++k) h[k] = static_cast<std::uint8_t>(i * 131 + k * 7);
  return h;
}

Result<void> insert_case(Database& db, int n) {
  auto salt = fake_hash(-n), snapshot = fake_hash(n);
  std::string ref = "RFH-2024-" + std::to_string(100000 + n);
  return db
      .prepare(
          "INSERT INTO cases(id, ref, direction, category, urgency, diagnosis, group_ref,"
          " requested_on, flags, name_ar, name_en, national_id, passport_no, date_of_birth, sex,"
          " nationality, phone, person_key, salt, snapshot, snapshot_at, registered_at, state,"
          " state_until, open) VALUES (?1, ?2, 'exit', 'medical', 'critical', 'C91.0', '',"
          " '2024-06-01', '', 'محمد أحمد', 'Mohammed Ahmed', ?3, 'P1234567', '2012-03-04', 'M',"
          " 'PS', '+970599000000', ?3, ?4, ?5, 1717200000, 1717200000, 'in_review', NULL, 1)")
      .bind(1, std::int64_t{n})
      .bind(2, ref)
      .bind(3, std::to_string(400000000 + n * 10))
      .bind_blob(4, salt)
      .bind_blob(5, snapshot)
      .run();
}

// One decision, as the decide use case will write it: a security approval
// over the case's snapshot, with an Ed25519 signature in base64.
Result<void> insert_decision(Database& db, std::int64_t i) {
  static const std::string k_signature(88, 'Q');
  auto snapshot = fake_hash(1 + i % k_cases);
  return db
      .prepare(
          "INSERT INTO decisions(case_id, stage, party, officer, outcome, reason, note, snapshot,"
          " at, signature) VALUES (?, 'security', 'cogat', 'cogat:officer-07', 'approve', '', '',"
          " ?, ?, ?)")
      .bind(1, 1 + i % k_cases)
      .bind_blob(2, snapshot)
      .bind(3, 1717200000 + i)
      .bind(4, k_signature)
      .run();
}

// Creates a database at `path` with the real schema and the cases to decide on.
void prepare_database(const std::string& path) {
  auto db = Database::open(path, OpenMode::create);
  if (!db) fail(db.error().message);
  check(db->exec("BEGIN"), "BEGIN");
  for (int n = 1; n <= k_cases; ++n) check(insert_case(*db, n), "insert case");
  check(db->exec("COMMIT"), "COMMIT");
}

// What one configuration did, summed over the rounds.
struct Tally {
  double seconds = 0;
  std::int64_t inserts = 0;
  std::int64_t batches = 0;
  double rate() const { return static_cast<double>(inserts) / seconds; }
};

// `callers` threads submit `each` decisions apiece through one Writer.
void run_writer(const std::string& path, int callers, int each, std::int64_t first, Tally& tally) {
  auto writer = Writer::open(path, OpenMode::read_write);
  if (!writer) fail(writer.error().message);
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < callers; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < each; ++i) {
        std::int64_t id = first + std::int64_t{t} * each + i;
        check((*writer)->submit([id](Database& db) { return insert_decision(db, id); }), "submit");
      }
    });
  }
  for (auto& thread : threads) thread.join();
  tally.seconds += seconds_since(start);
  auto stats = (*writer)->stats();
  tally.inserts += stats.commands;
  tally.batches += stats.batches;
}

// One transaction per insert: SQLite's autocommit, one fsync each.
void run_baseline(const std::string& path, int inserts, std::int64_t first, Tally& tally) {
  auto db = Database::open(path, OpenMode::read_write);
  if (!db) fail(db.error().message);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < inserts; ++i) check(insert_decision(*db, first + i), "insert");
  tally.seconds += seconds_since(start);
  tally.inserts += inserts;
  tally.batches += inserts;
}

// Every insert in one transaction: the ceiling no durable writer can beat.
void run_bulk(const std::string& path, int inserts) {
  prepare_database(path);
  auto db = Database::open(path, OpenMode::read_write);
  if (!db) fail(db.error().message);
  auto start = std::chrono::steady_clock::now();
  check(db->exec("BEGIN"), "BEGIN");
  for (int i = 0; i < inserts; ++i) check(insert_decision(*db, i), "insert");
  check(db->exec("COMMIT"), "COMMIT");
  double elapsed = seconds_since(start);
  std::printf("bulk: all inserts in one transaction               %9.0f/s  (%d inserts)\n",
              inserts / elapsed, inserts);
}

void print_writer(int callers, const Tally& t) {
  std::printf(
      "writer: %2d caller%s %9.0f decisions/s  (%lld decisions, batches: %lld, mean batch %.1f)\n",
      callers, callers == 1 ? " " : "s", t.rate(), static_cast<long long>(t.inserts),
      static_cast<long long>(t.batches),
      static_cast<double>(t.inserts) / static_cast<double>(t.batches));
}

int arg_or(int argc, char** argv, int index, int fallback) {
  return argc > index ? std::atoi(argv[index]) : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  int durable = arg_or(argc, argv, 1, 9600);
  int bulk = arg_or(argc, argv, 2, 200000);
  TempDir dir;
  std::printf("databases in %s (WAL, synchronous=FULL), %d rounds\n", dir.path().c_str(), k_rounds);
  const int callers[] = {1, 8, 64};
  std::vector<std::string> paths;
  for (int c : callers) paths.push_back(dir.file("writer" + std::to_string(c) + ".db"));
  paths.push_back(dir.file("baseline.db"));
  for (auto& path : paths) prepare_database(path);

  // Rounds interleave the configurations, so that a disk shared with other
  // work slows them all alike.
  std::vector<Tally> tallies(paths.size());
  int per_round = durable / k_rounds;
  for (int round = 0; round < k_rounds; ++round) {
    std::int64_t first = std::int64_t{round} * per_round;
    for (std::size_t k = 0; k < std::size(callers); ++k) {
      run_writer(paths[k], callers[k], per_round / callers[k], first, tallies[k]);
    }
    run_baseline(paths.back(), per_round, first, tallies.back());
  }
  for (std::size_t k = 0; k < std::size(callers); ++k) print_writer(callers[k], tallies[k]);
  std::printf("baseline: one commit per insert, synchronous=FULL  %9.0f/s  (%lld inserts)\n",
              tallies.back().rate(), static_cast<long long>(tallies.back().inserts));
  run_bulk(dir.file("bulk.db"), bulk);
}
