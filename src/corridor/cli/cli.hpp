#pragma once
// The `corridor` command line: subcommands declared in one table
// (commands.cpp), each a thin adapter over app::Service.

namespace corridor::cli {

// Runs the command line; returns the process exit status (exit_codes.hpp).
int main(int argc, char** argv);

}  // namespace corridor::cli
