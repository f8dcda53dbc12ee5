#include <corridor/store/writer.hpp>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <latch>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace corridor::store {
namespace {

using core::Errc;
using core::Result;
using namespace std::chrono_literals;

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "corridor-wr-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    m_path = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(m_path); }
  std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
  std::filesystem::path m_path;
};

std::unique_ptr<Writer> open_writer(const std::string& path) {
  auto writer = Writer::open(path, OpenMode::create);
  if (!writer) {
    ADD_FAILURE() << writer.error().message;
    return nullptr;
  }
  return std::move(writer).value();
}

// The tests write rows of the schema's own `meta` table, keyed by number.
Result<void> insert_row(Database& db, std::int64_t id) {
  return db.prepare("INSERT INTO meta(key, value) VALUES (?, 'row')")
      .bind(1, std::to_string(id))
      .run();
}

Writer::Command insert(std::int64_t id) {
  return [id](Database& db) { return insert_row(db, id); };
}

std::set<std::int64_t> rows_in(const std::string& path) {
  auto db = Database::open(path, OpenMode::read_only);
  EXPECT_TRUE(db) << db.error().message;
  std::set<std::int64_t> rows;
  auto& stmt = db->prepare("SELECT key FROM meta");
  while (*stmt.step()) rows.insert(std::stoll(std::string(stmt.column_text(0))));
  return rows;
}

std::string integrity(const std::string& path) {
  auto db = Database::open(path, OpenMode::read_write);  // recovers the WAL
  EXPECT_TRUE(db) << db.error().message;
  auto& stmt = db->prepare("PRAGMA integrity_check");
  EXPECT_TRUE(*stmt.step());
  return std::string(stmt.column_text(0));
}

// Waits until `done` holds; the bound only keeps a broken writer from hanging.
template <class Predicate>
bool eventually(Predicate done) {
  for (int i = 0; i < 10000 && !done(); ++i) std::this_thread::sleep_for(1ms);
  return done();
}

TEST(Writer, ReturnsEachCommandsResultToItsCaller) {
  TempDir dir;
  auto writer = open_writer(dir.file("c.db"));
  EXPECT_TRUE(writer->submit(insert(1)));
  auto refused = writer->submit([](Database&) -> Result<void> {
    return core::make_error(Errc::refused, "stage security is not open for party who");
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::refused);
  EXPECT_EQ(refused.error().message, "stage security is not open for party who");
  auto duplicate = writer->submit(insert(1));
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, Errc::conflict);
  EXPECT_EQ(writer->stats().commands, 3);
}

TEST(Writer, FailedCommandRollsBackOnlyItself) {
  TempDir dir;
  std::string path = dir.file("c.db");
  auto writer = open_writer(path);
  // Hold the writer inside a first batch until three commands wait behind
  // it, so that those three share the next batch.
  std::latch entered(1), release(1);
  std::thread gate([&] {
    EXPECT_TRUE(writer->submit([&](Database&) -> Result<void> {
      entered.count_down();
      release.wait();
      return {};
    }));
  });
  entered.wait();
  Result<void> a, b, c;
  std::thread ta([&] { a = writer->submit(insert(1)); });
  std::thread tb([&] {
    b = writer->submit([](Database& db) -> Result<void> {
      if (auto r = insert_row(db, 2); !r) return r;
      return core::make_error(Errc::refused, "changed my mind");
    });
  });
  std::thread tc([&] { c = writer->submit(insert(3)); });
  ASSERT_TRUE(eventually([&] { return writer->stats().queued == 3; }));
  release.count_down();
  for (auto* t : {&gate, &ta, &tb, &tc}) t->join();

  EXPECT_TRUE(a);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().message, "changed my mind");
  EXPECT_TRUE(c);
  EXPECT_EQ(writer->stats().batches, 2);
  EXPECT_EQ(rows_in(path), (std::set<std::int64_t>{1, 3}));
}

TEST(Writer, ConcurrentCallersShareBatches) {
  TempDir dir;
  std::string path = dir.file("c.db");
  auto writer = open_writer(path);
  // A slow commit lets callers pile up, as a slow disk would.
  writer->set_before_commit_hook([] { std::this_thread::sleep_for(1ms); });
  constexpr int k_threads = 8, k_each = 200;
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < k_threads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < k_each; ++i) {
        if (!writer->submit(insert(t * k_each + i))) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();

  EXPECT_EQ(failures, 0);
  auto stats = writer->stats();
  EXPECT_EQ(stats.commands, k_threads * k_each);
  EXPECT_LT(stats.batches, stats.commands);
  EXPECT_EQ(rows_in(path).size(), std::size_t{k_threads * k_each});
}

TEST(Writer, MaxBatchBoundsTheBatch) {
  TempDir dir;
  auto writer = open_writer(dir.file("c.db"));
  writer->set_max_batch(1);
  writer->set_before_commit_hook([] { std::this_thread::sleep_for(1ms); });
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) EXPECT_TRUE(writer->submit(insert(t * 10 + i)));
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(writer->stats().batches, 40);
}

