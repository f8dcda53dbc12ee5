#pragma once
// corridor account: the HTTP API's accounts (docs/accounts.md). A row of
// the table in commands.cpp.
//
//   corridor account add --db DB --name NAME --role officer|admin|monitor [--party P]
//   corridor account list --db DB [--json]
//   corridor account disable --db DB --name NAME
//   corridor account passwd --db DB --name NAME
//
// add and passwd read the password from the first line of standard input,
// or, on a terminal, ask for it twice without echo.

#include <corridor/cli/args.hpp>

namespace CLI {
class App;
}

namespace corridor::cli {

// Declares the four sub-subcommands and their options.
void declare_account(CLI::App& app, Args& a);

// Runs the sub-subcommand a.sub. Returns 0 on success; 64 for bad input (a
// bad role, name, party or password, an empty password), 66 for a missing
// database or account, 69 for a name that is taken, 70 for a store failure;
// io.err says why.
int run_account(const Args& a, Io& io);

}  // namespace corridor::cli
