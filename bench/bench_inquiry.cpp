// The server side of scripts/bench_inquiry.sh: POST /api/v1/public/inquiry
// (status for families) under wrk, beside nginx serving a static file of
// the answer's size. Builds the demo deployment, starts the server on
// 127.0.0.1 (port 0) and writes three files of request bodies, one JSON
// body a line, for the wrk script (bench/inquiry.lua) to cycle through:
//   found.txt    every case's ref with its date of birth (each a match),
//   wrong.txt    every case's ref with a wrong date of birth,
//   unknown.txt  as many refs that no case has.
// Many refs, not one: a match clears a ref's back-off, and a ref fails at
// most twice in one pass of wrong.txt or unknown.txt, under the 4 failures
// the back-off allows before it locks. The per-client limit is off
// (ApiOptions::inquiries_per_client_per_minute = 0), which only a program
// that builds its own Api can do: `corridor serve` has no flag for it, and
// wrk's 256 connections all come from 127.0.0.1.
//
// usage: bench_inquiry [patients, default 16500]
// Prints "port=P dir=D bytes=N" (N: the size of a matching answer), then
// serves until standard input closes.

#include <corridor/api/api.hpp>
#include <corridor/api/auth.hpp>
#include <corridor/api/client.hpp>
#include <corridor/api/server.hpp>
#include <corridor/app/env.hpp>
#include <corridor/app/service.hpp>
#include <corridor/demo/run.hpp>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

using namespace corridor;
using nlohmann::json;

int fail(const std::string& what) {
  std::fprintf(stderr, "bench_inquiry: %s\n", what.c_str());
  return 1;
}

std::string body(const std::string& ref, const core::Date& birth) {
  return json{{"ref", ref}, {"date_of_birth", birth.to_string()}}.dump();
}

}  // namespace

int main(int argc, char** argv) {
  const int patients = argc > 1 ? std::atoi(argv[1]) : 16500;
  const int workers = std::getenv("BENCH_WORKERS") ? std::atoi(std::getenv("BENCH_WORKERS")) : 32;
  spdlog::set_level(spdlog::level::warn);
  namespace fs = std::filesystem;
  const char* tmp = std::getenv("TMPDIR");
  std::string dir = (fs::path(tmp ? tmp : "/tmp") / "bench-inquiry-XXXXXX").string();
  if (!mkdtemp(dir.data())) return fail("cannot make a temporary directory");
  const std::string db_path = dir + "/demo.db";

  demo::DemoRunOptions o;
  o.db_path = db_path;
  o.patients = patients;
  o.end = 1'771'243'200;  // 2026-02-16T12:00:00Z
  std::ostringstream progress;
  std::fprintf(stderr, "inquiry: building the demo deployment (%d patients) ...\n", patients);
  auto demo = demo::run_demo(o, progress);
  if (!demo) return fail(demo.error().message);

  app::ManualEnv env(o.end, 7);
  auto svc = app::Service::open({db_path, false, std::nullopt}, env);
  if (!svc) return fail(svc.error().message);
  auto cases = (*svc)->list_cases({});
  if (!cases) return fail(cases.error().message);
  std::ofstream found(dir + "/found.txt"), wrong(dir + "/wrong.txt"), unknown(dir + "/unknown.txt");
  std::string sample;
  for (const app::CaseSummary& s : *cases) {
    auto d = (*svc)->get_case(s.ref);
    if (!d) return fail(d.error().message);
    const core::Date birth = d->record.person.date_of_birth;
    found << body(s.ref, birth) << '\n';
    if (sample.empty() && s.state == core::CaseState::cleared && s.group_ref.empty())
      sample = body(s.ref, birth);
    wrong << body(s.ref, birth.plus_days(1)) << '\n';
    unknown << body("NX-" + s.ref, birth) << '\n';
  }
  found.close();
  wrong.close();
  unknown.close();
  if (sample.empty()) sample = body(cases->front().ref, {});

  api::Auth auth(**svc, env);
  api::ApiOptions options;
  options.inquiries_per_client_per_minute = 0;  // bench only: see above
  api::Api api(**svc, auth, env, options);
  api::ServerOptions so;
  so.port = 0;
  so.worker_threads = workers;
  so.io_threads = 2;  // as `corridor serve` runs
  so.max_connections = 4096;
  auto server = api::Server::start(so, [&api](const api::Request& r) { return api.handle(r); });
  if (!server) return fail(server.error().message);
  const std::uint16_t port = (*server)->port();

  // The size of a matching answer (a cleared case, with its place), for
  // nginx's file.
  api::Client client(api::Url{"127.0.0.1", port, ""});
  api::Request req;
  req.method = "POST";
  req.target = "/api/v1/public/inquiry";
  req.body = sample;
  req.headers.set("Content-Type", "application/json");
  auto answer = client.send(req);
  if (!answer || answer->status != 200) return fail("the sample inquiry failed");
  std::printf("port=%u dir=%s bytes=%zu cases=%zu\n", port, dir.c_str(), answer->body.size(),
              cases->size());
  std::fflush(stdout);
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  (*server)->stop();
  fs::remove_all(dir);
  return 0;
}
