#pragma once
// corridor serve: the HTTP API, the log and the metrics in one process
// (docs/api.md). A row of the table in commands.cpp.

#include <corridor/cli/args.hpp>

namespace CLI {
class App;
}

namespace corridor::cli {

void declare_serve(CLI::App& app, Args& a);

// Serves until SIGTERM or SIGINT, then finishes the requests in flight and
// exits 0. Prints "listening on http://HOST:PORT" once bound (with port 0,
// the port the system chose). 64 for a bad --listen, 69 if the address is
// taken, 66 for a missing database.
int run_serve(const Args& a, Io& io);

}  // namespace corridor::cli
