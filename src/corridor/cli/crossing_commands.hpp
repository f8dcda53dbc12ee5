#pragma once
// The commands of crossing operations (issue 4): crossing, manifest, gate.
// Rows of the table in commands.cpp; docs/crossing.md describes them.

#include <corridor/cli/args.hpp>

namespace CLI {
class App;
}

namespace corridor::cli {

void declare_crossing(CLI::App& app, Args& a);
int run_crossing(const Args& a, Io& io);
void declare_manifest(CLI::App& app, Args& a);
int run_manifest(const Args& a, Io& io);
void declare_gate(CLI::App& app, Args& a);
int run_gate(const Args& a, Io& io);

}  // namespace corridor::cli
