#include <corridor/cli/commands.hpp>

#include <corridor/app/keyfile.hpp>
#include <corridor/app/service.hpp>
#include <corridor/cli/account_command.hpp>
#include <corridor/cli/common.hpp>
#include <corridor/cli/crossing_commands.hpp>
#include <corridor/cli/demo_commands.hpp>
#include <corridor/cli/exit_codes.hpp>
#include <corridor/cli/figures_command.hpp>
#include <corridor/cli/format.hpp>
#include <corridor/cli/log_commands.hpp>
#include <corridor/cli/mrz_command.hpp>
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

// --- shared option declarations --------------------------------------------

// The server of an officer's command, instead of --db (remote.hpp).
void server_option(CLI::App& app, Args& a) {
  app.add_option("--server", a.server,
                 "A Corridor server's URL (http://HOST:PORT), instead of --db; the password "
                 "comes from CORRIDOR_PASSWORD or standard input");
}

// The deployment database, or a server. Its config was stored by `init`;
// every command runs under that config, so no officer can bring rules of
// their own.
void db_options(CLI::App& app, Args& a) {
  app.add_option("--db", a.db, "The deployment database (made by corridor init)");
  server_option(app, a);
}

// A command that only reads names, with --server, the account it signs in
// as.
void reader_key_option(CLI::App& app, Args& a) {
  app.add_option("--key", a.key,
                 "With --server: the officer's key file; its officer's account signs in");
}

void json_option(CLI::App& app, Args& a) {
  app.add_flag("--json", a.json, "Print JSON instead of text");
}

// The officer's private key: the statement is signed here, with it, and
// only the signed statement reaches the store.
void key_option(CLI::App& app, Args& a) {
  app.add_option("--key", a.key,
                 "The officer's private key file (made by corridor keygen); it signs the "
                 "statement here, in this process")
      ->required();
  app.add_option("--log-key", a.log_key,
                 "The log key file, if not the one corridor init recorded (it signs the "
                 "checkpoint that follows)");
}

void officer_options(CLI::App& app, Args& a) {
  key_option(app, a);
  app.add_option("--note", a.note,
                 "A note for the record (kept privately; the log holds its hash)");
}

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

void declare_cases(CLI::App& app, Args& a) {
  db_options(app, a);
  app.add_option("--state", a.state,
                 "registered, in-review, returned, cleared, denied, withdrawn, deceased, expired");
  app.add_option("--direction", a.direction, "exit or entry");
  app.add_option("--category", a.category, "A category of the config (medical, companion, ...)");
  json_option(app, a);
  reader_key_option(app, a);
}

core::Result<app::CaseFilter> case_filter(const Args& a) {
  app::CaseFilter f;
  f.category = a.category;
  if (a.state && !(f.state = core::parse_case_state(*a.state)))
    return core::make_error(core::Errc::usage, "--state: unknown state '" + *a.state + "'");
  if (a.direction && !(f.direction = core::parse_direction(*a.direction)))
    return core::make_error(core::Errc::usage,
                            "--direction: must be exit or entry (got " + *a.direction + ")");
  return f;
}

int run_cases(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  auto filter = case_filter(a);
  if (!filter) return fail(io, filter.error());
  if (a.server)
    return with_remote(a, io, [&](Remote& r) {
      return get_all(
          r,
          with_query("/api/v1/cases",
                     {{"state", a.state}, {"direction", a.direction}, {"category", a.category}}),
          "cases");
    });
  return with_service(
      a, io,
      [&](app::Service& svc) {
        if (a.category && !svc.config().find_category(*a.category))
          return fail(io, core::make_error(core::Errc::usage,
                                           "--category: no category '" + *a.category + "'"));
        auto cases = svc.list_cases(*filter);
        if (!cases) return fail(io, cases.error());
        if (a.json)
          io.out << to_json(*cases).dump(2) << "\n";
        else
          print_cases(io.out, *cases);
        return k_exit_ok;
      },
      Access::read);
}

void declare_case(CLI::App& app, Args& a) {
  db_options(app, a);
  app.add_option("REF", a.ref, "The case reference")->required();
  json_option(app, a);
  reader_key_option(app, a);
}

int run_case(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  if (a.server)
    return with_remote(a, io,
                       [&](Remote& r) { return r.get("/api/v1/cases/" + path_segment(a.ref)); });
  return with_service(
      a, io,
      [&](app::Service& svc) {
        auto c = svc.get_case(a.ref);
        if (!c) return fail(io, c.error());
        if (a.json)
          io.out << to_json(*c, io.env.now()).dump(2) << "\n";
        else
          print_case(io.out, *c, io.env.now());
        return k_exit_ok;
      },
      Access::read);
}

