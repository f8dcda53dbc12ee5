#include <corridor/app/log.hpp>

#include <corridor/ledger/note.hpp>
#include <corridor/store/log_repo.hpp>

#include <stdexcept>

namespace corridor::app {

ledger::NodeSource store_nodes(store::Database& db) {
  return [&db](unsigned level, std::uint64_t index) -> ledger::Hash {
    auto h = store::log_node(db, level, index);
    if (!h) throw std::runtime_error(h.error().message);
    if (!*h)
      throw std::runtime_error("the log has no node " + std::to_string(level) + "/" +
                               std::to_string(index));
    return **h;
  };
}

std::string sign_checkpoint(const ledger::Checkpoint& cp, const ledger::PrivateKey& key) {
  ledger::Note note{ledger::format_checkpoint(cp), {}};
  note.signatures.push_back(ledger::sign_note_text(note.text, key));
  return ledger::format_note(note);
}

LogAppender::LogAppender(std::string origin, std::optional<ledger::PrivateKey> key,
                         std::string missing)
    : m_origin(std::move(origin)), m_key(std::move(key)), m_missing(std::move(missing)) {}

core::Result<void> LogAppender::check_key() const {
  if (!m_key) return core::make_error(core::Errc::usage, m_missing);
  return {};
}

core::Result<ledger::NoteSignature> LogAppender::sign(std::string_view text) const {
  if (!m_key) return core::make_error(core::Errc::usage, m_missing);
  return ledger::sign_note_text(text, *m_key);
}

// The in-memory frontier is a cache of the store. A rolled-back command or
// batch, or another process's write, leaves it out of step: it is checked
// against the store's size and last leaf, and reloaded (O(log n) reads)
// when they differ. The check is made once per transaction: while the
// connection's epoch stands still inside it, nothing was rolled back and
// no one else wrote, so the frontier is still the store's.
core::Result<void> LogAppender::sync(store::Database& db) {
  if (m_synced_db == &db && db.in_transaction() && db.epoch() == m_synced_epoch) return {};
  m_synced_db = nullptr;
  auto size = store::log_size(db);
  if (!size) return std::move(size).error();
  std::optional<ledger::Hash> last;
  if (*size > 0) {
    auto leaf = store::log_node(db, 0, *size - 1);
    if (!leaf) return std::move(leaf).error();
    last = *leaf;
  }
  if (m_frontier.size() != *size || m_last_leaf != last) {
    try {
      m_frontier = ledger::Frontier::load(store_nodes(db), *size);
    } catch (const std::exception& e) {
      return core::make_error(core::Errc::internal, std::string("log: ") + e.what());
    }
    m_last_leaf = last;
  }
  m_synced_db = &db;
  m_synced_epoch = db.epoch();
  return {};
}

core::Result<std::uint64_t> LogAppender::append(store::Database& db, std::string_view note) {
  if (auto s = sync(db); !s) return std::move(s).error();
  const std::uint64_t idx = m_frontier.size();
  // Until the entry and its nodes are all written, the store may hold part
  // of them: a failure leaves the next call to check it again.
  m_synced_db = nullptr;
  if (auto r = store::insert_log_entry(db, idx, note); !r) return std::move(r).error();
  const ledger::Hash leaf = ledger::leaf_hash(note);
  core::Result<void> stored;
  ledger::Frontier next = m_frontier;
  next.append(leaf, [&](unsigned level, std::uint64_t index, const ledger::Hash& h) {
    if (stored) stored = store::insert_log_node(db, level, index, h);
  });
  if (!stored) return std::move(stored).error();
  m_frontier = std::move(next);
  m_last_leaf = leaf;
  m_synced_db = &db;
  return idx;
}

core::Result<std::uint64_t> LogAppender::append_all(store::Database& db,
                                                    std::span<const std::string> entries,
                                                    std::span<const ledger::Hash> leaves) {
  if (entries.size() != leaves.size())
    return core::make_error(core::Errc::internal, "log: entries and leaf hashes differ in number");
  if (auto s = sync(db); !s) return std::move(s).error();
  const std::uint64_t first = m_frontier.size();
  core::Result<void> stored;
  ledger::Frontier next = m_frontier;
  for (std::size_t i = 0; i < entries.size() && stored; ++i) {
    stored = store::insert_log_entry(db, first + i, entries[i]);
    if (!stored) break;
    next.append(leaves[i], [&](unsigned level, std::uint64_t index, const ledger::Hash& h) {
      if (stored) stored = store::insert_log_node(db, level, index, h);
    });
  }
  if (!stored) return std::move(stored).error();
  m_frontier = std::move(next);
  if (!leaves.empty()) m_last_leaf = leaves.back();
  return first;
}

core::Result<void> LogAppender::seal(store::Database& db) {
  if (auto s = sync(db); !s) return s;
  auto latest = store::latest_checkpoint(db);
  if (!latest) return std::move(latest).error();
  if (*latest && (*latest)->size >= m_frontier.size()) return {};
  if (!*latest && m_frontier.size() == 0) return {};
  if (!m_key) return core::make_error(core::Errc::usage, m_missing);
  ledger::Checkpoint cp{m_origin, m_frontier.size(), m_frontier.root(), {}};
  return store::insert_checkpoint(db, cp.size, sign_checkpoint(cp, *m_key));
}

}  // namespace corridor::app
