#pragma once
// `corridor plan calibrate --db DB [--since DATE] [--out FILE]`: a scenario
// calibrated from a deployment (plan/calibrate.hpp), a sub-subcommand of
// the `plan` group (plan_commands.cpp).

#include <corridor/cli/args.hpp>

namespace CLI {
class App;
}

namespace corridor::cli {

// Declares the options of `plan calibrate` on its App (a row of
// plan_commands.cpp's table), and runs it.
void declare_plan_calibrate(CLI::App& s);
int run_plan_calibrate(const Args& a, Io& io);

}  // namespace corridor::cli
