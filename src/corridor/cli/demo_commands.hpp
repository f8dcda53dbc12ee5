#pragma once
// The demo's commands: `demo-data` (a deterministic referral CSV) and
// `demo` (a demo deployment walked through the stages). Rows of the table
// in commands.cpp; the work is the demo module's (src/corridor/demo/).

#include <corridor/cli/args.hpp>

namespace CLI {
class App;
}

namespace corridor::cli {

void declare_demo_data(CLI::App& app, Args& a);
int run_demo_data(const Args& a, Io& io);
void declare_demo(CLI::App& app, Args& a);
int run_demo(const Args& a, Io& io);

}  // namespace corridor::cli
