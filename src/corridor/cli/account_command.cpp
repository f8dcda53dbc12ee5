#include <corridor/cli/account_command.hpp>

#include <corridor/api/auth.hpp>
#include <corridor/cli/common.hpp>
#include <corridor/core/date.hpp>

#include <termios.h>
#include <unistd.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>
#include <string>

namespace corridor::cli {
namespace {

// --role has no field in the Args every command shares, so it is kept here;
// declare_account() resets it for each command line.
struct AccountOptions {
  std::string role;
};

AccountOptions& options() {
  static AccountOptions o;
  return o;
}

core::Error usage(std::string message) {
  return core::make_error(core::Errc::usage, std::move(message));
}

void strip_line_end(std::string& line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
}

// One line from the terminal with echo off (restored before returning).
std::string read_hidden(Io& io, const char* prompt) {
  io.err << prompt << std::flush;
  termios old{};
  const bool quiet = tcgetattr(STDIN_FILENO, &old) == 0;
  if (quiet) {
    termios no_echo = old;
    no_echo.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &no_echo);
  }
  std::string line;
  std::getline(std::cin, line);
  if (quiet) tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  io.err << "\n";
  strip_line_end(line);
  return line;
}

// The password: the first line of standard input, or, on a terminal, asked
// for twice. Errc::usage if it is empty or the two differ.
core::Result<std::string> read_password(Io& io) {
  std::string password;
  if (isatty(STDIN_FILENO)) {
    password = read_hidden(io, "password: ");
    if (!password.empty() && read_hidden(io, "again: ") != password)
      return usage("password: the two entries differ");
  } else {
    std::getline(std::cin, password);
    strip_line_end(password);
  }
  if (password.empty())
    return usage("password: empty (give it on the first line of standard input)");
  return password;
}

std::string describe(const api::Account& acc) {
  std::string out(api::to_string(acc.role));
  if (!acc.party.empty()) out += ", " + acc.party;
  return out;
}

int run_add(const Args& a, Io& io) {
  auto role = api::parse_role(options().role);
  if (!role)
    return fail(io,
                usage("--role: must be officer, admin or monitor (got '" + options().role + "')"));
  return with_service(a, io, [&](app::Service& svc) {
    auto password = read_password(io);
    if (!password) return fail(io, password.error());
    api::Auth auth(svc, io.env);
    auto acc = auth.add_account(a.name, *role, a.party, *password);
    if (!acc) return fail(io, acc.error());
    io.out << "added account " << acc->name << " (" << describe(*acc) << ")\n";
    return k_exit_ok;
  });
}

nlohmann::json to_json(const api::Account& acc) {
  return {{"name", acc.name},
          {"role", api::to_string(acc.role)},
          {"party", acc.party.empty() ? nlohmann::json() : nlohmann::json(acc.party)},
          {"created_at", core::format_timestamp(acc.created_at)},
          {"disabled", acc.disabled}};
}

void print_accounts(std::ostream& out, const std::vector<api::Account>& all) {
  for (const api::Account& acc : all)
    out << std::left << std::setw(24) << acc.name << " " << std::setw(8) << api::to_string(acc.role)
        << " " << std::setw(8) << (acc.party.empty() ? "-" : acc.party) << " created "
        << core::format_timestamp(acc.created_at) << (acc.disabled ? "  disabled" : "") << "\n";
}

int run_list(const Args& a, Io& io) {
  return with_service(
      a, io,
      [&](app::Service& svc) {
        auto all = api::Auth(svc, io.env).accounts();
        if (!all) return fail(io, all.error());
        if (!a.json) {
          print_accounts(io.out, *all);
          return k_exit_ok;
        }
        nlohmann::json j = nlohmann::json::array();
        for (const api::Account& acc : *all) j.push_back(to_json(acc));
        io.out << j.dump(2) << "\n";
        return k_exit_ok;
      },
      Access::read);
}

int run_disable(const Args& a, Io& io) {
  return with_service(a, io, [&](app::Service& svc) {
    if (auto r = api::Auth(svc, io.env).disable_account(a.name); !r) return fail(io, r.error());
    io.out << "disabled account " << a.name << "; its sessions are revoked\n";
    return k_exit_ok;
  });
}

int run_passwd(const Args& a, Io& io) {
  return with_service(a, io, [&](app::Service& svc) {
    auto password = read_password(io);
    if (!password) return fail(io, password.error());
    if (auto r = api::Auth(svc, io.env).set_password(a.name, *password); !r)
      return fail(io, r.error());
    io.out << "changed the password of " << a.name << "; its sessions are revoked\n";
    return k_exit_ok;
  });
}

struct AccountCommand {
  const char* name;
  const char* summary;
  int (*run)(const Args& a, Io& io);
};

constexpr AccountCommand k_account_commands[] = {
    {"add", "Add an account; the password is read from standard input", run_add},
    {"list", "List the accounts (no password hashes)", run_list},
    {"disable", "Disable an account and revoke its sessions", run_disable},
    {"passwd", "Set an account's password (from standard input); revokes its sessions", run_passwd},
};

void declare_options(CLI::App& s, Args& a, std::string_view name) {
  s.add_option("--db", a.db, "The deployment database (made by corridor init)")->required();
  if (name == "list") {
    s.add_flag("--json", a.json, "Print JSON");
    return;
  }
  s.add_option("--name", a.name, "The account's name: a-z 0-9 . _ -, starting with a letter")
      ->required();
  if (name != "add") return;
  s.add_option("--role", options().role, "officer, admin or monitor")->required();
  s.add_option("--party", a.party,
               "The party an officer acts for (a monitor's is the config's monitor party; an "
               "admin has none)");
}

}  // namespace

void declare_account(CLI::App& app, Args& a) {
  options() = AccountOptions{};
  app.require_subcommand(1);
  for (const AccountCommand& c : k_account_commands)
    declare_options(*sub(app, a, c.name, c.summary), a, c.name);
}

int run_account(const Args& a, Io& io) {
  for (const AccountCommand& c : k_account_commands)
    if (a.sub == c.name) return c.run(a, io);
  return fail(io, usage("account: no such command '" + a.sub + "'"));
}

}  // namespace corridor::cli
