// A day's manifest built and approved on a large store, end to end (the
// plan from the store, the statement drafted, signed, applied by the
// writer, which plans again to check it, committed durably), and the gate's
// day list (GET /api/v1/gate/{date}/travellers through the Api, its read-log
// write included); beside, in the same run, the old plan (a scan of every
// case of the direction, each derived afresh: the old build planned that
// way twice, in the draft and in the writer) and the indexed plan alone.
//
// usage: bench_manifest_store DB [cleared principals, default 2000] [runs, default 5]
// DB is WRITTEN TO (officers, decisions, a crossing day, manifests): give a
// copy (e.g. of the 2.1 M-case store, cp --reflink=auto c.db* copy/); its
// log key is DB.logkey. The first run clears the principals (and their
// companions) through Service::decide_all, as each party would; later runs
// clear only what is missing.

#include <corridor/api/api.hpp>
#include <corridor/api/auth.hpp>
#include <corridor/app/env.hpp>
#include <corridor/app/plan.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/timezone.hpp>
#include <corridor/store/crossing_repo.hpp>

#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace corridor;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

int fail(const std::string& what) {
  std::fprintf(stderr, "bench_manifest_store: %s\n", what.c_str());
  return 1;
}

// Refs of up to n exit principals not yet cleared, with their companions.
std::vector<std::string> pick(const std::string& db_path, int n) {
  std::vector<std::string> refs;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return {};
  const char* sql =
      "WITH p(ref) AS (SELECT ref FROM cases WHERE direction = 'exit' AND category = 'medical' "
      "AND state IN ('registered', 'in-review') ORDER BY id LIMIT ?) "
      "SELECT ref FROM p UNION ALL "
      "SELECT c.ref FROM p CROSS JOIN cases c ON c.group_ref = p.ref WHERE c.group_ref <> ''";
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
  sqlite3_bind_int(st, 1, n);
  while (sqlite3_step(st) == SQLITE_ROW)
    refs.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return refs;
}

