#include <corridor/store/writer.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace corridor::store {

using core::Errc;
using core::Error;
using core::make_error;
using core::Result;

namespace {

// A submitted command and the promise its caller waits on, or (post) the
// callback that gets its result. The writer thread owns both, so the caller
// may return as soon as the promise is set.
struct Pending {
  Writer::Command command;
  std::promise<Result<void>> done;
  Writer::Done then;
};

Result<void> run_guarded(const Writer::Command& command, Database& db) {
  try {
    return command(db);
  } catch (const std::exception& e) {
    return make_error(Errc::internal, std::string("command threw: ") + e.what());
  } catch (...) {
    return make_error(Errc::internal, "command threw a non-standard exception");
  }
}

// Two writers share a file (the statements' and the read log's): a batch
// waits for the other's COMMIT however long that batch runs (a manifest at
// 2.1 M cases), never failing its commands for contention: the read log's
// answers are held until it commits, and a signed statement must not fail
// because reads were being logged. The wait backs off 1, 2, 4 ms, then polls
// every 4 ms: a short wait stays short and a long one costs little CPU.
int wait_when_busy(void*, int tries) {
  std::this_thread::sleep_for(std::chrono::milliseconds(1 << std::min(tries, 2)));
  return 1;
}

// A command may leave a SELECT half-read; resetting it releases its read of
// the database before the savepoint and the transaction end.
void reset_busy_statements(sqlite3* db) {
  for (sqlite3_stmt* s = sqlite3_next_stmt(db, nullptr); s; s = sqlite3_next_stmt(db, s)) {
    if (sqlite3_stmt_busy(s)) sqlite3_reset(s);
  }
}

Error batch_error(std::string_view what, const Error& cause) {
  return make_error(Errc::internal,
                    "batch not committed: " + std::string(what) + ": " + cause.message);
}

}  // namespace

struct Writer::Impl {
  explicit Impl(Database database) : db(std::move(database)) {}

  void loop();
  std::vector<Pending> take(std::function<void()>& hook_out, Command& seal_out);
  void run_batch(std::vector<Pending>& batch, const std::function<void()>& hook,
                 const Command& seal);
  Result<void> transact(std::vector<Pending>& batch, std::vector<Result<void>>& results,
                        const std::function<void()>& hook, const Command& seal);
  Result<void> run_in_savepoint(const Command& command, Result<void>& result);
  Result<void> run_hook(const std::function<void()>& hook);
  Result<void> sql(std::string_view text) { return db.prepare(text).run(); }

  Database db;  // used by the writer thread only

  mutable std::mutex mutex;  // guards everything below
  std::condition_variable wake;
  std::deque<Pending> queue;
  bool stopping = false;
  std::size_t max_batch = 1024;
  std::function<void()> hook;
  Command seal;
  WriterStats stats;

  std::thread thread;
};

void Writer::Impl::loop() {
  std::function<void()> batch_hook;
  Command batch_seal;
  for (;;) {
    auto batch = take(batch_hook, batch_seal);
    if (batch.empty()) return;  // stopping, and nothing left to do
    run_batch(batch, batch_hook, batch_seal);
  }
}

std::vector<Pending> Writer::Impl::take(std::function<void()>& hook_out, Command& seal_out) {
  std::unique_lock lock(mutex);
  wake.wait(lock, [this] { return stopping || !queue.empty(); });
  auto n = static_cast<std::ptrdiff_t>(std::min(queue.size(), max_batch));
  std::vector<Pending> batch(std::make_move_iterator(queue.begin()),
                             std::make_move_iterator(queue.begin() + n));
  queue.erase(queue.begin(), queue.begin() + n);
  stats.queued = static_cast<std::int64_t>(queue.size());
  hook_out = hook;
  seal_out = seal;
  return batch;
}

void Writer::Impl::run_batch(std::vector<Pending>& batch, const std::function<void()>& hook,
                             const Command& seal) {
  std::vector<Result<void>> results(batch.size());
  auto committed = transact(batch, results, hook, seal);
  if (!committed) std::fill(results.begin(), results.end(), committed);
  {
    // Counted before anyone is woken, so a caller sees its own command.
    std::lock_guard lock(mutex);
    stats.commands += static_cast<std::int64_t>(batch.size());
    if (committed) ++stats.batches;
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!batch[i].then) {
      batch[i].done.set_value(std::move(results[i]));
      continue;
    }
    try {
      batch[i].then(std::move(results[i]));
    } catch (...) {
      // A callback's own failure is its caller's; the batch is committed.
    }
  }
}

