#pragma once
// What every command's runner shares: reporting an error with its exit
// code, and opening the deployment's Service.

#include <corridor/app/service.hpp>
#include <corridor/cli/args.hpp>
#include <corridor/cli/exit_codes.hpp>

#include <optional>
#include <ostream>
#include <string>

namespace CLI {
class App;
}

namespace corridor::cli {

inline int fail(Io& io, const core::Error& e) {
  io.err << "corridor: " << e.message << "\n";
  for (const std::string& d : e.details) io.err << "  " << d << "\n";
  return exit_code(e.code);
}

enum class Access { read, write };

// Declares a sub-subcommand (`officer add`, `gate checkin`) that records
// its name in a.sub when it runs.
CLI::App* sub(CLI::App& app, Args& a, const char* name, const char* summary);

// Reads --key: the officer's private key file, refused if others may read
// it or if it names no officer.
core::Result<ledger::PrivateKey> signing_key(const Args& a);

// Reads FILE, or standard input for "-".
core::Result<std::string> read_input(const std::string& path);

// Writes `bytes` to PATH.partial, flushes it to disk, then renames it over
// PATH: a reader sees the old file or the new one, never half of one.
// Errc::internal naming the path if it cannot.
core::Result<void> write_atomically(const std::string& path, const std::string& bytes);

// The log key given with --log (pinned), or nullopt when none was given;
// Errc::usage naming --log if it is not a verifier key.
core::Result<std::optional<ledger::PublicKey>> log_vkey(const Args& a);

// Opens the service and runs `fn` on it, or reports why it could not.
template <class Fn>
int with_service(const Args& a, Io& io, Fn fn, Access access = Access::write) {
  auto svc = app::Service::open(app::OpenOptions{a.db, access == Access::read, a.log_key}, io.env);
  if (!svc) return fail(io, svc.error());
  return fn(**svc);
}

}  // namespace corridor::cli
