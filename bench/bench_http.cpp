// Signed decisions over HTTP per second, beside the same decisions made
// in-process (Service::decide, signed in the caller's process) in the same
// run, on the demo deployment. Each HTTP decision is what an officer's
// client does: POST the decision (the server drafts the statement), sign
// the body it returns, POST the signed note to the draft with an
// Idempotency-Key. The server runs in this process on 127.0.0.1 (port 0),
// with the clients on their own threads and connections.
//
// usage: bench_http [patients, default 16500] [decisions per run, default 1200]
//        bench_http --serve [patients]
// --serve builds the deployment, starts the server and prints one line
// "port=P token=T ref=R" for scripts/bench_http.sh (wrk), then serves until
// standard input closes.

#include <corridor/api/api.hpp>
#include <corridor/api/auth.hpp>
#include <corridor/api/client.hpp>
#include <corridor/api/server.hpp>
#include <corridor/app/env.hpp>
#include <corridor/app/prepared.hpp>
#include <corridor/app/service.hpp>
#include <corridor/demo/run.hpp>
#include <corridor/ledger/key.hpp>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace corridor;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr const char* k_password = "bench password 1";

int fail(const std::string& what) {
  std::fprintf(stderr, "bench_http: %s\n", what.c_str());
  return 1;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
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

struct Run {
  int done = 0;
  int failed = 0;
  double seconds = 0;
  std::vector<double> latencies;  // per decision, seconds
  std::string first_error;
};

// `threads` clients decide the items [from, from + n) over HTTP.
Run decide_over_http(std::uint16_t port, const std::string& token, const ledger::PrivateKey& key,
                     const std::vector<app::QueueItem>& items, std::size_t from, std::size_t n,
                     int threads) {
  Run run;
  std::mutex mutex;
  std::atomic<std::size_t> next{from};
  const auto t0 = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      api::Client client(api::Url{"127.0.0.1", port, ""});
      std::vector<double> lat;
      int ok = 0;
      int bad = 0;
      std::string err;
      for (std::size_t i; (i = next++) < from + n;) {
        const app::QueueItem& q = items[i];
        const auto s = Clock::now();
        auto draft =
            client.send(request("POST", "/api/v1/cases/" + q.ref + "/decisions",
                                json{{"stage", q.stage}, {"outcome", "approve"}}.dump(), token));
        if (!draft || draft->status != 201) {
          ++bad;
          if (err.empty()) err = draft ? draft->body : draft.error().message;
          continue;
        }
        const json d = json::parse(draft->body);
        const auto notes = app::sign_bodies(d["sign"].get<std::vector<std::string>>(), key);
        auto commit =
            request("POST", d["commit"].get<std::string>(), json{{"notes", notes}}.dump(), token);
        commit.headers.set("Idempotency-Key", "bench-" + std::to_string(i));
        auto done = client.send(commit);
        if (!done || done->status != 200) {
          ++bad;
          if (err.empty()) err = done ? done->body : done.error().message;
          continue;
        }
        ++ok;
        lat.push_back(seconds_since(s));
      }
      std::lock_guard lock(mutex);
      run.done += ok;
      run.failed += bad;
      run.latencies.insert(run.latencies.end(), lat.begin(), lat.end());
      if (run.first_error.empty()) run.first_error = err;
      (void)t;
    });
  for (auto& th : pool) th.join();
  run.seconds = seconds_since(t0);
  return run;
}

// The baseline: the same kind of decisions, signed and submitted in-process.
Run decide_in_process(app::Service& svc, const ledger::PrivateKey& key,
                      const std::vector<app::QueueItem>& items, std::size_t from, std::size_t n,
                      int threads) {
  Run run;
  std::mutex mutex;
  std::atomic<std::size_t> next{from};
  const auto t0 = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      std::vector<double> lat;
      int ok = 0;
      int bad = 0;
      for (std::size_t i; (i = next++) < from + n;) {
        app::DecideRequest req;
        req.ref = items[i].ref;
        req.stage = items[i].stage;
        const auto s = Clock::now();
        auto r = svc.decide(req, key);
        r ? ++ok : ++bad;
        if (r) lat.push_back(seconds_since(s));
      }
      std::lock_guard lock(mutex);
      run.done += ok;
      run.failed += bad;
      run.latencies.insert(run.latencies.end(), lat.begin(), lat.end());
    });
  for (auto& th : pool) th.join();
  run.seconds = seconds_since(t0);
  return run;
}

