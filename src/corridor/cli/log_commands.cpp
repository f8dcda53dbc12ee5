#include <corridor/cli/log_commands.hpp>

#include <corridor/app/apply.hpp>
#include <corridor/app/keyfile.hpp>
#include <corridor/app/log_ops.hpp>
#include <corridor/app/verify.hpp>
#include <corridor/cli/common.hpp>
#include <corridor/cli/remote.hpp>
#include <corridor/cli/witness_command.hpp>
#include <corridor/ledger/case_proof.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/database.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <iterator>

namespace corridor::cli {
namespace {

core::Error usage(const std::string& what) { return core::make_error(core::Errc::usage, what); }

}  // namespace

// --- keygen ----------------------------------------------------------------

void declare_keygen(CLI::App& app, Args& a) {
  app.add_option("--party", a.party, "The officer's party (who, egypt, cogat, pa, eubam)")
      ->required();
  app.add_option("--officer", a.officer, "The officer's name: letters, digits, . _ -")->required();
  app.add_option("--out", a.out, "The private key file to create (mode 0600; never overwritten)")
      ->required();
  app.add_flag("--witness", a.witness,
               "Make a witness key (cosigns checkpoints, C2SP type 0x04) instead of a signing key");
}

int run_keygen(const Args& a, Io& io) {
  if (!ledger::valid_officer_name(a.officer))
    return fail(io, usage("--officer: '" + a.officer +
                          "' is not a valid name (1 to 64 of letters, digits, '.', '_', '-')"));
  if (!ledger::valid_officer_name(a.party))
    return fail(io, usage("--party: '" + a.party + "' is not a party id"));
  auto key = ledger::PrivateKey::generate(
      ledger::officer_key_name(a.party, a.officer),
      a.witness ? ledger::KeyType::cosignature : ledger::KeyType::ed25519);
  if (auto w = app::write_key_file(*a.out, key); !w) return fail(io, w.error());
  io.err << "wrote the private key to " << *a.out << " (only you can read it; it never leaves "
         << "that file). Give this verifier key to the deployment's admin:\n";
  io.out << ledger::format_vkey(key.public_key()) << "\n";
  return k_exit_ok;
}

// --- officer ---------------------------------------------------------------

void declare_officer(CLI::App& app, Args& a) {
  app.require_subcommand(1);
  CLI::App* add = sub(app, a, "add", "Register an officer's verifier key (or a witness key)");
  add->add_option("--db", a.db, "The deployment database")->required();
  add->add_option("--party", a.party, "The officer's party")->required();
  add->add_option("--name", a.name, "The officer's name")->required();
  add->add_option("--key", a.key, "The verifier key printed by corridor keygen")->required();
  add->add_option("--log-key", a.log_key, "The log key file, if not the one init recorded");
  CLI::App* revoke = sub(app, a, "revoke", "Revoke an officer's key: it signs nothing more");
  revoke->add_option("--db", a.db, "The deployment database")->required();
  revoke->add_option("--party", a.party, "The officer's party")->required();
  revoke->add_option("--name", a.name, "The officer's name")->required();
  revoke->add_option("--log-key", a.log_key, "The log key file, if not the one init recorded");
  CLI::App* rotate = sub(app, a, "rotate",
                         "Replace an officer's key (active or revoked) with a new one: the old key "
                         "signs nothing after it");
  rotate->add_option("--db", a.db, "The deployment database")->required();
  rotate->add_option("--party", a.party, "The officer's party")->required();
  rotate->add_option("--name", a.name, "The officer's name")->required();
  rotate->add_option("--key", a.key, "The new verifier key printed by corridor keygen")->required();
  rotate->add_option("--log-key", a.log_key, "The log key file, if not the one init recorded");
  CLI::App* list = sub(app, a, "list", "List the officers' keys and their status");
  list->add_option("--db", a.db, "The deployment database")->required();
  list->add_flag("--json", a.json, "Print JSON");
}

int run_officer(const Args& a, Io& io) {
  if (a.sub == "list")
    return with_service(
        a, io,
        [&](app::Service& svc) {
          auto all = svc.officers();
          if (!all) return fail(io, all.error());
          nlohmann::json j = nlohmann::json::array();
          for (const auto& o : *all) {
            if (a.json) {
              j.push_back({{"party", o.party},
                           {"name", o.name},
                           {"key", o.vkey},
                           {"witness", o.witness},
                           {"added_at", core::format_timestamp(o.added_at)},
                           {"revoked_at",
                            o.revoked_at ? nlohmann::json(core::format_timestamp(*o.revoked_at))
                                         : nlohmann::json()}});
              continue;
            }
            io.out << o.party << "/" << o.name << (o.witness ? " (witness)" : "") << "  "
                   << (o.revoked_at ? "revoked " + core::format_timestamp(*o.revoked_at)
                                    : std::string("active"))
                   << "  " << o.vkey << "\n";
          }
          if (a.json) io.out << j.dump(2) << "\n";
          return k_exit_ok;
        },
        Access::read);
  return with_service(a, io, [&](app::Service& svc) {
    auto r = a.sub == "add"      ? svc.add_officer(a.party, a.name, a.key)
             : a.sub == "rotate" ? svc.rotate_officer(a.party, a.name, a.key)
                                 : svc.revoke_officer(a.party, a.name);
    if (!r) return fail(io, r.error());
    io.out << (a.sub == "add"      ? "registered "
               : a.sub == "rotate" ? "rotated the key of "
                                   : "revoked ")
           << a.party << "/" << a.name << " (a statement signed by the log key)\n";
    return k_exit_ok;
  });
}

// --- witness ---------------------------------------------------------------

void declare_witness(CLI::App& app, Args& a) {
  // --state and --key are required, here and by `witness serve`.
  app.add_option("--state", a.state_file,
                 "The witness's state file: the log's key and the last checkpoint it cosigned");
  app.add_option("--key", a.key, "The witness's private key file (corridor keygen --witness)");
  app.add_option("--db", a.db,
                 "Witness this deployment database directly: request, cosign, store the "
                 "cosignature");
  app.add_option("--request", a.request,
                 "Or: a tlog-witness add-checkpoint request body (FILE or -); prints the "
                 "cosignature");
  app.add_option("--log", a.log_vkey,
                 "The log's verifier key, to pin on first use (printed by corridor init)");
  declare_witness_serve(app, a);
}

int run_witness(const Args& a, Io& io) {
  if (a.sub == "serve") return run_witness_serve(a, io);
  if (a.state_file.empty() || a.key.empty())
    return fail(io, usage("--state FILE and --key FILE are required"));
  if (a.db.empty() == !a.request) return fail(io, usage("give --db DB or --request FILE"));
  auto key = app::read_key_file(a.key);
  if (!key) return fail(io, key.error());
  auto pinned = log_vkey(a);
  if (!pinned) return fail(io, pinned.error());
  auto state = app::read_witness_state(a.state_file);
  if (!state) return fail(io, state.error());
  std::uint64_t held = 0;
  if (!state->checkpoint.empty())
    if (auto cp = ledger::parse_checkpoint(state->checkpoint)) held = cp->size;
  if (a.request) {
    auto body = read_input(*a.request);
    if (!body) return fail(io, body.error());
    auto r = app::witness_add_checkpoint(a.state_file, *key, *pinned, *body, io.env.now());
    if (!r) return fail(io, r.error());
    io.out << r->cosignature;
    return k_exit_ok;
  }
  return with_service(a, io, [&](app::Service& svc) {
    std::optional<ledger::PublicKey> log_key = *pinned;
    if (!state->log_key && !log_key) {
      log_key = svc.log_key();
      io.err << "witness: first run: trusting the log key recorded in " << a.db << ": "
             << ledger::format_vkey(*log_key) << "\n";
    }
    auto db = svc.reader();
    if (!db) return fail(io, db.error());
    auto request = app::witness_request(**db, held);
    if (!request) return fail(io, request.error());
    auto r = app::witness_add_checkpoint(a.state_file, *key, log_key, *request, io.env.now());
    if (!r) return fail(io, r.error());
    // Stored by the deployment, next to the checkpoint.
    auto parties = svc.add_cosignature(r->size, r->cosignature);
    if (!parties) return fail(io, parties.error());
    io.out << r->cosignature;
    io.err << "witness: cosigned checkpoint " << r->size << " (from " << held << ") as "
           << key->public_key().name << "\n";
    return k_exit_ok;
  });
}

// --- log -------------------------------------------------------------------

void declare_log(CLI::App& app, Args& a) {
  app.require_subcommand(1);
  CLI::App* ex = sub(app, a, "export", "Write the log as C2SP tlog-tiles into a new directory");
  ex->add_option("--db", a.db, "The deployment database")->required();
  ex->add_option("--out", a.dir, "The directory to create")->required();
  CLI::App* pr = sub(app, a, "proof", "Print an offline-verifiable proof of a case's statements");
  pr->add_option("--db", a.db, "The deployment database");
  pr->add_option("--server", a.server,
                 "A Corridor server's URL (http://HOST:PORT), instead of --db; the password "
                 "comes from CORRIDOR_PASSWORD or standard input");
  pr->add_option("--key", a.key,
                 "With --server: the officer's key file; its officer's account signs in");
  pr->add_option("--ref", a.ref, "The case reference")->required();
  pr->add_option("--out", a.out, "Write to FILE instead of standard output");
  CLI::App* cp = sub(app, a, "checkpoint", "Print the latest checkpoint and its witnesses");
  cp->add_option("--db", a.db, "The deployment database")->required();
  CLI::App* key = sub(app, a, "key", "Print the log's verifier key (C2SP vkey), to pin it");
  key->add_option("--db", a.db, "The deployment database")->required();
  key->add_flag("--json", a.json, "Print JSON");
  CLI::App* rq = sub(app, a, "request", "Print a tlog-witness add-checkpoint request body");
  rq->add_option("--db", a.db, "The deployment database")->required();
  rq->add_option("--old", a.old_size, "The size of the checkpoint the witness holds")->required();
  CLI::App* co = sub(app, a, "cosign", "Store a witness's cosignature line(s) for a checkpoint");
  co->add_option("--db", a.db, "The deployment database")->required();
  co->add_option("--size", a.size, "The size of the checkpoint cosigned")->required();
  co->add_option("FILE", a.file, "The cosignature line(s), or - for standard input")->required();
}

// Prints a proof, or writes it to --out.
int emit_proof(const Args& a, Io& io, const std::string& proof) {
  if (!a.out) {
    io.out << proof;
    return k_exit_ok;
  }
  std::ofstream f(*a.out, std::ios::binary | std::ios::trunc);
  f << proof;
  f.close();
  if (!f) return fail(io, core::make_error(core::Errc::internal, *a.out + ": cannot write"));
  io.err << "wrote the proof of " << a.ref << " to " << *a.out << "\n";
  return k_exit_ok;
}

int remote_proof(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  auto remote = connect(a, io);
  if (!remote) return fail(io, remote.error());
  auto proof = (*remote)->get_text("/api/v1/log/proof/" + path_segment(a.ref));
  if (!proof) return fail(io, proof.error());
  return emit_proof(a, io, *proof);
}

int run_log(const Args& a, Io& io) {
  if (a.sub == "proof" && (a.server || a.db.empty())) return remote_proof(a, io);
  if (a.sub == "cosign") {
    auto lines = read_input(a.file);
    if (!lines) return fail(io, lines.error());
    return with_service(a, io, [&](app::Service& svc) {
      auto parties = svc.add_cosignature(a.size, *lines);
      if (!parties) return fail(io, parties.error());
      io.out << "stored the cosignature of checkpoint " << a.size << " by " << *parties << "\n";
      return k_exit_ok;
    });
  }
  return with_service(
      a, io,
      [&](app::Service& svc) {
        auto db = svc.reader();
        if (!db) return fail(io, db.error());
        if (a.sub == "export") {
          auto rep = app::export_log(**db, svc.config(), svc.log_key(), a.dir);
          if (!rep) return fail(io, rep.error());
          io.out << "exported " << rep->entries << " entries to " << a.dir << " (" << rep->files
                 << " files)\n";
          return k_exit_ok;
        }
        if (a.sub == "proof") {
          auto proof = app::case_proof(**db, svc.config(), svc.log_key(), a.ref);
          if (!proof) return fail(io, proof.error());
          return emit_proof(a, io, *proof);
        }
        if (a.sub == "key") {
          const std::string vkey = ledger::format_vkey(svc.log_key());
          if (a.json)
            io.out << nlohmann::json{{"origin", svc.config().log.origin}, {"key", vkey}}.dump(2)
                   << "\n";
          else
            io.out << vkey << "\n";
          return k_exit_ok;
        }
        if (a.sub == "request") {
          auto body = app::witness_request(**db, a.old_size);
          if (!body) return fail(io, body.error());
          io.out << *body;
          return k_exit_ok;
        }
        // checkpoint
        auto src = app::database_source(**db);
        auto cps = src->checkpoints();
        if (!cps) return fail(io, cps.error());
        if (cps->empty())
          return fail(io, core::make_error(core::Errc::not_found, "no checkpoint yet"));
        io.out << cps->back().note;
        return k_exit_ok;
      },
      Access::read);
}

// --- submit ----------------------------------------------------------------

void declare_submit(CLI::App& app, Args& a) {
  app.add_option("--db", a.db, "The deployment database");
  app.add_option("--server", a.server,
                 "A Corridor server's URL (http://HOST:PORT), instead of --db; the statement's "
                 "signer signs in (password from CORRIDOR_PASSWORD or standard input)");
  app.add_option("FILE", a.file,
                 "A signed statement (a whole C2SP signed note) made elsewhere, or - for stdin")
      ->required();
  app.add_option("--log-key", a.log_key, "The log key file, if not the one init recorded");
}

// Over --server: the account of the statement's signer signs in, as the
// server takes only an officer's own statements.
int remote_submit(const Args& a, Io& io, const app::SignedStatement& parsed) {
  const std::string& note = parsed.bytes;
  const Officer signer{parsed.statement.party, parsed.statement.officer};
  auto remote = Remote::connect(*a.server, std::nullopt, io, signer);
  if (!remote) return fail(io, remote.error());
  auto r = (*remote)->post_json("/api/v1/statements", {{"notes", nlohmann::json::array({note})}});
  if (!r) return fail(io, r.error());
  io.out << r->dump(2) << "\n";
  return k_exit_ok;
}

int run_submit(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  auto note = read_input(a.file);
  if (!note) return fail(io, note.error());
  // Parsed once, here: the writer takes it as it is.
  auto parsed = app::parse_signed_statement(*note);
  if (!parsed) return fail(io, parsed.error());
  if (a.server) return remote_submit(a, io, *parsed);
  return with_service(a, io, [&](app::Service& svc) {
    auto r = svc.submit(*parsed);
    if (!r) return fail(io, r.error());
    io.out << "accepted as entry " << r->index << ": " << ledger::to_string(r->statement.kind())
           << " by " << ledger::officer_key_name(r->statement.party, r->statement.officer) << "\n";
    return k_exit_ok;
  });
}

}  // namespace corridor::cli
