#include <corridor/cli/witness_command.hpp>

#include <corridor/api/server.hpp>
#include <corridor/api/witness_http.hpp>
#include <corridor/app/keyfile.hpp>
#include <corridor/app/log_ops.hpp>
#include <corridor/cli/common.hpp>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <iostream>

namespace corridor::cli {

core::Result<std::pair<std::string, std::uint16_t>> parse_listen(const std::string& text) {
  const auto colon = text.rfind(':');
  auto bad = [&] {
    return core::make_error(core::Errc::usage,
                            "--listen '" + text + "': expected HOST:PORT, e.g. 127.0.0.1:8080");
  };
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return bad();
  std::string host = text.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port = text.substr(colon + 1);
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return bad();
  const long p = std::stol(port);
  if (p > 65535) return bad();
  return std::pair{host, static_cast<std::uint16_t>(p)};
}

void declare_witness_serve(CLI::App& witness, Args& a) {
  CLI::App* s = sub(witness, a, "serve",
                    "Serve C2SP tlog-witness POST /add-checkpoint over HTTP for one log");
  s->add_option("--state", a.state_file,
                "The witness's state file: the log's key and the last checkpoint it cosigned")
      ->required();
  s->add_option("--key", a.key, "The witness's private key file (corridor keygen --witness)")
      ->required();
  s->add_option("--log", a.log_vkey, "The verifier key of the log it witnesses")->required();
  s->add_option("--listen", a.listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
}

int run_witness_serve(const Args& a, Io& io) {
  auto listen = parse_listen(a.listen);
  if (!listen) return fail(io, listen.error());
  auto key = app::read_key_file(a.key);
  if (!key) return fail(io, key.error());
  if (key->public_key().type != ledger::KeyType::cosignature)
    return fail(io, core::make_error(core::Errc::usage,
                                     "--key: " + key->public_key().name +
                                         " is not a witness key (corridor keygen --witness)"));
  auto log_key = ledger::parse_vkey(*a.log_vkey);
  if (!log_key)
    return fail(io, core::make_error(core::Errc::usage, "--log: " + log_key.error().message));
  if (log_key->type != ledger::KeyType::ed25519)
    return fail(io, core::make_error(core::Errc::usage, "--log: not a log's (Ed25519) key"));
  auto state = app::read_witness_state(a.state_file);
  if (!state) return fail(io, state.error());
  if (state->log_key && !(*state->log_key == *log_key))
    return fail(
        io, core::make_error(core::Errc::refused,
                             a.state_file + ": this witness follows the log key " +
                                 ledger::format_vkey(*state->log_key) + ", not " + *a.log_vkey));
  spdlog::set_default_logger(spdlog::stderr_logger_mt("witness"));
  spdlog::set_pattern("ts=%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
  api::ServerOptions so;
  so.host = listen->first;
  so.port = listen->second;
  so.worker_threads = 2;
  so.max_body = 64 << 10;  // 63 proof lines and a checkpoint with 100 signatures fit easily
  app::Env& env = io.env;
  auto server = api::Server::start(
      so, api::witness_handler({a.state_file, *key, *log_key, [&env] { return env.now(); }}));
  if (!server) return fail(io, server.error());
  io.out << "listening on http://"
         << (so.host.find(':') != std::string::npos ? "[" + so.host + "]" : so.host) << ":"
         << (*server)->port() << std::endl;
  spdlog::info("msg=listening witness={} log={} port={}", key->public_key().name, log_key->name,
               (*server)->port());
  api::run_until_signal(**server);
  (*server)->stop();
  spdlog::info("msg=stopped");
  return k_exit_ok;
}

}  // namespace corridor::cli
