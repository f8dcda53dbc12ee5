#pragma once
// corridor witness serve: a witness over HTTP (C2SP tlog-witness), and the
// parsing of `--listen HOST:PORT` that it shares with corridor serve.

#include <corridor/cli/args.hpp>
#include <corridor/core/result.hpp>

#include <cstdint>
#include <string>
#include <utility>

namespace CLI {
class App;
}

namespace corridor::cli {

// "HOST:PORT" (an IPv6 host in brackets). Errc::usage naming --listen.
core::Result<std::pair<std::string, std::uint16_t>> parse_listen(const std::string& text);

// The `serve` subcommand of `corridor witness`.
void declare_witness_serve(CLI::App& witness, Args& a);

// Serves POST /add-checkpoint until SIGTERM or SIGINT; prints "listening on
// http://HOST:PORT" once bound. 64 for a bad flag or a key that is not a
// witness key, 69 if the state file follows another log key or the address
// is taken.
int run_witness_serve(const Args& a, Io& io);

}  // namespace corridor::cli