// Runs the batch in one transaction, each command in its own savepoint.
// Returns an error if the transaction as a whole failed and was rolled back.
Result<void> Writer::Impl::transact(std::vector<Pending>& batch, std::vector<Result<void>>& results,
                                    const std::function<void()>& hook, const Command& seal) {
  if (auto r = sql("BEGIN IMMEDIATE"); !r) return batch_error("BEGIN", r.error());
  Result<void> outcome;
  for (std::size_t i = 0; i < batch.size() && outcome; ++i) {
    outcome = run_in_savepoint(batch[i].command, results[i]);
  }
  if (outcome && seal) {
    // The seal's own error category is kept: a missing key is the caller's.
    if (auto r = run_guarded(seal, db); !r)
      outcome = make_error(r.error().code, "batch not committed: " + r.error().message);
    reset_busy_statements(db.handle());
  }
  if (outcome) outcome = run_hook(hook);
  if (outcome) {
    if (auto r = sql("COMMIT"); !r) outcome = batch_error("COMMIT", r.error());
  }
  if (!outcome) {
    // Fails harmlessly if SQLite has already rolled the transaction back.
    (void)sql("ROLLBACK");
  }
  return outcome;
}

// The savepoint's name is unlikely to clash with one a command makes itself.
Result<void> Writer::Impl::run_in_savepoint(const Command& command, Result<void>& result) {
  if (auto r = sql("SAVEPOINT corridor_command"); !r) return batch_error("SAVEPOINT", r.error());
  result = run_guarded(command, db);
  reset_busy_statements(db.handle());
  // SQLite rolls a whole transaction back on some errors (disk full, I/O),
  // and a buggy command could COMMIT; either way the batch is lost.
  if (sqlite3_get_autocommit(db.handle())) {
    std::string why = "batch not committed: the transaction ended inside a command";
    if (!result) why += ": " + result.error().message;
    return make_error(Errc::internal, std::move(why));
  }
  if (!result) {
    if (auto r = sql("ROLLBACK TO corridor_command"); !r)
      return batch_error("ROLLBACK TO", r.error());
  }
  if (auto r = sql("RELEASE corridor_command"); !r) return batch_error("RELEASE", r.error());
  return {};
}

Result<void> Writer::Impl::run_hook(const std::function<void()>& hook) {
  if (!hook) return {};
  try {
    hook();
    return {};
  } catch (const std::exception& e) {
    return make_error(Errc::internal, std::string("batch not committed: hook threw: ") + e.what());
  } catch (...) {
    return make_error(Errc::internal, "batch not committed: hook threw");
  }
}

// --- Writer -----------------------------------------------------------------

core::Result<std::unique_ptr<Writer>> Writer::open(const std::string& path, OpenMode mode) {
  if (mode == OpenMode::read_only) {
    return make_error(Errc::usage, "the writer needs a read-write database: " + path);
  }
  auto db = Database::open(path, mode);
  if (!db) return std::move(db).error();
  // Two writers may share a file (the statements' and the read log's,
  // app/read_log.cpp): one waits for the other's COMMIT, without a deadline
  // (wait_when_busy). SQLite's own busy handler would sleep up to 100 ms.
  sqlite3_busy_handler(db->handle(), wait_when_busy, nullptr);
  std::unique_ptr<Writer> writer(new Writer());
  writer->m_impl = std::make_unique<Impl>(std::move(*db));
  Impl* impl = writer->m_impl.get();
  impl->thread = std::thread([impl] { impl->loop(); });
  return writer;
}

Writer::~Writer() {
  if (!m_impl) return;
  {
    std::lock_guard lock(m_impl->mutex);
    m_impl->stopping = true;
  }
  m_impl->wake.notify_one();
  m_impl->thread.join();
}

core::Result<void> Writer::submit(Command command) {
  std::promise<core::Result<void>> done;
  auto result = done.get_future();
  Pending pending{std::move(command), std::move(done), {}};
  {
    std::lock_guard lock(m_impl->mutex);
    if (m_impl->stopping) return make_error(Errc::internal, "the writer is stopping");
    m_impl->queue.push_back(std::move(pending));
    m_impl->stats.queued = static_cast<std::int64_t>(m_impl->queue.size());
    // Notified under the lock: once queued, this call touches the Writer no
    // more, so the Writer may be destroyed (and commit it) from here on.
    m_impl->wake.notify_one();
  }
  return result.get();
}

core::Result<void> Writer::post(Command command, Done then) {
  Pending pending{std::move(command), {}, std::move(then)};
  std::lock_guard lock(m_impl->mutex);
  if (m_impl->stopping) return make_error(Errc::internal, "the writer is stopping");
  m_impl->queue.push_back(std::move(pending));
  m_impl->stats.queued = static_cast<std::int64_t>(m_impl->queue.size());
  m_impl->wake.notify_one();
  return {};
}

void Writer::set_max_batch(int n) {
  std::lock_guard lock(m_impl->mutex);
  m_impl->max_batch = static_cast<std::size_t>(std::max(n, 1));
}

WriterStats Writer::stats() const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->stats;
}

void Writer::set_seal(Command seal) {
  std::lock_guard lock(m_impl->mutex);
  m_impl->seal = std::move(seal);
}

void Writer::set_before_commit_hook(std::function<void()> hook) {
  std::lock_guard lock(m_impl->mutex);
  m_impl->hook = std::move(hook);
}

}  // namespace corridor::store
