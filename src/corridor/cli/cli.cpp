#include <corridor/cli/cli.hpp>

#include <corridor/cli/commands.hpp>
#include <corridor/cli/exit_codes.hpp>

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

namespace corridor::cli {

int main(int argc, char** argv) {
  CLI::App app{
      "Corridor: every party's approval of every traveller, signed, logged and verifiable.\n"
      "Run 'corridor COMMAND --help' for a command's options."};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show the help of every command");
  Args args;
  for (const Command& c : commands())
    c.declare(*app.add_subcommand(std::string(c.name), std::string(c.summary)), args);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "corridor: " << e.what() << "\n(run 'corridor --help' for usage)\n";
    return k_exit_usage;
  }
  auto env = app::system_env();
  Io io{std::cout, std::cerr, *env};
  try {
    for (const Command& c : commands())
      if (app.got_subcommand(std::string(c.name))) return c.run(args, io);
  } catch (const std::exception& e) {
    std::cerr << "corridor: internal error: " << e.what() << "\n";
    return k_exit_internal;
  }
  return k_exit_usage;
}

}  // namespace corridor::cli
