// `corridor rebuild`: the projection tables replayed from the log. With
// --check, the replay runs in a scratch database and the deployment's file
// is only read (docs/log_format.md, "Statements and state").

#include <corridor/app/apply.hpp>
#include <corridor/app/batch.hpp>
#include <corridor/app/replay.hpp>
#include <corridor/app/service.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>
#include <corridor/store/projection_repo.hpp>
#include <corridor/store/writer.hpp>

#include <algorithm>

namespace corridor::app {

// Replays the log into a scratch projection and compares: nothing written.
core::Result<RebuildReport> Service::check_rebuild() {
  auto db = reader();
  if (!db) return std::move(db).error();
  RebuildReport rep;
  auto done = store::in_read_transaction(**db, [&]() -> core::Result<void> {
    auto before = store::projection_digest(**db);
    if (!before) return std::move(before).error();
    rep.before = *before;
    auto replay = ProjectionReplay::open(**db, m_config, m_log_public);
    if (!replay) return std::move(replay).error();
    auto n = (*replay)->apply_all(**db);
    if (!n) return std::move(n).error();
    rep.entries = *n;
    auto after = (*replay)->digest();
    if (!after) return std::move(after).error();
    rep.after = *after;
    auto same = (*replay)->compare(**db);
    if (!same && same.error().code != core::Errc::bad_input) return same;
    if (!same) rep.difference = same.error().message;
    return {};
  });
  if (!done) return std::move(done).error();
  return rep;
}

core::Result<RebuildReport> Service::rebuild(bool check_only) {
  auto checked = check_rebuild();
  if (!checked || check_only) return checked;
  auto w = writer();
  if (!w) return std::move(w).error();
  RebuildReport rep = std::move(checked).value();
  ApplyContext ctx{&m_config, &m_log_public, std::nullopt, nullptr, nullptr};
  auto committed = (*w)->submit([&](store::Database& db) -> core::Result<void> {
    auto size = store::log_size(db);
    if (!size) return std::move(size).error();
    if (auto r = store::clear_projection(db); !r) return r;
    // Entries are read in chunks: a statement's apply uses the same
    // connection, so no read may stay open across it.
    std::vector<std::string> chunk;
    ledger::BatchWalk walk;
    for (std::uint64_t from = 0; from < *size; from += chunk.size()) {
      chunk.clear();
      bool gap = false;
      auto read = store::for_each_log_entry(db, from, std::min(*size, from + 4096),
                                            [&](std::uint64_t idx, std::string_view note) {
                                              if (idx != from + chunk.size()) return !(gap = true);
                                              chunk.emplace_back(note);
                                              return true;
                                            });
      if (!read) return read;
      if (gap || chunk.empty())
        return core::make_error(
            core::Errc::bad_input,
            "entry " + std::to_string(from + chunk.size()) + " is missing from the log");
      for (std::size_t i = 0; i < chunk.size(); ++i) {
        auto applied = replay_entry(db, ctx, walk, from + i, chunk[i]);
        if (!applied)
          return core::make_error(
              core::Errc::bad_input,
              "entry " + std::to_string(from + i) + " does not replay: " + applied.error().message);
      }
    }
    if (auto f = walk.finish(); !f)
      return core::make_error(core::Errc::bad_input, f.error().message);
    rep.entries = *size;
    auto after = store::projection_digest(db);
    if (!after) return std::move(after).error();
    rep.after = *after;
    return {};
  });
  if (!committed) return std::move(committed).error();
  rep.committed = true;
  return rep;
}

}  // namespace corridor::app
