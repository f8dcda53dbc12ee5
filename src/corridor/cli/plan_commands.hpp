#pragma once
// `corridor plan run|compare|calibrate`: the capacity planner
// (docs/planner.md). A row of the table in commands.cpp.

#include <corridor/cli/args.hpp>

namespace CLI {
class App;
}

namespace corridor::cli {

void declare_plan(CLI::App& app, Args& a);
int run_plan(const Args& a, Io& io);

}  // namespace corridor::cli
