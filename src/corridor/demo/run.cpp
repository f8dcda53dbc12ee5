#include <corridor/demo/run.hpp>

#include <corridor/app/keyfile.hpp>
#include <corridor/app/log_ops.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/timezone.hpp>
#include <corridor/demo/arrivals.hpp>
#include <corridor/demo/crossing_sim.hpp>
#include <corridor/demo/random.hpp>
#include <corridor/demo/witness_demo.hpp>

#include <corridor/ledger/statement.hpp>
#include <corridor/store/account_repo.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <ostream>
#include <sstream>
#include <unordered_map>

namespace corridor::demo {
namespace {

constexpr core::Timestamp k_day = 86400;
constexpr core::Timestamp k_hour = 3600;

// How many cases each party decides per simulated day, for 16,500 patients
// and their ~29,000 companions arriving over the 42 days (~1,100 a day):
// a little more than arrive at each stage, so that a party keeps up with its
// deadlines on most days. COGAT vets every traveller and again each one
// whose clearance expired before a place came up, so it decides about twice
// what arrives. A day's work varies (75% to 125% of the pace), so some days
// fall behind and a few stages go overdue: the exception, as in life.
struct PartyPace {
  std::string_view party;
  int per_day;
  core::Timestamp hour;  // when in the day it works
  // It works on what the earlier parties decided today (the WHO's referral
  // makes a patient's other stages and its companions' decidable).
  bool after_others;
};
constexpr PartyPace k_pace[] = {{"who", 480, 8, false},
                                {"pa", 30, 9, false},
                                {"egypt", 1300, 11, true},
                                {"cogat", 2600, 14, false}};
// A day's referrals arrive the evening before (UTC), ahead of the first
// party's working hours.
constexpr core::Timestamp k_arrival_hour = 20;

// Chances of each outcome at a stage: approve, return, then deny.
struct Odds {
  double approve;
  double ret;
};
Odds odds_for(std::string_view stage, std::string_view category) {
  const bool companion = category == "companion";
  if (stage == "referral") return {0.94, 0.04};
  if (stage == "registration") return {0.90, 0.05};
  if (stage == "acceptance") return {companion ? 0.95 : 0.90, 0.03};
  if (stage == "security") return {companion ? 0.80 : 0.85, 0.0};
  return {0.9, 0.05};
}

constexpr std::string_view k_return_notes[] = {
    "referral form incomplete: attach the treating physician's report",
    "scan of the ID card is unreadable",
    "the other parent's no-objection deed is missing",
};

// Transliteration corrections an officer makes (Mohammed -> Muhammad ...).
constexpr std::pair<std::string_view, std::string_view> k_respellings[] = {
    {"Mohammed", "Muhammad"}, {"Muhammad", "Mohammed"}, {"Ahmad", "Ahmed"},
    {"Ahmed", "Ahmad"},       {"Abu ", "Abou "},        {"al-", "el-"}};

// The demo's officers: three per deciding party, with keys made from the
// demo's seed. They live in memory only; a real officer's key is made by
// `corridor keygen` on their own machine.
struct Officers {
  std::map<std::string, std::vector<ledger::PrivateKey>> by_party;

  const ledger::PrivateKey& pick(std::string_view party, DemoRng& rng) const {
    const auto& keys = by_party.at(std::string(party));
    return keys[rng.below(keys.size())];
  }
};

core::Result<Officers> register_officers(app::Service& svc, app::Env& env) {
  Officers out;
  for (const core::PartyDef& p : svc.config().parties) {
    for (int i = 1; i <= 3; ++i) {
      std::uint8_t seed[32];
      env.random_bytes(seed);
      const std::string officer = "officer-" + std::to_string(i);
      auto key = ledger::PrivateKey::from_seed(
          ledger::officer_key_name(p.id, officer), ledger::KeyType::ed25519,
          std::string_view(reinterpret_cast<const char*>(seed), sizeof seed));
      if (!key) return std::move(key).error();
      if (auto r = svc.add_officer(p.id, officer, ledger::format_vkey(key->public_key())); !r)
        return std::move(r).error();
      out.by_party[p.id].push_back(std::move(key).value());
    }
  }
  return out;
}

struct Walk {
  app::Service& svc;
  app::ManualEnv& env;
  DemoRng rng;
  double scale;
  DemoRunReport& report;
  const Officers& officers;
  std::vector<app::CaseSummary> cases;
  std::unordered_map<std::string, std::size_t> index;
  // The first case of the simulated arrivals (0: every case); a backlog
  // registered before them waits, untouched by the walk.
  std::int64_t from_id = 0;

