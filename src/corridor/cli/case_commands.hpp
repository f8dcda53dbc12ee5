#pragma once
// The commands about cases (case_commands.cpp): cases, case, decide,
// amend, close, queue and stats, each a declare/run pair for commands.cpp's
// table.

#include <corridor/cli/args.hpp>

namespace CLI {
class App;
}

namespace corridor::cli {

void declare_cases(CLI::App& app, Args& a);
int run_cases(const Args& a, Io& io);
void declare_case(CLI::App& app, Args& a);
int run_case(const Args& a, Io& io);
void declare_decide(CLI::App& app, Args& a);
int run_decide(const Args& a, Io& io);
void declare_amend(CLI::App& app, Args& a);
int run_amend(const Args& a, Io& io);
void declare_close(CLI::App& app, Args& a);
int run_close(const Args& a, Io& io);
void declare_queue(CLI::App& app, Args& a);
int run_queue(const Args& a, Io& io);
void declare_stats(CLI::App& app, Args& a);
// run_stats is in commands.hpp (`demo` ends by printing the figures).

}  // namespace corridor::cli