void print(const char* what, const Run& r) {
  std::printf("http: %-40s %6d decisions  %7.0f /s  p50 %6.2f ms  p99 %6.2f ms%s\n", what, r.done,
              r.done / r.seconds, 1e3 * percentile(r.latencies, 0.5),
              1e3 * percentile(r.latencies, 0.99), r.failed ? "  (some failed)" : "");
  if (r.failed) std::printf("      %d failed; first: %s\n", r.failed, r.first_error.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const bool serve = argc > 1 && std::strcmp(argv[1], "--serve") == 0;
  const int arg0 = serve ? 2 : 1;
  const int patients = argc > arg0 ? std::atoi(argv[arg0]) : 16500;
  const int decisions = argc > arg0 + 1 ? std::atoi(argv[arg0 + 1]) : 1200;
  // As `corridor serve` runs: BENCH_WORKERS, BENCH_IO_THREADS to compare.
  const int workers = std::getenv("BENCH_WORKERS") ? std::atoi(std::getenv("BENCH_WORKERS")) : 32;
  const int io_threads =
      std::getenv("BENCH_IO_THREADS") ? std::atoi(std::getenv("BENCH_IO_THREADS")) : 2;
  spdlog::set_level(spdlog::level::warn);  // one log line per request would be the bottleneck
  namespace fs = std::filesystem;
  const char* tmp = std::getenv("TMPDIR");
  std::string dir = (fs::path(tmp ? tmp : "/tmp") / "bench-http-XXXXXX").string();
  if (!mkdtemp(dir.data())) return fail("cannot make a temporary directory");
  const std::string db_path = dir + "/demo.db";

  demo::DemoRunOptions o;
  o.db_path = db_path;
  o.patients = patients;
  o.end = 1'771'243'200;  // 2026-02-16T12:00:00Z
  // BENCH_DB: serve a copy of an existing deployment (the 2.1 M-case store)
  // instead of building the demo; its clock is the real one.
  const char* given = std::getenv("BENCH_DB");
  if (given) {
    o.end = static_cast<core::Timestamp>(std::time(nullptr));
    for (const char* suffix : {"", "-wal"})
      if (fs::exists(std::string(given) + suffix))
        fs::copy_file(std::string(given) + suffix, db_path + suffix);
  } else {
    std::ostringstream progress;
    std::fprintf(stderr, "http: building the demo deployment (%d patients) ...\n", patients);
    auto demo = demo::run_demo(o, progress);
    if (!demo) return fail(demo.error().message);
  }

  app::ManualEnv env(o.end, 7);
  auto svc = app::Service::open({db_path, false, std::nullopt}, env);
  if (!svc) return fail(svc.error().message);
  // An officer of who with an account: who decides the medical stage.
  std::string seed(32, '\x42');
  auto key = ledger::PrivateKey::from_seed("who/bench", ledger::KeyType::ed25519, seed);
  if (!key) return fail(key.error().message);
  // A BENCH_DB copied from an earlier run may have them already.
  if (auto r = (*svc)->add_officer("who", "bench", ledger::format_vkey(key->public_key()));
      !r && !given)
    return fail(r.error().message);
  api::Auth auth(**svc, env);
  if (auto a = auth.add_account("bench", api::Role::officer, "who", k_password); !a && !given)
    return fail(a.error().message);
  api::Api api(**svc, auth, env);
  api::ServerOptions so;
  so.port = 0;
  so.worker_threads = workers;
  so.io_threads = io_threads;
  so.max_connections = 4096;
  auto server =
      api::Server::start(so, [&api](const api::Request& r) { return api.handle_held(r); });
  if (!server) return fail(server.error().message);
  const std::uint16_t port = (*server)->port();

  api::Client client(api::Url{"127.0.0.1", port, ""});
  auto login = client.send(
      request("POST", "/api/v1/session",
              json{{"name", "bench"}, {"password", k_password}, {"bearer", true}}.dump(), ""));
  if (!login || login->status != 201) return fail("login failed");
  const std::string token = json::parse(login->body)["token"];

  auto queue = (*svc)->work_queue("who");
  if (!queue) return fail(queue.error().message);
  std::vector<app::QueueItem> items;
  for (const auto& q : *queue)
    if (q.status == "pending") items.push_back(q);
  if (items.empty()) return fail("who has nothing to decide in the demo");

  if (serve) {
    std::printf("port=%u token=%s ref=%s\n", port, token.c_str(), items.front().ref.c_str());
    std::fflush(stdout);
    std::string line;
    while (std::getline(std::cin, line)) {
    }
    (*server)->stop();
    fs::remove_all(dir);
    return 0;
  }

  const std::size_t n = std::min<std::size_t>(decisions, items.size() / 4);
  std::printf("http: %zu pending who decisions available; %zu per run\n", items.size(), n);
  const Run http1 = decide_over_http(port, token, *key, items, 0, n, 1);
  const Run http8 = decide_over_http(port, token, *key, items, n, n, 8);
  const Run local1 = decide_in_process(**svc, *key, items, 2 * n, n, 1);
  const Run local8 = decide_in_process(**svc, *key, items, 3 * n, n, 8);
  print("over HTTP, 1 client", http1);
  print("over HTTP, 8 clients", http8);
  print("baseline: in-process decide, 1 thread", local1);
  print("baseline: in-process decide, 8 threads", local8);
  (*server)->stop();
  fs::remove_all(dir);
  return 0;
}