  void refresh() {
    app::CaseFilter f;
    f.from_id = from_id;
    auto all = svc.list_cases(f);
    cases = all ? std::move(all).value() : std::vector<app::CaseSummary>{};
    index.clear();
    for (std::size_t i = 0; i < cases.size(); ++i) index[cases[i].ref] = i;
  }

  // Urgency rank for ordering; companions take their patient's.
  int rank(const app::CaseSummary& c) const {
    std::string_view u = c.urgency;
    if (!c.group_ref.empty())
      if (auto it = index.find(c.group_ref); it != index.end()) u = cases[it->second].urgency;
    return svc.config().urgency_rank(u).value_or(2);
  }

  // A companion waits until its patient's referral is approved.
  bool ready(const app::CaseSummary& c) const {
    if (c.group_ref.empty()) return true;
    auto it = index.find(c.group_ref);
    if (it == index.end()) return false;
    auto s = cases[it->second].state;
    return s != core::CaseState::registered && s != core::CaseState::returned && core::is_open(s);
  }

  std::string stage_of(const app::CaseSummary& c, std::string_view party) const {
    const core::WorkflowDef* wf = svc.config().workflow_for(c.direction, c.category);
    for (const std::string& id : c.pending)
      if (const core::StageDef* s = wf ? wf->find_stage(id) : nullptr; s && s->party == party)
        return id;
    return {};
  }

  std::vector<const app::CaseSummary*> queue(std::string_view party) const {
    std::vector<const app::CaseSummary*> q;
    for (const app::CaseSummary& c : cases)
      if (core::is_open(c.state) && ready(c) && !stage_of(c, party).empty()) q.push_back(&c);
    std::stable_sort(q.begin(), q.end(), [&](const app::CaseSummary* a, const app::CaseSummary* b) {
      const std::string& ka = a->group_ref.empty() ? a->ref : a->group_ref;
      const std::string& kb = b->group_ref.empty() ? b->ref : b->group_ref;
      return std::tuple(rank(*a), a->requested_on, ka) < std::tuple(rank(*b), b->requested_on, kb);
    });
    return q;
  }

  app::DecideRequest decision(const app::CaseSummary& c, std::string_view party) {
    const std::string stage = stage_of(c, party);
    const Odds odds = odds_for(stage, c.category);
    app::DecideRequest req{c.ref, stage, core::Outcome::approve, "", "", std::nullopt};
    const double roll = rng.unit();
    if (roll < odds.approve) return req;
    if (roll < odds.approve + odds.ret) {
      req.outcome = core::Outcome::ret;
      req.note = k_return_notes[rng.below(std::size(k_return_notes))];
      return req;
    }
    req.outcome = core::Outcome::deny;
    req.reason = deny_reason(c, stage);
    return req;
  }

  std::string deny_reason(const app::CaseSummary& c, const std::string& stage) {
    const core::WorkflowDef* wf = svc.config().workflow_for(c.direction, c.category);
    const core::StageDef* s = wf->find_stage(stage);
    // Mostly the stage's first, most specific reason; sometimes any other.
    return s->reasons[rng.chance(0.7) ? 0 : rng.below(s->reasons.size())];
  }

