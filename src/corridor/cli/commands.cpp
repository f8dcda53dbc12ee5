#include <corridor/cli/commands.hpp>

#include <corridor/app/keyfile.hpp>
#include <corridor/app/service.hpp>
#include <corridor/cli/account_command.hpp>
#include <corridor/cli/case_commands.hpp>
#include <corridor/cli/common.hpp>
#include <corridor/cli/crossing_commands.hpp>
#include <corridor/cli/dedup_commands.hpp>
#include <corridor/cli/demo_commands.hpp>
#include <corridor/cli/duplicates_command.hpp>
#include <corridor/cli/exit_codes.hpp>
#include <corridor/cli/figures_command.hpp>
#include <corridor/cli/format.hpp>
#include <corridor/cli/log_commands.hpp>
#include <corridor/cli/mrz_command.hpp>
#include <corridor/cli/options.hpp>
#include <corridor/cli/plan_commands.hpp>
#include <corridor/cli/remote.hpp>
#include <corridor/cli/serve_command.hpp>
#include <corridor/core/snapshot.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>

namespace corridor::cli {
namespace {
// --- commands ----------------------------------------------------------------

void declare_init(CLI::App& app, Args& a) {
  app.add_option("--db", a.db, "The database file to create")->required();
  app.add_option("--config", a.config, "TOML config (default: the embedded config/rafah.toml)");
  app.add_option("--log-key", a.log_key,
                 "Where to write the new log key (default: DB.logkey, mode 0600)");
}

int run_init(const Args& a, Io& io) {
  auto svc = app::Service::init(a.db, a.config, io.env, a.log_key);
  if (!svc) return fail(io, svc.error());
  const core::Config& c = (*svc)->config();
  io.out << "initialised " << a.db << " for " << c.crossing.name << " (" << c.parties.size()
         << " parties, " << c.categories.size() << " categories, " << c.workflows.size()
         << " workflows)\n"
         << "log " << c.log.origin << ", key in "
         << a.log_key.value_or(app::default_log_key_path(a.db)) << " (keep it private)\n"
         << "log verifier key: " << ledger::format_vkey((*svc)->log_key()) << "\n";
  return k_exit_ok;
}

void declare_import(CLI::App& app, Args& a) {
  app.add_option("--db", a.db, "The deployment database; made (as by init) if missing");
  server_option(app, a);
  app.add_option("FILE", a.file, "Referral CSV (docs/csv.md)")->required();
  app.add_flag("--dry-run", a.dry_run, "Check every row, import nothing");
  app.add_option("--config", a.config, "TOML config for a database this import creates");
  key_option(app, a);
}

// The service for an import: the existing database, or a new one that is
// removed again unless the import commits (so a typo in --db leaves no
// empty deployment behind).
// A new database's log key holds the key history, so the importing
// officer's key is registered in it first.
core::Result<std::unique_ptr<app::Service>> import_target(const Args& a, Io& io,
                                                          const ledger::PrivateKey& key,
                                                          bool& created) {
  created = !std::filesystem::exists(a.db);
  if (created) {
    auto svc = app::Service::init(a.db, a.config, io.env, a.log_key);
    if (!svc) return svc;
    auto who = app::key_officer(key);
    if (!who) return std::move(who).error();
    auto added =
        (*svc)->add_officer(who->first, who->second, ledger::format_vkey(key.public_key()));
    if (!added) return std::move(added).error();
    return svc;
  }
  if (a.config)
    return core::make_error(core::Errc::usage,
                            "--config applies only when import creates a new database; " + a.db +
                                " already has its config");
  return app::Service::open(app::OpenOptions{a.db, false, a.log_key}, io.env);
}

// Removes what a failed import made: the database, and the log key file
// only if it did not exist before (a key is never destroyed).
void remove_database(const Args& a, bool key_existed) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(a.db + suffix, ec);
  if (!key_existed)
    std::filesystem::remove(a.log_key.value_or(app::default_log_key_path(a.db)), ec);
}

// Over --server: the file's name (not its path) and its rows.
int remote_import(const Args& a, Io& io) {
  if (a.config)
    return fail(io, core::make_error(core::Errc::usage,
                                     "--config applies only to a database import creates"));
  auto data = app::read_file(a.file);
  if (!data) return fail(io, data.error());
  const std::string name = std::filesystem::path(a.file).filename().string();
  const std::string path = with_query(
      "/api/v1/imports",
      {{"file", name}, {"dry_run", a.dry_run ? std::optional<std::string>("1") : std::nullopt}});
  return with_remote(a, io,
                     [&](Remote& r) { return r.change_raw(path, std::move(*data), "text/csv"); });
}

int run_import(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  if (a.server) return remote_import(a, io);
  auto data = app::read_file(a.file);
  if (!data) return fail(io, data.error());
  auto key = signing_key(a);
  if (!key) return fail(io, key.error());
  bool created = false;
  const bool key_existed =
      std::filesystem::exists(a.log_key.value_or(app::default_log_key_path(a.db)));
  auto svc = import_target(a, io, *key, created);
  if (!svc) {
    if (created) remove_database(a, key_existed);
    return fail(io, svc.error());
  }
  auto rep = (*svc)->import_csv(a.file, *data, a.dry_run, *key);
  svc->reset();
  if (created && !(rep && rep->committed))
    remove_database(a, key_existed);
  else if (created)
    io.err << "created " << a.db << " with the " << (a.config ? *a.config : "default Rafah")
           << " config; its log key is " << a.log_key.value_or(app::default_log_key_path(a.db))
           << "; the signing officer's key is registered in its log\n";
  if (!rep) return fail(io, rep.error());
  print_import(io.out, io.err, *rep, a.dry_run);
  return rep->errors.empty() ? k_exit_ok : k_exit_data;
}

constexpr Command k_commands[] = {
    {"init", "Create a deployment database with a config", declare_init, run_init},
    {"import", "Import referrals from a CSV file (all rows or none)", declare_import, run_import},
    {"cases", "List cases, filtered by state, direction or category", declare_cases, run_cases},
    {"case", "Show one case: the person, the group, each stage and the decisions", declare_case,
     run_case},
    {"decide", "Record a party's decision at a stage of a case", declare_decide, run_decide},
    {"amend",
     "Correct a case's identity, phone, urgency or diagnosis, as the config's [[amend]] allows "
     "the key's party (identity corrections make approvals stale)",
     declare_amend, run_amend},
    {"close", "Close a case as withdrawn or deceased", declare_close, run_close},
    {"same-person",
     "Decide that two cases are one person: close --duplicate as a duplicate of --keep",
     declare_same_person, run_same_person},
    {"different-persons", "Decide that two cases are different persons (never proposed again)",
     declare_different_persons, run_different_persons},
    {"queue", "The work queue of the signed-in officer's party, from a server (--server)",
     declare_queue, run_queue},
    {"stats", "The figures a coordinator needs: waiting, pending, cleared, denied, crossed",
     declare_stats, run_stats},
    {"duplicates",
     "Candidate pairs of the same person over every open case, best first (docs/dedup.md)",
     declare_duplicates, run_duplicates},
    {"demo-data", "Write a realistic, deterministic referral CSV", declare_demo_data,
     run_demo_data},
    {"demo", "Build a demo database and walk it through the stages", declare_demo, run_demo},
    {"keygen", "Make an officer's (or a witness's) Ed25519 key in a private file", declare_keygen,
     run_keygen},
    {"officer",
     "Register, revoke, rotate or list officers' keys (statements signed by the log key)",
     declare_officer, run_officer},
    {"witness", "Check a new checkpoint against the last one seen, and cosign it", declare_witness,
     run_witness},
    {"log", "The log: its key, export tiles, proofs for a case, checkpoints, cosignatures",
     declare_log, run_log},
    {"verify",
     "Verify a whole log (an export directory, or --db: also every table replayed from the log); "
     "exit 65 if anything fails, 75 if not witnessed by a quorum",
     declare_verify, run_verify},
    {"figures",
     "The public figures of an exported log (verified first) or of --db, as canonical JSON",
     declare_figures, run_figures},
    {"verify-proof",
     "Verify a proof from corridor log proof, with no store; exit 75 if not witnessed by a quorum",
     declare_verify_proof, run_verify_proof},
    {"submit", "Submit a statement signed elsewhere (a C2SP signed note)", declare_submit,
     run_submit},
    {"rebuild", "Replay the log into fresh case tables; they must come out the same",
     declare_rebuild, run_rebuild},
    {"crossing", "Open, suspend or close crossing days (signed, with a reason); list the calendar",
     declare_crossing, run_crossing},
    {"manifest", "Build a day's manifest by the priority policy, approve it, show the list",
     declare_manifest, run_manifest},
    {"gate", "Check travellers in at the gate, re-examinations, close and attest the day",
     declare_gate, run_gate},
    {"plan",
     "The capacity planner: how long the backlog takes and how many die waiting, per scenario",
     declare_plan, run_plan},
    {"mrz", "Read a passport's or ID card's machine readable zone and check its digits",
     declare_mrz, run_mrz},
    {"account", "Add, list or disable the HTTP API's accounts; set their passwords",
     declare_account, run_account},
    {"serve",
     "Run the HTTP API, the web UI (built into corridor), the log's tiles and the metrics "
     "(docs/api.md)",
     declare_serve, run_serve},
};

}  // namespace

std::span<const Command> commands() { return k_commands; }

}  // namespace corridor::cli