TEST(Writer, CommittedDataIsVisibleToANewReader) {
  TempDir dir;
  std::string path = dir.file("c.db");
  auto writer = open_writer(path);
  ASSERT_TRUE(writer->submit(insert(7)));
  EXPECT_EQ(rows_in(path), (std::set<std::int64_t>{7}));  // while the writer is open
}

TEST(Writer, ThrowingCommandIsAnErrorAndTheWriterKeepsWorking) {
  TempDir dir;
  std::string path = dir.file("c.db");
  auto writer = open_writer(path);
  auto thrown = writer->submit([](Database& db) -> Result<void> {
    (void)insert_row(db, 1);
    throw std::runtime_error("disk on fire");
  });
  ASSERT_FALSE(thrown);
  EXPECT_EQ(thrown.error().code, Errc::internal);
  EXPECT_NE(thrown.error().message.find("disk on fire"), std::string::npos);
  EXPECT_TRUE(writer->submit(insert(2)));
  EXPECT_EQ(rows_in(path), (std::set<std::int64_t>{2}));
}

TEST(Writer, FailedCommitFailsTheBatchAndTheWriterRecovers) {
  TempDir dir;
  std::string path = dir.file("c.db");
  auto writer = open_writer(path);
  // A deferred foreign key is checked only at COMMIT, after every savepoint
  // was released: the one way a well-behaved command can make COMMIT fail.
  ASSERT_TRUE(writer->submit([](Database& db) {
    return db.exec(
        "CREATE TABLE late(c INTEGER REFERENCES cases(id) DEFERRABLE INITIALLY DEFERRED)");
  }));
  auto failed = writer->submit([](Database& db) -> Result<void> {
    if (auto r = insert_row(db, 1); !r) return r;
    return db.exec("INSERT INTO late VALUES (404)");
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Errc::internal);
  EXPECT_NE(failed.error().message.find("COMMIT"), std::string::npos) << failed.error().message;
  EXPECT_TRUE(writer->submit(insert(2)));
  EXPECT_EQ(rows_in(path), (std::set<std::int64_t>{2}));
}

TEST(Writer, ThrowingHookFailsTheBatch) {
  TempDir dir;
  std::string path = dir.file("c.db");
  auto writer = open_writer(path);
  writer->set_before_commit_hook([] { throw std::runtime_error("no"); });
  auto failed = writer->submit(insert(1));
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Errc::internal);
  writer->set_before_commit_hook(nullptr);
  EXPECT_TRUE(writer->submit(insert(2)));
  EXPECT_EQ(rows_in(path), (std::set<std::int64_t>{2}));
}

TEST(Writer, DestructorCommitsQueuedCommands) {
  TempDir dir;
  std::string path = dir.file("c.db");
  auto writer = open_writer(path);
  std::latch entered(1), release(1);
  std::vector<std::thread> threads;
  threads.emplace_back([&] {
    EXPECT_TRUE(writer->submit([&](Database&) -> Result<void> {
      entered.count_down();
      release.wait();
      return {};
    }));
  });
  entered.wait();
  for (int i = 0; i < 5; ++i) {
    threads.emplace_back([&, i] { EXPECT_TRUE(writer->submit(insert(i))); });
  }
  ASSERT_TRUE(eventually([&] { return writer->stats().queued == 5; }));
  release.count_down();
  writer.reset();
  for (auto& t : threads) t.join();
  EXPECT_EQ(rows_in(path).size(), 5u);
}

TEST(Writer, PostedCommandsReportTheirResultOnceCommitted) {
  TempDir dir;
  auto w = open_writer(dir.file("post.db"));
  ASSERT_TRUE(w);
  std::promise<Result<void>> ok, refused;
  auto ok_done = ok.get_future();
  auto refused_done = refused.get_future();
  ASSERT_TRUE(w->post(insert(1), [&](Result<void> r) { ok.set_value(std::move(r)); }));
  ASSERT_TRUE(w->post(insert(1), [&](Result<void> r) { refused.set_value(std::move(r)); }));
  EXPECT_TRUE(ok_done.get());
  auto dup = refused_done.get();
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, Errc::conflict);
  // Committed by the time the callback ran: a new reader sees the row.
  auto reader = Database::open(dir.file("post.db"), OpenMode::read_only);
  ASSERT_TRUE(reader);
  auto& st = reader->prepare("SELECT count(*) FROM meta WHERE key = '1'");
  auto row = st.step();
  ASSERT_TRUE(row && *row);
  EXPECT_EQ(st.column_int64(0), 1);
}