  void party_works(const PartyPace& pace, core::Timestamp day_start) {
    env.set(day_start + pace.hour * k_hour);
    if (pace.after_others) refresh();
    auto q = queue(pace.party);
    const double share = 0.75 + 0.5 * rng.unit();
    const auto quota = static_cast<std::size_t>(std::max(1.0, pace.per_day * scale * share));
    // Each officer of the party signs the share of the day's work it takes.
    std::map<const ledger::PrivateKey*, std::vector<app::DecideRequest>> batches;
    for (std::size_t i = 0, n = 0; i < q.size() && n < quota; ++i, ++n)
      batches[&officers.pick(pace.party, rng)].push_back(decision(*q[i], pace.party));
    log_reads(pace.party, batches);
    for (const auto& [key, batch] : batches)
      for (const auto& r : svc.decide_all(batch, *key)) {
        if (r) {
          ++report.decisions;
        } else if (++report.refused <= 3) {
          report.first_refusals.push_back(r.error().message);
        }
      }
  }

  // Each officer opens each case before deciding it: one read-log row each,
  // the party's day in one durable batch before the decisions, as the API
  // logs a read before it answers.
  void log_reads(
      std::string_view party,
      const std::map<const ledger::PrivateKey*, std::vector<app::DecideRequest>>& batches) {
    const core::Timestamp now = env.now();
    std::int64_t n = 0;
    auto written = svc.write([&](store::Database& db) -> core::Result<void> {
      n = 0;
      for (const auto& [key, batch] : batches) {
        const std::string& name = key->public_key().name;
        const std::string account = name.substr(name.find('/') + 1);
        for (const app::DecideRequest& r : batch) {
          store::ReadEntry e{0,     now,    account,      "officer", std::string(party),
                             r.ref, "case", "work queue", false,     ""};
          if (auto w = store::insert_read(db, e); !w) return w;
          ++n;
        }
      }
      return {};
    });
    if (written) report.reads += n;
  }

  std::vector<const app::CaseSummary*> open_cases(std::string_view category) const {
    std::vector<const app::CaseSummary*> out;
    for (const app::CaseSummary& c : cases)
      if (core::is_open(c.state) && (category.empty() || c.category == category)) out.push_back(&c);
    return out;
  }

  void close_some(core::ClosureKind kind, std::string_view category, std::string_view party,
                  int count) {
    auto pool = open_cases(category);
    // Deaths fall first on the most urgent: a front-biased pick over the
    // queue in urgency order (erasing keeps the order).
    std::stable_sort(pool.begin(), pool.end(),
                     [&](auto* a, auto* b) { return rank(*a) < rank(*b); });
    for (int i = 0; i < count && !pool.empty(); ++i) {
      const std::size_t at = kind == core::ClosureKind::deceased ? rng.front_biased(pool.size())
                                                                 : rng.below(pool.size());
      app::CloseRequest req{pool[at]->ref, kind,
                            kind == core::ClosureKind::deceased ? "reported by the family" : ""};
      if (svc.close_case(req, officers.pick(party, rng)))
        kind == core::ClosureKind::deceased ? ++report.deaths : ++report.withdrawals;
      pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(at));
    }
  }

  // A companion travels only with its patient: once the patient's case is
  // over (denied, died, withdrew, crossed or turned back), the crossings
  // authority withdraws the companions still open, as it would on hearing
  // of it (their stages would otherwise wait, overdue, for decisions no
  // party will make).
  void withdraw_orphans() {
    for (const app::CaseSummary& c : cases) {
      if (c.group_ref.empty() || !core::is_open(c.state)) continue;
      auto it = index.find(c.group_ref);
      if (it == index.end()) continue;
      const core::CaseState patient = cases[it->second].state;
      if (core::is_open(patient)) continue;
      app::CloseRequest req{c.ref, core::ClosureKind::withdrawn, ""};
      if (svc.close_case(req, officers.pick("pa", rng))) ++report.withdrawals;
    }
  }

  void respell_some(int count) {
    auto pool = open_cases("medical");
    for (int i = 0; i < count && !pool.empty(); ++i) {
      const app::CaseSummary* c = pool[rng.below(pool.size())];
      auto detail = svc.get_case(c->ref);
      if (!detail) continue;
      std::string name = detail->record.person.name_en;
      for (auto [from, to] : k_respellings)
        if (auto pos = name.find(from); pos != std::string::npos) {
          name.replace(pos, from.size(), to);
          break;
        }
      if (name == detail->record.person.name_en) continue;
      if (svc.amend(app::AmendRequest{c->ref, {{"name_en", name}}}, officers.pick("pa", rng)))
        ++report.amendments;
    }
  }

