#include <corridor/app/replay.hpp>

#include <corridor/app/apply.hpp>
#include <corridor/app/batch.hpp>
#include <corridor/core/snapshot.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/log_repo.hpp>
#include <corridor/store/projection_repo.hpp>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace corridor::app {

using core::Errc;
using core::Result;

namespace {

core::Error bad(const std::string& what) { return core::make_error(Errc::bad_input, what); }

std::string short_hex(const core::Hash256& h) { return core::to_hex(h).substr(0, 16) + "..."; }

// Replays verified entries on a thread of its own while the caller verifies
// the next ones, so that the replay's SQL and the signatures' arithmetic
// overlap. Only this thread touches the scratch until finish() returns.
class BackgroundReplay {
public:
  explicit BackgroundReplay(ProjectionReplay& replay) : m_replay(replay) {
    m_thread = std::thread([this] { run(); });
  }
  ~BackgroundReplay() { (void)finish(); }
  BackgroundReplay(const BackgroundReplay&) = delete;
  BackgroundReplay& operator=(const BackgroundReplay&) = delete;

  // Queues a verified entry (the key is copied); false once the replay has
  // failed, whose error finish() returns.
  bool push(std::uint64_t idx, SignedStatement note, const ledger::PublicKey* key) {
    std::unique_lock lock(m_mutex);
    m_space.wait(lock, [&] { return m_queue.size() < k_depth || m_failed; });
    if (m_failed) return false;
    m_queue.push_back(
        {idx, std::move(note), key ? std::optional<ledger::PublicKey>(*key) : std::nullopt});
    m_ready.notify_one();
    return true;
  }

  // Waits for every queued entry; the first replay error, if any.
  Result<void> finish() {
    {
      std::lock_guard lock(m_mutex);
      m_done = true;
    }
    m_ready.notify_one();
    if (m_thread.joinable()) m_thread.join();
    return m_result;
  }

private:
  struct Item {
    std::uint64_t idx = 0;
    SignedStatement note;
    std::optional<ledger::PublicKey> key;
  };
  static constexpr std::size_t k_depth = 4096;

  void run() {
    for (;;) {
      Item item;
      {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [&] { return !m_queue.empty() || m_done; });
        if (m_queue.empty()) return;
        item = std::move(m_queue.front());
        m_queue.pop_front();
      }
      m_space.notify_one();
      auto r = m_replay.apply(item.idx, item.note, item.key ? &*item.key : nullptr);
      if (!r) {
        std::lock_guard lock(m_mutex);
        m_result = std::move(r);
        m_failed = true;
        m_space.notify_all();
        return;
      }
    }
  }

  ProjectionReplay& m_replay;
  std::mutex m_mutex;
  std::condition_variable m_ready;  // an item was queued, or done
  std::condition_variable m_space;  // an item was taken, or failed
  std::deque<Item> m_queue;
  bool m_done = false;
  bool m_failed = false;
  Result<void> m_result;
  std::thread m_thread;
};

}  // namespace

ProjectionReplay::ProjectionReplay(store::Database scratch, const core::Config& config,
                                   const ledger::PublicKey& log_key)
    : m_scratch(std::move(scratch)), m_config(config), m_log_key(log_key) {}

Result<std::unique_ptr<ProjectionReplay>> ProjectionReplay::open(store::Database& source,
                                                                 const core::Config& config,
                                                                 const ledger::PublicKey& log_key) {
  auto scratch = store::open_scratch(source);
  if (!scratch) return std::move(scratch).error();
  return std::unique_ptr<ProjectionReplay>(
      new ProjectionReplay(std::move(scratch).value(), config, log_key));
}

Result<void> ProjectionReplay::apply(std::uint64_t idx, const SignedStatement& note,
                                     const ledger::PublicKey* verified) {
  // Replay: no clock check, nothing appended, the entry already verified.
  const ApplyContext ctx{&m_config, &m_log_key, std::nullopt, nullptr, verified};
  auto applied = replay_entry(m_scratch, ctx, m_walk, idx, note);
  if (!applied)
    return bad("entry " + std::to_string(idx) + " does not replay: " + applied.error().message);
  return {};
}

