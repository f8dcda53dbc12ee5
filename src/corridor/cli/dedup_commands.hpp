#pragma once
// The decisions on possible duplicates (docs/dedup.md): same-person and
// different-persons, each a declare/run pair for commands.cpp's table,
// signed with the officer's key here, on a database or over --server.

#include <corridor/cli/args.hpp>

namespace CLI {
class App;
}

namespace corridor::cli {

void declare_same_person(CLI::App& app, Args& a);
int run_same_person(const Args& a, Io& io);
void declare_different_persons(CLI::App& app, Args& a);
int run_different_persons(const Args& a, Io& io);

}  // namespace corridor::cli