  int scaled(double per_day) {
    const double n = per_day * scale;
    const int whole = static_cast<int>(n);
    return whole + (rng.chance(n - whole) ? 1 : 0);
  }

  void day(core::Timestamp day_start) {
    refresh();
    for (const PartyPace& pace : k_pace) party_works(pace, day_start);
    env.set(day_start + 16 * k_hour);
    // DOMAIN.md: 1,092 died waiting from July 2024 to 28 Nov 2025, ~2.3 a day.
    close_some(core::ClosureKind::deceased, "medical", "who", scaled(2.3));
    close_some(core::ClosureKind::withdrawn, "", "pa", scaled(0.6));
    refresh();
    withdraw_orphans();
    // At least one a day: with referrals arriving over the weeks, a small
    // demo would otherwise often have none to show.
    respell_some(std::max(1, scaled(3.0)));
  }
};

// Registers one day's referrals (a CSV with its header) at `at`.
core::Result<void> arrive(app::Service& svc, app::ManualEnv& env, std::string_view csv,
                          core::Timestamp at, const ledger::PrivateKey& key,
                          DemoRunReport& report) {
  if (csv.find('\n') + 1 >= csv.size()) return {};  // the header only
  env.set(at);
  auto imported = svc.import_csv("demo.csv", csv, false, key);
  if (!imported) return std::move(imported).error();
  if (!imported->committed)
    return core::make_error(core::Errc::internal,
                            "demo data did not import: " + imported->errors.front().message);
  report.imported += imported->rows;
  report.flagged += static_cast<std::int64_t>(imported->flags.size());
  return {};
}

core::Result<void> make_fresh(const DemoRunOptions& o) {
  if (!std::filesystem::exists(o.db_path)) {
    // A log key left without its database belongs to no deployment.
    if (o.fresh) std::filesystem::remove(app::default_log_key_path(o.db_path));
    return {};
  }
  if (!o.fresh)
    return core::make_error(core::Errc::conflict,
                            o.db_path + ": exists; pass --fresh to replace it with a new demo");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(o.db_path + suffix);
  std::filesystem::remove(app::default_log_key_path(o.db_path));
  return {};
}

}  // namespace