// Two writers on one file (the statements' and the read log's) wait for a
// long transaction of a third connection, longer than SQLite's 5 s default,
// and both commit once it ends: contention is never an error.
TEST(Writer, WritersWaitOutALongTransactionOnTheSameFile) {
  TempDir dir;
  std::string path = dir.file("c.db");
  auto statements = open_writer(path);
  auto reads = open_writer(path);
  ASSERT_TRUE(statements && reads);
  auto holder = Database::open(path, OpenMode::read_write);
  ASSERT_TRUE(holder) << holder.error().message;
  ASSERT_TRUE(holder->prepare("BEGIN IMMEDIATE").run());
  ASSERT_TRUE(insert_row(*holder, 1));
  auto first = std::async(std::launch::async, [&] { return statements->submit(insert(2)); });
  auto second = std::async(std::launch::async, [&] { return reads->submit(insert(3)); });
  EXPECT_EQ(first.wait_for(5500ms), std::future_status::timeout);
  ASSERT_TRUE(holder->prepare("COMMIT").run());
  auto a = first.get();
  auto b = second.get();
  EXPECT_TRUE(a) << a.error().message;
  EXPECT_TRUE(b) << b.error().message;
  EXPECT_EQ(rows_in(path), (std::set<std::int64_t>{1, 2, 3}));
}

TEST(Writer, RefusesReadOnlyMode) {
  TempDir dir;
  auto writer = Writer::open(dir.file("c.db"), OpenMode::read_only);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, Errc::usage);
}

// --- Crash durability: a child process writes, then dies abruptly ----------

struct Child {
  pid_t pid = -1;
  int fd = -1;  // the read end of the child's report pipe
};

// Runs `body` in a forked child with the write end of a pipe; the child never
// returns into the test runner. No SQLite connection or thread may be open in
// the parent at this point.
template <class Body>
Child spawn(Body body) {
  int fds[2];
  if (pipe(fds) != 0) std::abort();
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    body(fds[1]);
    _exit(3);  // the body was meant to end the process itself
  }
  close(fds[1]);
  return {pid, fds[0]};
}

void report(int fd, std::int64_t id) {
  if (write(fd, &id, sizeof id) != sizeof id) _exit(4);
}

// Reads reported ids until `enough` of them arrived, or to end of file.
std::vector<std::int64_t> read_reports(int fd, std::size_t enough = SIZE_MAX) {
  std::vector<std::int64_t> ids;
  std::int64_t id;
  while (ids.size() < enough && read(fd, &id, sizeof id) == sizeof id) ids.push_back(id);
  return ids;
}

int wait_for(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

TEST(WriterCrash, AcknowledgedCommandsSurviveSigkill) {
  TempDir dir;
  std::string path = dir.file("c.db");
  Child child = spawn([&](int fd) {
    auto writer = Writer::open(path, OpenMode::create);
    if (!writer) _exit(2);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (std::int64_t i = 0; i < 1'000'000; ++i) {
          std::int64_t id = t * 1'000'000 + i;
          if (!(*writer)->submit(insert(id))) _exit(2);
          report(fd, id);
        }
      });
    }
    for (auto& t : threads) t.join();
    _exit(3);
  });
  auto acked = read_reports(child.fd, 300);
  kill(child.pid, SIGKILL);
  auto late = read_reports(child.fd);  // acknowledged before the kill landed
  acked.insert(acked.end(), late.begin(), late.end());
  close(child.fd);
  int status = wait_for(child.pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child ended on its own, status " << status;

  ASSERT_GE(acked.size(), 300u);
  EXPECT_EQ(integrity(path), "ok");
  auto rows = rows_in(path);
  for (auto id : acked) EXPECT_TRUE(rows.count(id)) << "acknowledged row " << id << " lost";
  EXPECT_GE(rows.size(), acked.size());
}

TEST(WriterCrash, CrashBeforeCommitLeavesNoneOfTheBatch) {
  TempDir dir;
  std::string path = dir.file("c.db");
  Child child = spawn([&](int fd) {
    auto opened = Writer::open(path, OpenMode::create);
    if (!opened || !(*opened)->submit(insert(-1))) _exit(2);
    auto& writer = **opened;
    // Both the commands and the hook run on the writer thread.
    std::vector<std::int64_t> ran;
    writer.set_before_commit_hook([&] {
      if (ran.size() >= 2) {
        for (auto id : ran) report(fd, id);
        _exit(0);
      }
      ran.clear();  // a batch of one commits, and the callers go round again
    });
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        for (std::int64_t i = 0; i < 10'000; ++i) {
          std::int64_t id = t * 10'000 + i;
          (void)writer.submit([&ran, id](Database& db) {
            ran.push_back(id);
            return insert_row(db, id);
          });
        }
      });
    }
    for (auto& t : threads) t.join();
    _exit(3);  // never formed a batch of two
  });
  auto lost = read_reports(child.fd);
  close(child.fd);
  int status = wait_for(child.pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;

  ASSERT_GE(lost.size(), 2u);
  EXPECT_EQ(integrity(path), "ok");
  auto rows = rows_in(path);
  EXPECT_TRUE(rows.count(-1));
  for (auto id : lost) EXPECT_FALSE(rows.count(id)) << "row " << id << " of the crashed batch";
}

}  // namespace
}  // namespace corridor::store
