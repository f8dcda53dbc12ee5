// The commands that check the log (issue 13): verify (an export, or a
// database with its projection replayed), verify-proof, and rebuild. Rows
// of the table in commands.cpp; declared in log_commands.hpp.

#include <corridor/app/log_ops.hpp>
#include <corridor/app/replay.hpp>
#include <corridor/app/verify.hpp>
#include <corridor/cli/common.hpp>
#include <corridor/cli/log_commands.hpp>
#include <corridor/ledger/case_proof.hpp>
#include <corridor/ledger/witness_pin.hpp>
#include <corridor/store/database.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <iostream>
#include <iterator>

namespace corridor::cli {
namespace {

core::Error usage(const std::string& what) { return core::make_error(core::Errc::usage, what); }

// The witness keys given with --witness (each a C2SP vkey, type 0x04,
// named "<party>/...").
core::Result<std::vector<ledger::PublicKey>> witness_vkeys(const Args& a) {
  std::vector<ledger::PublicKey> out;
  for (const auto& v : a.witness_vkeys) {
    auto k = ledger::parse_witness_vkey(v);
    if (!k) return usage("--witness: " + k.error().message);
    out.push_back(*k);
  }
  return out;
}

constexpr const char* k_witness_help =
    "A witness's verifier key (type 0x04, <party>/...), fetched from its party; repeatable. "
    "Only cosignatures by these keys count toward the quorum, whatever the log registers";

// Said whenever the witness keys counted are the ones the log registers.
void warn_unpinned(Io& io, const std::string& cmd) {
  io.err << cmd
         << ": WARNING: the witness keys are not pinned: the ones the log registers count, and "
            "whoever holds the log key can register its own, so the quorum does not protect "
            "against it; pass --witness VKEY for each witness's key, fetched from its party\n";
}

// The cosignature lines of registered witness keys that were not counted.
void print_not_pinned(Io& io, const std::vector<std::string>& names) {
  for (const auto& n : names)
    io.out << "witness key " << n << ": not pinned (registered in the log), not counted\n";
}

// How many parties the pinned keys speak for.
std::size_t pinned_parties(const std::vector<ledger::PublicKey>& keys) {
  std::vector<std::string> parties;
  for (const auto& k : keys)
    if (std::find(parties.begin(), parties.end(), ledger::witness_party(k)) == parties.end())
      parties.push_back(ledger::witness_party(k));
  return parties.size();
}

std::string hex_short(const core::Hash256& h) { return core::to_hex(h).substr(0, 16); }

constexpr const char* k_allow_unwitnessed_help =
    "Exit 0 even if the latest checkpoint lacks a quorum of witness cosignatures (else 75)";

// The config's [[log.witness]] keys, which verify --db pins when no
// --witness is given.
core::Result<std::vector<ledger::PublicKey>> config_witness_keys(const core::Config& config) {
  std::vector<ledger::PublicKey> out;
  for (const auto& w : config.log.witness_urls) {
    if (w.key.empty()) continue;
    auto k = ledger::parse_witness_vkey(w.key);
    if (!k)
      return core::make_error(core::Errc::bad_input,
                              "config [[log.witness]] " + w.party + ": " + k.error().message);
    out.push_back(*k);
  }
  return out;
}

// The exit status of a check that passed: 75 unless witnessed or allowed.
int witnessed_exit(const Args& a, Io& io, bool witnessed, const std::string& why) {
  if (witnessed || a.allow_unwitnessed) return k_exit_ok;
  io.err << "corridor: " << why
         << ": not witnessed yet (exit 75); pass --allow-unwitnessed to accept an unwitnessed "
            "log\n";
  return k_exit_unwitnessed;
}

}  // namespace

// --- verify ----------------------------------------------------------------

void declare_verify(CLI::App& app, Args& a) {
  app.add_option("DIR", a.dir, "A log exported by corridor log export");
  app.add_option("--db", a.db,
                 "Or: a deployment database (every entry, and the projection tables replayed "
                 "from the log)");
  app.add_option("--log", a.log_vkey,
                 "The log's verifier key to trust (default: the one in DIR/log.vkey, or in the "
                 "database)");
  app.add_option("--quorum", a.quorum,
                 "How many witnesses of the policy's parties must cosign (default: DIR's "
                 "witness-policy, or the database's config)")
      ->check(CLI::Range(1, 1000));
  app.add_option(
      "--witness", a.witness_vkeys,
      std::string(k_witness_help) + " (default with --db: the config's [[log.witness]] keys)");
  app.add_flag("--allow-unwitnessed", a.allow_unwitnessed, k_allow_unwitnessed_help);
  app.add_flag("--json", a.json, "Print JSON");
}

namespace {

nlohmann::json rotations_json(const std::vector<app::KeyRotation>& rotations) {
  nlohmann::json out = nlohmann::json::array();
  for (const app::KeyRotation& k : rotations)
    out.push_back(
        {{"entry", k.entry}, {"officer", k.officer}, {"previous", k.previous}, {"key", k.key}});
  return out;
}

// "who/sara+1a2b3c4d+AbC..." -> "1a2b3c4d".
std::string key_id_of(const std::string& vkey) {
  const auto plus = vkey.find('+');
  return plus == std::string::npos ? vkey : vkey.substr(plus + 1, 8);
}

void print_verify_json(Io& io, const app::VerifyReport& r, const app::VerifyPolicy& p) {
  nlohmann::json j{{"ok", true},
                   {"entries", r.entries},
                   {"checkpointed", r.checkpointed},
                   {"not_in_checkpoint", r.unsealed},
                   {"checkpoints", r.checkpoints},
                   {"root", core::to_hex(r.root)},
                   {"keys", r.officer_keys},
                   {"rotations", rotations_json(r.rotations)},
                   {"cosigned_by", r.cosigned_by},
                   {"quorum", p.quorum},
                   {"witnessed", r.witnessed},
                   {"witness_keys_pinned", r.witness_keys_pinned},
                   {"not_pinned", r.not_pinned}};
  if (r.projection_checked)
    j["projection"] = {{"checked", true}, {"identities", r.identities}, {"notes", r.notes}};
  io.out << j.dump(2) << "\n";
}

void print_verify_text(Io& io, const app::VerifyReport& r, const app::VerifyPolicy& p) {
  io.out << "ok: " << r.entries << " entries, " << r.checkpoints << " checkpoint(s), root "
         << hex_short(r.root) << "..., " << r.officer_keys << " keys in the history\n";
  for (const app::KeyRotation& k : r.rotations)
    io.out << "key rotation at entry " << k.entry << ": " << k.officer << " signs with key "
           << key_id_of(k.key) << " from here on; key " << key_id_of(k.previous)
           << " is retired (registered by the log key's holder)\n";
  if (r.unsealed > 0)
    io.out << "entries " << r.checkpointed << ".." << r.entries - 1 << " (" << r.unsealed
           << "): not yet in a checkpoint (verified, but signed by no checkpoint and no "
              "witness)\n";
  if (r.projection_checked)
    io.out << "projection: every table identical to the log's replay; " << r.identities
           << " identities and " << r.notes << " notes match their hashes\n";
  print_not_pinned(io, r.not_pinned);
  io.out << "latest checkpoint cosigned by " << r.cosigned_by.size() << " of "
         << (r.witness_keys_pinned ? pinned_parties(p.witness_keys) : p.witness_parties.size())
         << (r.witness_keys_pinned ? " pinned" : "") << " witnesses (quorum " << p.quorum
         << "): " << (r.witnessed ? "witnessed" : "NOT witnessed yet") << "\n";
}

int verify_result(const Args& a, Io& io, const core::Result<app::VerifyReport>& r,
                  const app::VerifyPolicy& p) {
  if (!r) return fail(io, r.error());
  if (!r->witness_keys_pinned) warn_unpinned(io, "verify");
  if (a.json)
    print_verify_json(io, *r, p);
  else
    print_verify_text(io, *r, p);
  if (r->unsealed > 0)
    return witnessed_exit(a, io, false,
                          std::to_string(r->unsealed) + " entries are not yet in a checkpoint");
  return witnessed_exit(a, io, r->witnessed,
                        "the latest checkpoint (size " + std::to_string(r->checkpointed) +
                            ") has " + std::to_string(r->cosigned_by.size()) +
                            " valid witness cosignature(s), quorum " + std::to_string(p.quorum));
}

int verify_dir(const Args& a, Io& io, const std::optional<ledger::PublicKey>& pinned,
               std::vector<ledger::PublicKey> witnesses,
               const std::function<void(std::uint64_t)>& progress) {
  auto policy = app::read_export_policy(a.dir);
  if (!policy) return fail(io, policy.error());
  policy->witness_keys = std::move(witnesses);
  if (pinned) {
    policy->log_key = *pinned;
    policy->origin = pinned->name;
  } else {
    io.err << "verify: trusting the log key in " << a.dir
           << "/log.vkey; pass --log VKEY to pin the one you hold\n";
  }
  if (a.quorum)
    policy->quorum = *a.quorum;
  else
    io.err << "verify: the witness quorum (" << policy->quorum << ") is from " << a.dir
           << "/witness-policy; pass --quorum N to use your own\n";
  auto src = app::directory_source(a.dir);
  if (!src) return fail(io, src.error());
  return verify_result(a, io, app::verify_log(**src, *policy, progress), *policy);
}

}  // namespace

int run_verify(const Args& a, Io& io) {
  if (a.dir.empty() == a.db.empty()) return fail(io, usage("give a DIR or --db DB, not both"));
  auto pinned = log_vkey(a);
  if (!pinned) return fail(io, pinned.error());
  auto witnesses = witness_vkeys(a);
  if (!witnesses) return fail(io, witnesses.error());
  auto progress = [&](std::uint64_t n) { io.err << "verify: " << n << " entries\n"; };
  if (!a.dir.empty()) return verify_dir(a, io, *pinned, std::move(witnesses).value(), progress);
  return with_service(
      a, io,
      [&](app::Service& svc) {
        auto db = svc.reader();
        if (!db) return fail(io, db.error());
        app::VerifyPolicy policy = app::policy_of(svc.config(), pinned->value_or(svc.log_key()));
        if (!*pinned)
          io.err << "verify: trusting the log key recorded in " << a.db
                 << "; pass --log VKEY to pin the one you hold\n";
        if (a.quorum) policy.quorum = *a.quorum;
        policy.witness_keys = *witnesses;
        if (policy.witness_keys.empty()) {
          auto configured = config_witness_keys(svc.config());
          if (!configured) return fail(io, configured.error());
          policy.witness_keys = std::move(configured).value();
        }
        return verify_result(a, io, app::verify_database(**db, svc.config(), policy, progress),
                             policy);
      },
      Access::read);
}

void declare_verify_proof(CLI::App& app, Args& a) {
  app.add_option("FILE", a.file, "A proof written by corridor log proof (or - for stdin)")
      ->required();
  app.add_option("--log", a.log_vkey,
                 "The log's verifier key to trust (default: the one the proof names)");
  app.add_option("--quorum", a.quorum,
                 "How many witnesses must cosign (default: the quorum the proof states)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--witness", a.witness_vkeys, k_witness_help);
  app.add_flag("--allow-unwitnessed", a.allow_unwitnessed, k_allow_unwitnessed_help);
  app.add_flag("--json", a.json, "Print JSON");
}

namespace {

void print_proof(Io& io, const ledger::ProofReport& r) {
  io.out << "ok: case " << r.ref << ", " << r.statements.size()
         << " statement(s) in the log of size " << r.tree_size << "\n";
  for (const auto& s : r.statements) io.out << "  " << s << "\n";
  if (!r.rotations.empty()) io.out << "key rotations of the signers:\n";
  for (const auto& s : r.rotations) io.out << "  " << s << "\n";
  print_not_pinned(io, r.not_pinned);
  io.out << "cosigned by " << r.cosigned_by.size() << " witnesses (quorum " << r.quorum
         << "): " << (r.witnessed ? "witnessed" : "NOT witnessed") << "\n";
}

}  // namespace

int run_verify_proof(const Args& a, Io& io) {
  auto pinned = log_vkey(a);
  if (!pinned) return fail(io, pinned.error());
  auto text = read_input(a.file);
  if (!text) return fail(io, text.error());
  if (!*pinned)
    io.err << "verify-proof: trusting the log key the proof names; pass --log VKEY to pin it\n";
  if (!a.quorum)
    io.err << "verify-proof: using the witness quorum the proof states; pass --quorum N to use "
              "your own\n";
  auto witnesses = witness_vkeys(a);
  if (!witnesses) return fail(io, witnesses.error());
  auto r = ledger::verify_proof(*text, *pinned, a.quorum, *witnesses);
  if (!r) return fail(io, r.error());
  if (!r->witness_keys_pinned) warn_unpinned(io, "verify-proof");
  if (a.json) {
    io.out << nlohmann::json{{"ok", true},
                             {"case", r->ref},
                             {"tree_size", r->tree_size},
                             {"statements", r->statements},
                             {"rotations", r->rotations},
                             {"cosigned_by", r->cosigned_by},
                             {"quorum", r->quorum},
                             {"witnessed", r->witnessed},
                             {"witness_keys_pinned", r->witness_keys_pinned},
                             {"not_pinned", r->not_pinned}}
                  .dump(2)
           << "\n";
  } else {
    print_proof(io, *r);
  }
  return witnessed_exit(a, io, r->witnessed,
                        "the proof's checkpoint (size " + std::to_string(r->tree_size) + ") has " +
                            std::to_string(r->cosigned_by.size()) +
                            " valid witness cosignature(s), quorum " + std::to_string(r->quorum));
}

// --- rebuild ---------------------------------------------------------------

void declare_rebuild(CLI::App& app, Args& a) {
  app.add_option("--db", a.db, "The deployment database")->required();
  app.add_flag("--check", a.check,
               "Compare only: replay into a scratch copy in memory, name the first difference; "
               "the database is only read");
  app.add_option("--log-key", a.log_key, "The log key file, if not the one init recorded");
}

int run_rebuild(const Args& a, Io& io) {
  return with_service(
      a, io,
      [&](app::Service& svc) {
        auto r = svc.rebuild(a.check);
        if (!r) return fail(io, r.error());
        const bool same = r->difference.empty() && r->before == r->after;
        io.out << "replayed " << r->entries << " statements; case tables "
               << (same ? "identical" : "DIFFERED") << " (before " << hex_short(r->before)
               << "..., after " << hex_short(r->after) << "...)"
               << (a.check ? "; nothing written" : "") << "\n";
        if (!r->difference.empty()) io.out << r->difference << "\n";
        if (!same && !a.check) io.out << "the tables now hold what the log says\n";
        return same ? k_exit_ok : k_exit_data;
      },
      a.check ? Access::read : Access::write);
}

}  // namespace corridor::cli
