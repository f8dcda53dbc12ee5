#pragma once
// The subcommand table (ninja style): one row per command with its
// summary, the options it declares and the function that runs it.

#include <corridor/cli/args.hpp>

#include <span>
#include <string_view>

namespace CLI {
class App;
}

namespace corridor::cli {

struct Command {
  std::string_view name;
  std::string_view summary;
  void (*declare)(CLI::App& app, Args& args);
  int (*run)(const Args& args, Io& io);
};

std::span<const Command> commands();

// `corridor stats`: the deployment's figures (`demo` ends by printing them).
int run_stats(const Args& args, Io& io);

}  // namespace corridor::cli