// Every pending stage of `refs` approved, stage by stage, by its party.
core::Result<int> clear(app::Service& svc, const std::map<std::string, ledger::PrivateKey>& keys,
                        const std::vector<std::string>& refs) {
  int decided = 0;
  for (int round = 0; round < 6; ++round) {
    std::map<std::string, std::vector<app::DecideRequest>> by_party;
    for (const std::string& ref : refs) {
      auto c = svc.get_case(ref);
      if (!c) return std::move(c).error();
      for (const std::string& stage : c->view.pending_stages())
        by_party[c->view.find(stage)->def->party].push_back(
            {ref, stage, core::Outcome::approve, "", "", std::nullopt});
    }
    if (by_party.empty()) break;
    for (auto& [party, requests] : by_party)
      for (std::size_t i = 0; i < requests.size(); i += 2000) {
        const std::size_t end = std::min(requests.size(), i + 2000);
        for (auto& r : svc.decide_all({requests.data() + i, end - i}, keys.at(party))) {
          if (!r) return std::move(r).error();
          ++decided;
        }
      }
  }
  return decided;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return fail("usage: bench_manifest_store DB [cleared principals] [runs]");
  const std::string db_path = argv[1];
  const int principals = argc > 2 ? std::atoi(argv[2]) : 2000;
  const int runs = argc > 3 ? std::atoi(argv[3]) : 5;
  spdlog::set_level(spdlog::level::warn);
  auto env = app::system_env();
  auto t_open = Clock::now();
  auto svc = app::Service::open({db_path, false, std::nullopt}, *env);
  if (!svc) return fail(svc.error().message);
  std::printf("manifest_store: opened %s in %.0f ms\n", db_path.c_str(), ms_since(t_open));

  // One officer per party, with a key made for this run.
  std::map<std::string, ledger::PrivateKey> keys;
  const std::string officer = "bench-" + std::to_string(env->now());
  for (const core::PartyDef& p : (*svc)->config().parties) {
    auto k = ledger::PrivateKey::generate(p.id + "/" + officer, ledger::KeyType::ed25519);
    if (auto r = (*svc)->add_officer(p.id, officer, ledger::format_vkey(k.public_key())); !r)
      return fail(r.error().message);
    keys.emplace(p.id, std::move(k));
  }
  const std::vector<std::string> refs = pick(db_path, principals);
  auto t_clear = Clock::now();
  auto decided = clear(**svc, keys, refs);
  if (!decided) return fail(decided.error().message);
  std::printf("manifest_store: %zu cases picked (%d principals asked), %d decisions in %.1f s\n",
              refs.size(), principals, *decided, ms_since(t_clear) / 1000);

  const core::Config& config = (*svc)->config();
  auto today = app::local_date(env->now(), config.crossing.time_zone);
  if (!today) return fail(today.error().message);
  for (const std::string& p : config.days.open)
    (void)(*svc)->change_crossing({"open", *today, *today, "bench", std::nullopt}, keys.at(p));
  auto db = (*svc)->reader();
  if (!db) return fail(db.error().message);
  auto day = store::load_day(**db, *today);
  if (!day || !*day) return fail("the crossing day did not open");
  {
    sqlite3* raw = nullptr;
    sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw, "SELECT count(*), sum(state = 'cleared') FROM cases", -1, &st, nullptr);
    if (sqlite3_step(st) == SQLITE_ROW)
      std::printf("manifest_store: %lld cases, %lld cleared\n", sqlite3_column_int64(st, 0),
                  sqlite3_column_int64(st, 1));
    sqlite3_finalize(st);
    sqlite3_close(raw);
  }

  // Baselines: the plan by a scan (the old path, which ran twice a build),
  // and the indexed plan alone.
  std::vector<double> scan_ms, index_ms, build_ms, approve_ms, list_ms;
  std::size_t units = 0, listed = 0;
  for (int i = 0; i < std::max(1, runs / 2); ++i) {
    auto t0 = Clock::now();
    auto p = app::plan_manifest(**db, config, **day, core::Direction::exit, env->now(),
                                app::CandidateSource::scan);
    if (!p) return fail(p.error().message);
    scan_ms.push_back(ms_since(t0));
    units = p->units.size();
  }
  for (int i = 0; i < runs; ++i) {
    auto t0 = Clock::now();
    auto p = app::plan_manifest(**db, config, **day, core::Direction::exit, env->now());
    if (!p) return fail(p.error().message);
    index_ms.push_back(ms_since(t0));
    if (p->units.size() != units) return fail("the indexed plan has other units than the scan");
  }
  // Build (the operator) and approve (every approver), signed and durable.
  for (int i = 0; i < runs; ++i) {
    auto t0 = Clock::now();
    auto built = (*svc)->build_manifest(*today, core::Direction::exit,
                                        keys.at(config.manifest.operator_party));
    if (!built) return fail("build: " + built.error().message);
    build_ms.push_back(ms_since(t0));
    listed = built->lines.size();
    t0 = Clock::now();
    for (const std::string& p : config.manifest.approvers)
      if (auto a = (*svc)->approve_manifest(*today, core::Direction::exit, keys.at(p)); !a)
        return fail("approve: " + a.error().message);
    approve_ms.push_back(ms_since(t0));
  }
  // The gate's day list through the Api, as the operator's page asks.
  api::Auth auth(**svc, *env);
  const std::string account = "bench-pa-" + std::to_string(env->now());
  if (auto a = auth.add_account(account, api::Role::officer, config.manifest.operator_party,
                                "bench-password-123");
      !a)
    return fail(a.error().message);
  api::Api api(**svc, auth, *env);
  api::Request login;
  login.method = "POST";
  login.target = "/api/v1/session";
  login.body =
      nlohmann::json{{"name", account}, {"password", "bench-password-123"}, {"bearer", true}}
          .dump();
  login.headers.set("Content-Type", "application/json");
  login.peer = "127.0.0.1";
  const api::Response session = api.handle(login);
  if (session.status != 201) return fail("login: " + session.body);
  api::Request get;
  get.method = "GET";
  get.target = "/api/v1/gate/" + today->to_string() + "/travellers?why=bench";
  get.headers.set("Authorization",
                  "Bearer " + nlohmann::json::parse(session.body)["token"].get<std::string>());
  get.peer = "127.0.0.1";
  for (int i = 0; i < runs * 4; ++i) {
    auto t0 = Clock::now();
    const api::Response r = api.handle(get);
    list_ms.push_back(ms_since(t0));
    if (r.status != 200) return fail("travellers: " + r.body);
  }
  std::printf("manifest_store: %zu candidate units, %zu listed (main and standby), medians of %d\n",
              units, listed, runs);
  std::printf("  build (plan, sign, writer's check, durable commit)  %8.1f ms\n", median(build_ms));
  std::printf("  approve (%zu approvers, each signed and durable)      %8.1f ms\n",
              config.manifest.approvers.size(), median(approve_ms));
  std::printf("  build + approve                                       %8.1f ms\n",
              median(build_ms) + median(approve_ms));
  std::printf(
      "  baseline: the old plan, a scan of the direction       %8.1f ms (ran twice a build)\n",
      median(scan_ms));
  std::printf("  the indexed plan alone                                %8.1f ms\n",
              median(index_ms));
  std::printf("  GET /api/v1/gate/{date}/travellers (read log incl.)   %8.1f ms (median of %d)\n",
              median(list_ms), runs * 4);
  return 0;
}