core::Result<DemoRunReport> run_demo(const DemoRunOptions& o, std::ostream& progress) {
  if (auto r = make_fresh(o); !r) return std::move(r).error();
  const core::Timestamp start = o.end - (o.days + 1) * k_day;
  app::ManualEnv env(start, o.seed);
  auto svc = app::Service::init(o.db_path, std::nullopt, env);
  if (!svc) return std::move(svc).error();
  // The referrals are registered on the first simulated day.
  auto today = app::local_date(start, (*svc)->config().crossing.time_zone);
  if (!today) return std::move(today).error();

  DemoOptions gen;
  gen.patients = o.patients;
  gen.seed = o.seed;
  gen.today = *today;
  std::ostringstream csv;
  auto counts = write_demo_csv(gen, csv);
  if (!counts) return std::move(counts).error();
  DemoRunReport report;
  report.counts = *counts;
  progress << "demo: generated " << counts->rows() << " referrals (" << counts->patients
           << " patients, " << counts->companions << " companions, " << counts->children
           << " children)\n";
  DemoRng officer_rng(o.seed ^ 0x0ff1ce);
  auto officers = register_officers(**svc, env);
  if (!officers) return std::move(officers).error();
  progress << "demo: registered 3 officers of each party in the log\n";
  // At population scale, all but the recent referrals are the backlog,
  // registered at once now (the fast import) and left waiting.
  const int walked = std::min(o.patients, std::max(o.window_patients, 1));
  BacklogSplit split = split_backlog(csv.str(), static_cast<double>(walked) / o.patients);
  csv = std::ostringstream();
  std::int64_t from_id = 0;
  if (split.backlog.find('\n') + 1 < split.backlog.size()) {
    const auto t0 = std::chrono::steady_clock::now();
    if (auto r =
            arrive(**svc, env, split.backlog, start, officers->pick("pa", officer_rng), report);
        !r)
      return std::move(r).error();
    split.backlog = std::string();
    report.backlog = report.imported;
    // Case rows are numbered from 1 in import order: the arrivals follow.
    from_id = report.backlog + 1;
    progress << "demo: registered a backlog of " << report.backlog << " referrals in one import ("
             << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()
             << " s); the parties work on the " << walked << " most recent patients' referrals\n";
  }
  // The referrals arrive over the simulated days, each day's the evening
  // before (arrivals.hpp), registered by the crossings authority; the last
  // share an hour before now, so that every party has fresh work waiting.
  const std::vector<std::string> arrivals = split_arrivals(split.recent, o.days + 1);
  split.recent = std::string();
  progress << "demo: the referrals arrive over " << o.days << " days\n";

  Walk walk{**svc, env,    DemoRng(o.seed ^ 0x5eed), walked / 16500.0, report, *officers, {},
            {},    from_id};
  DemoRng crossing_rng(o.seed ^ 0xc055);
  CrossingSim crossing{**svc,
                       env,
                       crossing_rng,
                       [&](std::string_view party) -> const ledger::PrivateKey& {
                         return officers->pick(party, crossing_rng);
                       },
                       report,
                       o.end};
  // With a backlog, the crossing opens on the last 4 days only: each list
  // and approval derives every case of its direction afresh (issue 18).
  const int crossing_days = from_id > 0 ? std::min(o.crossing_days, 4) : o.crossing_days;
  const std::string& tz = (*svc)->config().crossing.time_zone;
  auto end_day = app::local_date(o.end, tz);
  if (!end_day) return std::move(end_day).error();
  for (int d = 0; d < o.days; ++d) {
    const core::Timestamp day_start = start + (d + 1) * k_day;
    auto local = app::local_date(day_start + 12 * k_hour, tz);
    if (!local) return std::move(local).error();
    if (auto r = arrive(**svc, env, arrivals[static_cast<std::size_t>(d)],
                        day_start - (24 - k_arrival_hour) * k_hour,
                        officers->pick("pa", officer_rng), report);
        !r)
      return std::move(r).error();
    walk.day(day_start);
    if (d < o.days - crossing_days) continue;
    // Today, at the crossing, is left open with its lists built: its gate
    // has not run (whatever the hour the demo is made at).
    if (*local >= *end_day) continue;
    // The gate runs on the day its list was made for; then the next day is
    // opened and its lists built. One day is held closed after its list
    // was published, as happened in February 2026.
    crossing.run_gate(*local);
    crossing.prepare(local->plus_days(1));
    if (d == o.days - crossing_days / 2)
      crossing.suspend(local->plus_days(1), "held closed pending the return of remains");
  }
  if (auto r = arrive(**svc, env, arrivals.back(), o.end - k_hour,
                      officers->pick("pa", officer_rng), report);
      !r)
    return std::move(r).error();
  env.set(o.end);
  progress << "demo: imported " << report.imported << " cases; " << report.flagged
           << " flagged for review\n";
  progress << "demo: officers opened " << report.reads << " cases (the read log)\n";
  if (auto w = detail::witness_demo(**svc, env, report, o.witness_dir); !w)
    return std::move(w).error();
  progress << "demo: " << o.days << " days of work: " << report.decisions << " decisions, "
           << report.amendments << " identity corrections, " << report.deaths << " deaths and "
           << report.withdrawals << " withdrawals recorded\n"
           << "demo: " << report.crossing_days << " crossing days opened (" << report.suspended_days
           << " suspended): " << report.crossed << " crossed, " << report.no_shows << " no-shows, "
           << report.turned_back << " turned back, " << report.reexaminations
           << " re-examinations; each day closed and attested\n"
           << "demo: the log holds " << report.log_size << " signed statements; its checkpoint "
           << "is cosigned by the witnesses of " << report.witnesses.size() << " parties\n";
  return report;
}

}  // namespace corridor::demo
