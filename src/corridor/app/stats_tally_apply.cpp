// When the maintained figures change (stats_tally.hpp): the horizon moves
// forward with each change, a changed case is taken away and added again,
// and an older deployment is filled from its cases once.

#include <corridor/app/stats_tally.hpp>
#include <corridor/ledger/registration_batch.hpp>
#include <corridor/store/log_repo.hpp>

#include <algorithm>
#include <charconv>
#include <limits>

namespace corridor::app::tally {
namespace {

constexpr std::string_view k_tables[] = {"stats_tallies", "stats_timeline", "stats_backlog",
                                         "stats_waits", "stats_decisions"};

core::Result<std::optional<core::Date>> travelled_of(store::Database& db,
                                                     const store::StoredCase& sc) {
  if (!sc.facts.travel) return std::optional<core::Date>{};
  return store::travelled_on(db, sc.record.id);
}

// The latest `time` of any statement or batch in the log: where a replay,
// which moves the horizon with every statement, leaves it. A batch's rows
// carry the batch's time and are skipped.
core::Result<core::Timestamp> latest_statement_time(store::Database& db) {
  auto size = store::log_size(db);
  if (!size) return std::move(size).error();
  core::Timestamp latest = 0;
  auto read = store::for_each_log_entry(db, 0, *size, [&](std::uint64_t, std::string_view note) {
    if (ledger::is_row_entry(note)) return true;
    const std::string_view text = note.substr(0, note.find("\n\n"));
    const std::size_t at = text.find("\ntime ");
    if (at == std::string_view::npos) return true;
    const char* first = text.data() + at + 6;
    core::Timestamp t = 0;
    if (std::from_chars(first, text.data() + text.size(), t).ec == std::errc{})
      latest = std::max(latest, t);
    return true;
  });
  if (!read) return std::move(read).error();
  return latest;
}

// Every case's figures at the horizon: the later of `at` and the log's
// latest statement.
core::Result<void> fill(store::Database& db, const core::Config& config, core::Timestamp at,
                        std::size_t flush_every = 4096) {
  for (std::string_view t : k_tables)
    if (auto r = db.exec("DELETE FROM " + std::string(t)); !r) return r;
  auto latest = latest_statement_time(db);
  if (!latest) return std::move(latest).error();
  const core::Timestamp horizon = std::max(at, *latest);
  if (auto r = store::set_stats_horizon(db, horizon); !r) return r;
  Changes changes(config);
  std::optional<core::Error> failed;
  std::size_t n = 0;
  auto read = store::for_each_case(db, {}, [&](store::StoredCase&& sc) {
    if (failed) return;
    auto travelled = travelled_of(db, sc);
    if (!travelled) return void(failed = std::move(travelled).error());
    if (auto r = changes.add_case(config, sc, *travelled, horizon, 1); !r)
      return void(failed = std::move(r).error());
    // Every sum is added to the tables' (ON CONFLICT n = n + ...), so
    // writing them every `flush_every` cases keeps memory small and the
    // result the same.
    if (++n % flush_every == 0)
      if (auto r = changes.write(db); !r) failed = std::move(r).error();
  });
  if (!read) return std::move(read).error();
  if (failed) return std::move(*failed);
  return changes.write(db);
}

}  // namespace

core::Result<void> fill_if_needed(store::Database& db, const core::Config& config,
                                  std::size_t flush_every) {
  auto h = store::stats_horizon(db);
  if (!h) return std::move(h).error();
  if (h->filled) return {};
  if (auto r = db.exec("BEGIN IMMEDIATE"); !r) return r;
  if (auto r = fill(db, config, std::numeric_limits<core::Timestamp>::min(), flush_every); !r) {
    (void)db.exec("ROLLBACK");
    return r;
  }
  return db.exec("COMMIT");
}

store::StoredCase new_case(core::CaseRecord record) {
  store::StoredCase sc;
  sc.facts.registered_at = record.registered_at;
  sc.facts.snapshot = record.snapshot;
  sc.facts.snapshot_at = record.registered_at;
  sc.record = std::move(record);
  return sc;
}

core::Result<bool> advance(store::Database& db, const core::Config& config, core::Timestamp at) {
  auto h = store::stats_horizon(db);
  if (!h) return std::move(h).error();
  if (!h->filled) {
    if (auto r = fill(db, config, at); !r) return std::move(r).error();
    return true;
  }
  if (h->at && at <= *h->at) return false;
  if (auto r = store::fold_timeline(db, at); !r) return std::move(r).error();
  if (auto r = store::set_stats_horizon(db, at); !r) return std::move(r).error();
  return false;
}

core::Result<void> changed(store::Database& db, const core::Config& config,
                           const std::optional<store::StoredCase>& before,
                           const store::StoredCase& after, core::Timestamp at) {
  // Filled just now, from the tables as this change left them.
  auto filled = advance(db, config, at);
  if (!filled || *filled) return filled ? core::Result<void>{} : std::move(filled).error();
  auto h = store::stats_horizon(db);
  if (!h) return std::move(h).error();
  const core::Timestamp horizon = h->at.value_or(at);
  // A case crossed or turned back keeps its day: read once, for both.
  auto travelled = travelled_of(db, after);
  if (!travelled) return std::move(travelled).error();
  Changes changes(config);
  if (before)
    if (auto r = changes.add_case(config, *before, *travelled, horizon, -1); !r) return r;
  if (auto r = changes.add_case(config, after, *travelled, horizon, 1); !r) return r;
  return changes.write(db);
}

core::Result<void> registered(store::Database& db, const core::Config& config,
                              const std::vector<store::StoredCase>& cases, core::Timestamp at) {
  auto filled = advance(db, config, at);
  if (!filled || *filled) return filled ? core::Result<void>{} : std::move(filled).error();
  auto h = store::stats_horizon(db);
  if (!h) return std::move(h).error();
  Changes changes(config);
  for (const store::StoredCase& sc : cases)
    if (auto r = changes.add_case(config, sc, std::nullopt, h->at.value_or(at), 1); !r) return r;
  return changes.write(db);
}

}  // namespace corridor::app::tally