Result<std::uint64_t> ProjectionReplay::apply_all(store::Database& source) {
  auto size = store::log_size(source);
  if (!size) return std::move(size).error();
  // One read of the source while the scratch (another connection) is written.
  std::uint64_t next = 0;
  Result<void> failed;
  auto read =
      store::for_each_log_entry(source, 0, *size, [&](std::uint64_t idx, std::string_view note) {
        if (idx != next) {
          failed = bad("entry " + std::to_string(next) + " is missing from the log");
          return false;
        }
        auto parsed = parse_log_entry(note);
        failed = parsed ? apply(idx, *parsed)
                        : bad("entry " + std::to_string(idx) +
                              " does not replay: " + parsed.error().message);
        ++next;
        return failed.ok();
      });
  if (!read) return std::move(read).error();
  if (!failed) return std::move(failed).error();
  if (next != *size) return bad("entry " + std::to_string(next) + " is missing from the log");
  if (auto f = m_walk.finish(); !f) return std::move(f).error();
  return next;
}

Result<void> ProjectionReplay::compare(store::Database& stored) {
  auto diff = store::compare_projection(stored, m_scratch);
  if (!diff) return std::move(diff).error();
  if (!*diff) return {};
  const auto& d = **diff;
  return bad("the projection differs from the log: table " + d.table + ", row " + d.key +
             ", column " + d.column + ": the stored value " + d.what);
}

Result<core::Hash256> ProjectionReplay::digest() { return store::projection_digest(m_scratch); }

Result<VerifyReport> verify_database(store::Database& db, const core::Config& config,
                                     const VerifyPolicy& policy,
                                     const std::function<void(std::uint64_t)>& progress) {
  VerifyReport rep;
  // One snapshot of a live database: checkpoints, entries and projection.
  auto done = store::in_read_transaction(db, [&]() -> Result<void> {
    auto replay = ProjectionReplay::open(db, config, policy.log_key);
    if (!replay) return std::move(replay).error();
    auto source = database_source(db);
    // Each entry is replayed once its signature is verified, with the key
    // it verified with (no signature is checked twice), on another thread.
    BackgroundReplay background(**replay);
    auto verified =
        verify_log(*source, policy, progress,
                   [&](std::uint64_t idx, SignedStatement note, const ledger::PublicKey* key) {
                     if (background.push(idx, std::move(note), key)) return Result<void>();
                     return Result<void>(bad("the replay stopped"));  // finish() says why
                   });
    auto replayed = background.finish();
    if (!replayed) {
      // A private row that no longer hashes to what the log names (an
      // edited identity, note or sealed reason) stops the replay: named
      // as the cause, not the rule it then broke.
      if (auto priv = check_private_commitments(db); !priv) return std::move(priv).error();
      return replayed;
    }
    if (!verified) return std::move(verified).error();
    rep = std::move(verified).value();
    // A private row that no longer hashes to what the log names is the
    // cause of any difference it makes in the tables: named first.
    auto priv = check_private_commitments(db);
    if (!priv) return std::move(priv).error();
    if (auto c = (*replay)->compare(db); !c) return c;
    rep.projection_checked = true;
    rep.identities = priv->identities;
    rep.notes = priv->notes;
    return {};
  });
  if (!done) return std::move(done).error();
  return rep;
}

Result<PrivateCheck> check_private_commitments(store::Database& db) {
  PrivateCheck out;
  auto ids = store::for_each_identity(db, [&](const core::Hash256& snapshot,
                                              const store::Identity& id, bool well_formed) {
    ++out.identities;
    if (!well_formed || core::snapshot_hash(id.person, id.salt) != snapshot)
      return Result<void>(bad(
          "private table identities, snapshot " + short_hex(snapshot) + " (case " + id.case_ref +
          "): the identity does not hash to its snapshot, or its public id is not "
          "its ref's (edited)"));
    return Result<void>();
  });
  if (!ids) return std::move(ids).error();
  auto notes = store::for_each_note(
      db, [&](const core::Hash256& hash, std::string_view salt, std::string_view text) {
        ++out.notes;
        if (ledger::note_hash(salt, text) != hash)
          return Result<void>(bad("private table notes, hash " + short_hex(hash) +
                                  ": the note does not hash to the hash statements name (edited)"));
        return Result<void>();
      });
  if (!notes) return std::move(notes).error();
  return out;
}

}  // namespace corridor::app
