#pragma once
// `corridor figures DIR | --db DB`: the public figures (docs/figures.md).
// A row of the table in commands.cpp.

#include <corridor/cli/args.hpp>

namespace CLI {
class App;
}

namespace corridor::cli {

void declare_figures(CLI::App& app, Args& a);
int run_figures(const Args& a, Io& io);

}  // namespace corridor::cli
