// The server side of scripts/bench_scale.sh: serves an existing deployment
// (a copy of the cached population-scale demo) as `corridor serve` does,
// for wrk beside nginx, and times a day's manifests over HTTP.
//
// usage: bench_scale --db DB [--manifests K]
// Adds an officer with an account for who, pa, egypt and cogat (keys made
// here), starts the server on 127.0.0.1 (port 0) with the per-client
// inquiry limit off (as bench_inquiry). Then times K manifests end to end over HTTP, each for a new
// crossing day (opened by egypt and cogat first, untimed): pa drafts the exit list, signs it and
// commits it; egypt and cogat each draft their approval, sign and commit it; prints the median and
// each step's. Then prints "port=P token=T pid=PID" (T: who's officer's bearer token) and serves
// until standard input closes.

#include <corridor/api/api.hpp>
#include <corridor/api/auth.hpp>
#include <corridor/api/client.hpp>
#include <corridor/api/server.hpp>
#include <corridor/app/env.hpp>
#include <corridor/app/prepared.hpp>
#include <corridor/app/service.hpp>
#include <corridor/ledger/key.hpp>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace corridor;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr const char* k_password = "bench password 1";

int fail(const std::string& what) {
  std::fprintf(stderr, "bench_scale: %s\n", what.c_str());
  return 1;
}

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

api::Request request(std::string method, std::string target, std::string body,
                     const std::string& token) {
  api::Request r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.body = std::move(body);
  r.headers.set("Content-Type", "application/json");
  if (!token.empty()) r.headers.set("Authorization", "Bearer " + token);
  return r;
}

struct Officer {
  ledger::PrivateKey key;
  std::string token;
};

// Draft at `target`, sign what it returns, commit: what an officer's client does.
core::Result<void> draft_sign_commit(api::Client& client, const Officer& o,
                                     const std::string& target, int n) {
  auto draft = client.send(request("POST", target, "{}", o.token));
  if (!draft) return std::move(draft).error();
  if (draft->status != 201)
    return core::make_error(core::Errc::internal, target + ": " + draft->body);
  const json d = json::parse(draft->body);
  const auto notes = app::sign_bodies(d["sign"].get<std::vector<std::string>>(), o.key);
  auto commit =
      request("POST", d["commit"].get<std::string>(), json{{"notes", notes}}.dump(), o.token);
  commit.headers.set("Idempotency-Key", "bench-scale-" + std::to_string(n) + target);
  auto done = client.send(commit);
  if (!done) return std::move(done).error();
  if (done->status != 200)
    return core::make_error(core::Errc::internal, target + ": " + done->body);
  return {};
}

core::Result<Officer> add_officer(app::Service& svc, api::Auth& auth, api::Client& client,
                                  const std::string& party) {
  // An account signs with the key of the officer of its own name.
  const std::string name = "bench-" + party;
  std::string seed(32, static_cast<char>(0x40 + party.size()));
  auto key = ledger::PrivateKey::from_seed(party + "/" + name, ledger::KeyType::ed25519, seed);
  if (!key) return std::move(key).error();
  if (auto r = svc.add_officer(party, name, ledger::format_vkey(key->public_key())); !r)
    return std::move(r).error();
  if (auto a = auth.add_account(name, api::Role::officer, party, k_password); !a)
    return std::move(a).error();
  auto login = client.send(
      request("POST", "/api/v1/session",
              json{{"name", name}, {"password", k_password}, {"bearer", true}}.dump(), ""));
  if (!login || login->status != 201) return core::make_error(core::Errc::internal, "login failed");
  return Officer{std::move(key).value(), json::parse(login->body)["token"]};
}

// K manifests, each on a new day opened first: medians of each step, ms.
void time_manifests(app::Service& svc, api::Client& client, std::map<std::string, Officer>& o,
                    int runs) {
  std::vector<double> build, approve, total;
  const core::Date first = svc.today().plus_days(60);
  for (int k = 0; k < runs; ++k) {
    const core::Date day = first.plus_days(k);
    for (const char* party : {"egypt", "cogat"}) {
      app::CrossingChange open{"open", day, std::nullopt, "bench day", std::nullopt};
      if (auto r = svc.change_crossing(open, o.at(party).key); !r) {
        std::fprintf(stderr, "bench_scale: open %s: %s\n", party, r.error().message.c_str());
        return;
      }
    }
    const std::string path = "/api/v1/manifests/" + day.to_string() + "/exit";
    const auto t0 = Clock::now();
    if (auto r = draft_sign_commit(client, o.at("pa"), path, k); !r) {
      std::fprintf(stderr, "bench_scale: manifest: %s\n", r.error().message.c_str());
      return;
    }
    build.push_back(ms_since(t0));
    const auto t1 = Clock::now();
    for (const char* party : {"egypt", "cogat"})
      if (auto r = draft_sign_commit(client, o.at(party), path + "/approval", k); !r) {
        std::fprintf(stderr, "bench_scale: approval: %s\n", r.error().message.c_str());
        return;
      }
    approve.push_back(ms_since(t1));
    total.push_back(ms_since(t0));
  }
  std::printf(
      "manifest: build + approval end to end over HTTP (draft, sign, commit; egypt and cogat "
      "approve), median of %d: %.0f ms (build %.0f ms, both approvals %.0f ms)\n",
      runs, median(total), median(build), median(approve));
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  std::string db;
  int manifests = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--db")) db = argv[i + 1];
    if (!std::strcmp(argv[i], "--manifests")) manifests = std::atoi(argv[i + 1]);
  }
  if (db.empty()) return fail("usage: bench_scale --db DB [--manifests K]");
  spdlog::set_level(spdlog::level::warn);
  // The clock: now, as `corridor serve` runs.
  auto system = app::system_env();
  app::Env& env = *system;
  // The copy's own log key (the path recorded in it is the original's).
  auto svc = app::Service::open({db, false, db + ".logkey"}, env);
  if (!svc) return fail(svc.error().message);
  api::Auth auth(**svc, env);
  api::ApiOptions options;
  options.inquiries_per_client_per_minute = 0;  // bench only: see bench_inquiry.cpp
  api::Api api(**svc, auth, env, options);
  api::ServerOptions so;
  so.port = 0;
  so.worker_threads = std::getenv("BENCH_WORKERS") ? std::atoi(std::getenv("BENCH_WORKERS")) : 32;
  so.io_threads = 2;  // as `corridor serve` runs
  so.max_connections = 4096;
  auto server = api::Server::start(so, [&api](const api::Request& r) { return api.handle(r); });
  if (!server) return fail(server.error().message);
  const std::uint16_t port = (*server)->port();
  api::Client client(api::Url{"127.0.0.1", port, ""});
  std::map<std::string, Officer> officers;
  for (const char* party : {"who", "pa", "egypt", "cogat"}) {
    auto o = add_officer(**svc, auth, client, party);
    if (!o) return fail(std::string(party) + ": " + o.error().message);
    officers.emplace(party, std::move(o).value());
  }
  if (manifests > 0) time_manifests(**svc, client, officers, manifests);

  std::printf("port=%u token=%s pid=%d\n", port, officers.at("who").token.c_str(),
              static_cast<int>(getpid()));
  std::fflush(stdout);
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  (*server)->stop();
  return 0;
}
