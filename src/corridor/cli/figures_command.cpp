// `corridor figures`: the public figures of an exported log (verified as
// `corridor verify DIR` verifies it) or of a deployment database, as the
// canonical JSON that GET /api/v1/public/figures serves.

#include <corridor/cli/figures_command.hpp>

#include <corridor/app/figures.hpp>
#include <corridor/cli/common.hpp>
#include <corridor/store/database.hpp>

#include <CLI/CLI.hpp>

#include <filesystem>

namespace corridor::cli {
namespace {

core::Error usage(const std::string& what) { return core::make_error(core::Errc::usage, what); }

int print(const Args& a, Io& io, const core::Result<app::FiguresResult>& r) {
  if (!r) return fail(io, r.error());
  const ledger::FiguresCheckpoint& cp = r->checkpoint;
  io.err << "figures: computed at the checkpoint of size " << cp.size << ", root " << cp.root
         << " (" << cp.origin << ")\n";
  if (!a.out) {
    io.out << r->json;
    return k_exit_ok;
  }
  if (auto w = write_atomically(*a.out, r->json); !w) return fail(io, w.error());
  return k_exit_ok;
}

}  // namespace

void declare_figures(CLI::App& app, Args& a) {
  app.footer(
      "Prints the public figures (docs/figures.md) as canonical JSON: per day, the crossing's "
      "openings, suspensions and closures; decisions per party, stage and outcome; cases pending "
      "at each stage (median and p90 days waiting, overdue against the stage's deadline); "
      "crossings per direction and category against capacity; no-shows, turn-backs, deaths; "
      "registration-to-crossing times. Only statements up to the checkpoint count. With DIR, "
      "every entry is verified first as `corridor verify DIR` does (tiles' hashes, the "
      "checkpoint's signature by DIR/log.vkey, every statement's signature); exit 65 if it does "
      "not verify, 66 if DIR or DB is missing. The same log gives the same bytes, from DIR or "
      "--db, as GET /api/v1/public/figures does. stderr names the checkpoint.");
  app.add_option("DIR", a.dir, "A log exported by corridor log export");
  app.add_option("--db", a.db,
                 "Or: a deployment database (its entries up to its latest checkpoint)");
  app.add_option("--config", a.config,
                 "With DIR: the deployment's config (default: DIR/config.toml, which log export "
                 "writes)");
  app.add_option("--out", a.out, "Write the JSON to FILE (atomically) instead of standard output");
}

int run_figures(const Args& a, Io& io) {
  if (a.dir.empty() == a.db.empty()) return fail(io, usage("give a DIR or --db DB, not both"));
  if (!a.dir.empty()) {
    if (!std::filesystem::is_directory(a.dir))
      return fail(io, core::make_error(core::Errc::not_found, a.dir + ": no such directory"));
    auto config = app::export_config(a.dir, a.config);
    if (!config) return fail(io, config.error());
    return print(a, io, app::figures_from_directory(a.dir, *config));
  }
  if (a.config) return fail(io, usage("--config goes with DIR; --db uses the database's config"));
  if (!std::filesystem::exists(a.db))
    return fail(io, core::make_error(core::Errc::not_found, a.db + ": no such database"));
  return with_service(
      a, io,
      [&](app::Service& svc) {
        auto db = svc.reader();
        if (!db) return fail(io, db.error());
        return print(a, io, app::figures_from_database(**db, svc.config(), svc.log_key()));
      },
      Access::read);
}

}  // namespace corridor::cli