void declare_decide(CLI::App& app, Args& a) {
  db_options(app, a);
  app.add_option("REF", a.ref, "The case reference")->required();
  app.add_option("STAGE", a.stage, "The stage (referral, registration, acceptance, security)")
      ->required();
  app.add_option("OUTCOME", a.outcome, "approve, deny, return or revoke")
      ->required()
      ->check(CLI::IsMember({"approve", "deny", "return", "revoke"}));
  officer_options(app, a);
  app.add_option("--reason", a.reason, "Reason code for a deny (from the stage's list)");
  app.add_option("--snapshot", a.snapshot,
                 "The snapshot hash the decision is made on (default: the case's current one)");
}

// Over --server, printing what the local command prints.
int remote_decide(const Args& a, Io& io) {
  nlohmann::json body{{"stage", a.stage}, {"outcome", a.outcome}};
  if (!a.reason.empty()) body["reason"] = a.reason;
  if (!a.note.empty()) body["note"] = a.note;
  if (a.snapshot) body["snapshot"] = *a.snapshot;
  auto remote = connect(a, io);
  if (!remote) return fail(io, remote.error());
  auto rep = (*remote)->change("/api/v1/cases/" + path_segment(a.ref) + "/decisions", body);
  if (!rep) return fail(io, rep.error());
  io.out << a.ref << ": " << a.stage << " " << a.outcome << " signed by " << (*remote)->signer()
         << "; case is " << rep->value("state", "?") << "\n";
  return k_exit_ok;
}

int run_decide(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  app::DecideRequest req{a.ref,    a.stage, *core::parse_outcome(a.outcome),
                         a.reason, a.note,  std::nullopt};
  if (req.outcome != core::Outcome::deny && !req.reason.empty())
    return fail(io, core::make_error(core::Errc::usage, "--reason goes with deny only"));
  if (a.snapshot && !(req.snapshot = core::hash_from_hex(*a.snapshot)))
    return fail(io, core::make_error(core::Errc::usage, "--snapshot: not 64 hex digits"));
  if (a.server) return remote_decide(a, io);
  auto key = signing_key(a);
  if (!key) return fail(io, key.error());
  return with_service(a, io, [&](app::Service& svc) {
    auto rep = svc.decide(req, *key);
    if (!rep) return fail(io, rep.error());
    io.out << a.ref << ": " << a.stage << " " << a.outcome << " signed by "
           << key->public_key().name << "; case is " << core::to_string(rep->state) << "\n";
    return k_exit_ok;
  });
}

void declare_amend(CLI::App& app, Args& a) {
  db_options(app, a);
  app.add_option("REF", a.ref, "The case reference")->required();
  app.add_option("CHANGES", a.changes,
                 "FIELD=VALUE pairs; fields: national_id passport_no name_ar name_en "
                 "date_of_birth sex nationality phone urgency diagnosis (those the "
                 "config's [[amend]] lets your party amend)")
      ->required();
  key_option(app, a);
}

// Over --server. The amendment is made on the version of the case this
// command reads first: its ETag goes as If-Match, so a change made since is
// refused (409 stale-version) instead of being overwritten. The server
// refuses If-Match "*".
int remote_amend(const Args& a, Io& io, const app::AmendRequest& req) {
  nlohmann::json changes = nlohmann::json::object();
  for (const auto& [field, value] : req.changes) changes[field] = value;
  const std::string path = "/api/v1/cases/" + path_segment(a.ref);
  return with_remote(a, io, [&](Remote& r) -> core::Result<nlohmann::json> {
    auto version = r.get_etag(path + "?why=amendment");
    if (!version) return std::move(version).error();
    return r.change(path + "/amendments", {{"changes", changes}}, *version);
  });
}

int run_amend(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  app::AmendRequest req{a.ref, {}};
  for (const std::string& c : a.changes) {
    auto eq = c.find('=');
    if (eq == std::string::npos || eq == 0)
      return fail(io, core::make_error(core::Errc::usage, "expected FIELD=VALUE, got '" + c + "'"));
    req.changes.emplace_back(c.substr(0, eq), c.substr(eq + 1));
  }
  if (a.server) return remote_amend(a, io, req);
  auto key = signing_key(a);
  if (!key) return fail(io, key.error());
  return with_service(a, io, [&](app::Service& svc) {
    auto rep = svc.amend(req, *key);
    if (!rep) return fail(io, rep.error());
    io.out << a.ref << ": amended ";
    for (std::size_t i = 0; i < rep->fields.size(); ++i)
      io.out << (i ? ", " : "") << rep->fields[i];
    const auto& identity = core::snapshot_fields();
    const bool identity_changed =
        std::any_of(rep->fields.begin(), rep->fields.end(), [&](const std::string& f) {
          return std::find(identity.begin(), identity.end(), f) != identity.end();
        });
    io.out << (identity_changed ? "; new snapshot" : "; same snapshot (private fields only)");
    if (!rep->now_stale.empty()) {
      io.out << "; now stale:";
      for (const std::string& s : rep->now_stale) io.out << " " << s;
    }
    io.out << "; case is " << core::to_string(rep->state) << "\n";
    for (const core::Flag& f : rep->flags) io.out << "flag " << f.code << ": " << f.detail << "\n";
    return k_exit_ok;
  });
}

