#pragma once
// `corridor duplicates --db DB [--min-score S] [--json]`: candidate pairs of
// the same person over every open case (docs/dedup.md). A row of the table
// in commands.cpp.

#include <corridor/cli/args.hpp>

namespace CLI {
class App;
}

namespace corridor::cli {

void declare_duplicates(CLI::App& app, Args& a);
int run_duplicates(const Args& a, Io& io);

}  // namespace corridor::cli
