#pragma once
// The options many commands share: where the deployment is (--db or
// --server), the key that reads or signs, --json.

#include <corridor/cli/args.hpp>

namespace CLI {
class App;
}

namespace corridor::cli {

// The server of an officer's command, instead of --db (remote.hpp).
void server_option(CLI::App& app, Args& a);
// The deployment database, or a server.
void db_options(CLI::App& app, Args& a);
// A command that only reads names, with --server: the account it signs in as.
void reader_key_option(CLI::App& app, Args& a);
void json_option(CLI::App& app, Args& a);
// The officer's private key (and the log key) of a command that signs.
void key_option(CLI::App& app, Args& a);
// key_option and --note.
void officer_options(CLI::App& app, Args& a);

}  // namespace corridor::cli