void declare_close(CLI::App& app, Args& a) {
  db_options(app, a);
  app.add_option("REF", a.ref, "The case reference")->required();
  app.add_option("KIND", a.outcome, "withdrawn or deceased")
      ->required()
      ->check(CLI::IsMember({"withdrawn", "deceased"}));
  officer_options(app, a);
}

// Over --server, printing what the local command prints.
int remote_close(const Args& a, Io& io) {
  nlohmann::json body{{"kind", a.outcome}};
  if (!a.note.empty()) body["note"] = a.note;
  auto remote = connect(a, io);
  if (!remote) return fail(io, remote.error());
  auto rep = (*remote)->change("/api/v1/cases/" + path_segment(a.ref) + "/closure", body);
  if (!rep) return fail(io, rep.error());
  io.out << a.ref << ": closed as " << rep->value("state", "?") << ", signed by "
         << (*remote)->signer() << "\n";
  return k_exit_ok;
}

int run_close(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  if (a.server) return remote_close(a, io);
  auto key = signing_key(a);
  if (!key) return fail(io, key.error());
  return with_service(a, io, [&](app::Service& svc) {
    app::CloseRequest req{a.ref, *core::parse_closure_kind(a.outcome), a.note};
    auto state = svc.close_case(req, *key);
    if (!state) return fail(io, state.error());
    io.out << a.ref << ": closed as " << core::to_string(*state) << ", signed by "
           << key->public_key().name << "\n";
    return k_exit_ok;
  });
}

void declare_stats(CLI::App& app, Args& a) {
  db_options(app, a);
  json_option(app, a);
  app.add_option("--since", a.since,
                 "Count crossings from this date, YYYY-MM-DD (e.g. the ceasefire); default: all");
  reader_key_option(app, a);
}

// --overdue has no field in the Args every command shares, so it is kept
// here (as account_command.cpp keeps --role).
bool& overdue_only() {
  static bool overdue = false;
  return overdue;
}

void declare_queue(CLI::App& app, Args& a) {
  app.add_option("--server", a.server, "A Corridor server's URL (http://HOST:PORT)")->required();
  reader_key_option(app, a);
  app.add_option("--stage", a.stage, "Only this stage (referral, registration, ...)");
  app.add_option("--category", a.category, "Only this category");
  app.add_option("--direction", a.direction, "exit or entry");
  overdue_only() = false;
  app.add_flag("--overdue", overdue_only(), "Only items past their stage's deadline");
}

// The signed-in officer's party's work queue, from the server (it is
// derived there from every case; there is no local form).
int run_queue(const Args& a, Io& io) {
  const std::optional<std::string> stage =
      a.stage.empty() ? std::nullopt : std::optional<std::string>(a.stage);
  const std::string path =
      with_query("/api/v1/queue",
                 {{"stage", stage},
                  {"category", a.category},
                  {"direction", a.direction},
                  {"overdue", overdue_only() ? std::optional<std::string>("1") : std::nullopt}});
  return with_remote(a, io, [&](Remote& r) { return get_all(r, path, "items"); });
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
    {"queue", "The work queue of the signed-in officer's party, from a server (--server)",
     declare_queue, run_queue},
    {"stats", "The figures a coordinator needs: waiting, pending, cleared, denied, crossed",
     declare_stats, run_stats},
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

int run_stats(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  std::optional<core::Date> since;
  if (a.since) {
    since = core::parse_date(*a.since);
    if (!since) {
      io.err << "corridor: --since: not a date YYYY-MM-DD: " << *a.since << "\n";
      return k_exit_usage;
    }
  }
  if (a.server)
    return with_remote(a, io, [&](Remote& r) {
      return r.get(with_query("/api/v1/stats", {{"since", a.since}}));
    });
  return with_service(
      a, io,
      [&](app::Service& svc) {
        auto st = svc.stats(since);
        if (!st) return fail(io, st.error());
        if (a.json)
          io.out << to_json(*st).dump(2) << "\n";
        else
          print_stats(io.out, *st, svc.config());
        return k_exit_ok;
      },
      Access::read);
}

std::span<const Command> commands() { return k_commands; }

}  // namespace corridor::cli
