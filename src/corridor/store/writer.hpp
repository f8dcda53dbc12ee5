#pragma once
// The single writer: one thread owns the read-write connection and commits
// the commands of many callers together in one transaction (group commit).
// With synchronous=FULL, a command whose submit() returned ok survives a
// crash or power loss.

#include <corridor/core/result.hpp>
#include <corridor/store/database.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace corridor::store {

struct WriterStats {
  std::int64_t commands = 0;  // commands run
  std::int64_t batches = 0;   // transactions committed
  std::int64_t queued = 0;    // commands waiting for the next batch right now
};

class Writer {
public:
  // A unit of work. It runs on the writer thread inside the batch's
  // transaction, in its own savepoint: if it returns an error, its changes
  // are rolled back and the other commands of the batch still commit.
  using Command = std::function<core::Result<void>(Database&)>;

  // Opens `path` (OpenMode::create or read_write) and starts the thread.
  // Fails as Database::open does, or with Errc::usage for OpenMode::read_only.
  static core::Result<std::unique_ptr<Writer>> open(const std::string& path, OpenMode mode);

  // Commits what was submitted, then stops the thread. Every submit() that
  // has queued its command gets its result; calling submit() concurrently
  // with the destructor is otherwise a bug.
  ~Writer();

  // Runs `command` in the next batch and blocks until that batch has
  // committed durably. Returns the command's own error, or Errc::internal
  // if the commit failed (then nothing of the batch was written). A command
  // that throws is an Errc::internal error for that command alone.
  // Thread-safe: any number of threads may submit at once.
  core::Result<void> submit(Command command);

  // Runs `command` in the next batch as submit() does, without waiting:
  // `then` gets the same result on the writer thread once the batch has
  // committed durably (or failed). It must be quick and must not submit
  // to this Writer and wait. Errc::internal at once, and `then` is never
  // called, if the writer is stopping.
  using Done = std::function<void(core::Result<void>)>;
  core::Result<void> post(Command command, Done then);

  // Up to how many commands go in one transaction (default 1024).
  void set_max_batch(int n);

  WriterStats stats() const;

  // Runs once per batch, after its commands and inside its transaction, so
  // that what it writes commits with them (the log's checkpoint). If it
  // fails, the whole batch fails with the seal's error category.
  void set_seal(Command seal);

  // For crash tests: called once per batch, after its commands ran and
  // before COMMIT, on the writer thread. A hook that calls _exit simulates a
  // crash there; one that throws fails the whole batch (Errc::internal).
  void set_before_commit_hook(std::function<void()> hook);

private:
  Writer() = default;
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace corridor::store
