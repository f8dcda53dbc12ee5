#include <corridor/cli/options.hpp>

#include <CLI/CLI.hpp>

namespace corridor::cli {

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

}  // namespace corridor::cli
