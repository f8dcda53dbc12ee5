// The maintained figures (app/stats_tally.hpp) against the definition:
// randomized histories of imports, decisions at every stage (approvals,
// denials, returns, revokes), amendments, closures, same-person decisions
// (a duplicate counts once), crossing days with
// manifests and check-ins, people turning 18, approvals expiring and
// stages going overdue; at many "now"s, with and without each filter,
// every figure Service::stats gives equals stats_detail::derived_stats
// run over every case at that moment. Then `rebuild` reproduces the tables.

#include <corridor/app/service.hpp>

#include <corridor/app/stats_oracle_test.hpp>
#include <corridor/app/stats_tally.hpp>
#include <corridor/app/test_deployment.hpp>
#include <corridor/core/national_id.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/stats_repo.hpp>

#include <gtest/gtest.h>

#include <random>
#include <sstream>

namespace corridor::app {
namespace {

using testing::k_hour;
constexpr core::Timestamp k_day = 24 * k_hour;

class StatsTallyTest : public testing::DeploymentTest {
protected:
  std::mt19937_64 rng{20261206};
  std::map<std::string, std::string> ids;  // ref -> national ID
  int next_ref = 0;
  int done = 0;        // changes that were applied
  int duplicates = 0;  // same-person decisions among them

  int pick(int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); }

  std::string national_id() {
    std::string eight = std::to_string(40000000 + pick(50000000));
    return eight + core::national_id_check_digit(eight);
  }

  // A person born on a day that makes them 18 within the history, now and then.
  std::string birth() {
    if (pick(6) == 0) return core::Date{2007, 11, 24}.plus_days(pick(90)).to_string();
    return core::Date{1950, 1, 1}.plus_days(pick(65 * 365)).to_string();
  }

  std::string row(const std::string& ref, const std::string& dir, const std::string& cat,
                  const std::string& urgency, const std::string& group) {
    const std::string id = national_id();
    ids[ref] = id;
    std::ostringstream r;
    r << ref << "," << dir << "," << cat << "," << urgency << ","
      << (urgency.empty() ? "" : "oncology") << "," << group << "," << id << ",,"
      << "اسم,Name " << ref << "," << birth() << "," << (pick(2) ? "M" : "F") << ",PSE,,"
      << core::Date{2025, 1, 1}.plus_days(pick(300)).to_string() << "\n";
    return r.str();
  }

  void import(int n) {
    std::string csv =
        "ref,direction,category,urgency,diagnosis,group_ref,national_id,passport_no,name_ar,"
        "name_en,date_of_birth,sex,nationality,phone,requested_on\n";
    static const char* urgencies[] = {"life-saving", "critical", "urgent", "routine"};
    for (int i = 0; i < n; ++i) {
      const std::string ref = "R-" + std::to_string(++next_ref);
      switch (pick(5)) {
        case 0:
        case 1:
          csv += row(ref, "exit", "medical", urgencies[pick(4)], "");
          if (pick(2)) csv += row(ref + "-C1", "exit", "companion", "", ref);
          break;
        case 2:
          csv += row(ref, "exit", pick(2) ? "student" : "dual-national", "", "");
          break;
        default:
          csv += row(ref, "entry", pick(2) ? "returnee" : "humanitarian-staff", "", "");
      }
    }
    auto rep = svc->import_csv("r.csv", csv, false, key("pa"));
    ASSERT_TRUE(rep.ok()) << rep.error().message;
    ASSERT_TRUE(rep->committed) << (rep->errors.empty() ? "" : rep->errors.front().message);
  }

  std::vector<CaseSummary> cases() {
    auto all = svc->list_cases({});
    EXPECT_TRUE(all.ok());
    return all.ok() ? *all : std::vector<CaseSummary>{};
  }

  void decide_some() {
    auto all = cases();
    if (all.empty()) return;
    for (int n = 0; n < 6; ++n) {
      const CaseSummary& cs = all[static_cast<std::size_t>(pick(static_cast<int>(all.size())))];
      const core::WorkflowDef* wf = svc->config().workflow_for(cs.direction, cs.category);
      // Mostly a stage the case waits on; now and then any (refused or a revoke).
      const core::StageDef* s =
          &wf->stages[static_cast<std::size_t>(pick(static_cast<int>(wf->stages.size())))];
      if (!cs.pending.empty() && pick(5) != 0)
        s = wf->find_stage(
            cs.pending[static_cast<std::size_t>(pick(static_cast<int>(cs.pending.size())))]);
      DecideRequest d{cs.ref, s->id, core::Outcome::approve, "", "", std::nullopt};
      const int kind = pick(20);
      if (kind == 0 && !s->reasons.empty())
        d.outcome = core::Outcome::deny, d.reason = s->reasons[0];
      if (kind == 1 || kind == 2) d.outcome = core::Outcome::ret, d.note = "papers";
      if (kind == 3) d.outcome = core::Outcome::revoke;
      if (svc->decide(d, key(s->party)).ok()) ++done;
    }
  }

  void amend_or_close() {
    auto all = cases();
    if (all.empty()) return;
    const CaseSummary& cs = all[static_cast<std::size_t>(pick(static_cast<int>(all.size())))];
    switch (pick(4)) {
      case 0:
        for (const char* party : {"pa", "who"})
          if (svc->amend({cs.ref, {{"name_en", "Renamed " + std::to_string(pick(1000))}}},
                         key(party))
                  .ok()) {
            ++done;
            break;
          }
        break;
      case 1:
        if (svc->amend({cs.ref, {{"urgency", "routine"}}}, key("who")).ok()) ++done;
        break;
      case 2: {
        // The same person twice: closed as a duplicate of another case of
        // its direction (pair-direction, pair-group and the others refuse
        // many random pairs, so a few kept cases are tried from a random start).
        const int start = pick(static_cast<int>(all.size()));
        for (std::size_t i = 0; i < all.size() && i < 40; ++i) {
          const CaseSummary& kept = all[(static_cast<std::size_t>(start) + i) % all.size()];
          if (kept.direction != cs.direction || kept.category != cs.category) continue;
          if (svc->same_person({kept.ref, cs.ref}, key("pa")).ok()) {
            ++done, ++duplicates;
            break;
          }
        }
        break;
      }
      default:
        for (const char* party : {"who", "pa"})
          if (svc->close_case(
                     {cs.ref, pick(2) ? core::ClosureKind::deceased : core::ClosureKind::withdrawn,
                      ""},
                     key(party))
                  .ok()) {
            ++done;
            break;
          }
    }
  }

  // Tomorrow open; its manifests built and approved; at 10:00 the first
  // travellers check in, one is a no-show; the day closes at 23:00.
  void crossing_day() {
    const core::Timestamp start = env.now();
    auto today = svc->today();
    const core::Date day = today.plus_days(1);
    auto cap = core::parse_capacity("exit/medical=3,exit/companion=3,exit/student=2,entry/total=3");
    ASSERT_TRUE(cap.ok());
    for (const char* party : {"egypt", "cogat"})
      if (!svc->change_crossing({"open", day, day, "t", *cap}, key(party)).ok()) return;
    for (core::Direction dir : {core::Direction::exit, core::Direction::entry}) {
      auto m = svc->build_manifest(day, dir, key("pa"));
      if (!m.ok()) continue;
      for (const char* party : {"egypt", "cogat"})
        (void)svc->approve_manifest(day, dir, key(party));
      env.set(start + k_day + 2 * k_hour);
      bool first = true;
      for (const ManifestLine& l : m->lines) {
        if (l.standby) continue;
        if (first && svc->no_show(day, l.ref, key("pa")).ok()) {
          first = false;
          ++done;
          continue;
        }
        if (svc->checkin({day, ids[l.ref]}, key("pa")).ok()) ++done;
      }
    }
    env.set(start + k_day + 9 * k_hour);
    (void)svc->close_day(day, key("pa"));
  }

  std::vector<StatsFilter> filters() {
    const core::Date today = svc->today();
    std::vector<StatsFilter> out(8);
    out[1].since = today.plus_days(-10);
    out[2].since = today.plus_days(-40);
    out[2].until = today.plus_days(-5);
    out[3].direction = core::Direction::exit;
    out[4].direction = core::Direction::entry;
    out[5].category = "medical";
    out[6].urgency = "critical";
    out[7].direction = core::Direction::exit;
    out[7].category = "companion";
    out[7].since = today.plus_days(-20);
    return out;
  }

  void check(const std::string& where) {
    for (const StatsFilter& f : filters()) {
      auto got = svc->stats(f);
      ASSERT_TRUE(got.ok()) << got.error().message;
      const Stats want =
          testing::derived_oracle(db_path(), svc->config(), f, env.now(), svc->today());
      testing::expect_same_stats(*got, want, where);
    }
  }
};

TEST_F(StatsTallyTest, MaintainedFiguresEqualAFreshDerivationAtEveryMoment) {
  import(12);
  check("after the first import");
  for (int step = 0; step < 80; ++step) {
    env.advance(pick(40) * k_hour + pick(3600));
    switch (pick(8)) {
      case 0:
        import(3);
        break;
      case 1:
      case 2:
        amend_or_close();
        break;
      case 3:
        crossing_day();
        break;
      default:
        decide_some();
    }
    check("step " + std::to_string(step));
    // Later moments with nothing written: the timeline alone moves them.
    for (core::Timestamp later : {k_hour, 25 * k_hour, 15 * k_day}) {
      env.advance(later);
      check("step " + std::to_string(step) + " +" + std::to_string(later) + " s");
      env.advance(-later);
    }
    if (HasFailure()) break;
  }
  EXPECT_GT(done, 120);                   // a history with many changes, not refusals only
  EXPECT_EQ(svc->stats_fallbacks(), 0u);  // every figure above came from the tallies
  const Stats end = *svc->stats(StatsFilter{});
  EXPECT_GT(end.crossed + end.turned_back, 0);  // the gate was used
  EXPECT_GT(end.denied, 0);
  EXPECT_GT(end.deceased + end.withdrawn, 0);
  EXPECT_GT(duplicates, 0);  // and the figures above counted each duplicate once
  EXPECT_GT(end.by_state.count("expired"), 0u);  // an approval ran out
  auto rebuilt = svc->rebuild(true);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().message;
  EXPECT_EQ(rebuilt->difference, "");
  EXPECT_EQ(rebuilt->before, rebuilt->after);
}

// A deployment made before the figures were kept: migration 11 leaves them
// empty and marked; the first writable open fills them from the cases, and
// they equal both a fresh derivation and the log's replay.
TEST_F(StatsTallyTest, AnOlderDeploymentIsFilledOnItsFirstWritableOpen) {
  import(15);
  for (int step = 0; step < 25; ++step) {
    env.advance(pick(40) * k_hour);
    if (step % 6 == 5)
      crossing_day();
    else if (step % 4 == 3)
      amend_or_close();
    else
      decide_some();
  }
  const Stats before = *svc->stats(StatsFilter{});
  svc.reset();
  {
    auto db = store::Database::open(db_path(), store::OpenMode::read_write);
    ASSERT_TRUE(db.ok()) << db.error().message;
    for (const char* sql : {"DELETE FROM stats_tallies", "DELETE FROM stats_timeline",
                            "DELETE FROM stats_backlog", "DELETE FROM stats_waits",
                            "DELETE FROM stats_decisions", "UPDATE stats_horizon SET at = NULL"})
      ASSERT_TRUE(db->exec(sql).ok()) << sql;
  }
  env.advance(3 * k_day);
  auto opened = Service::open(OpenOptions{db_path()}, env);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  svc = std::move(opened).value();
  {  // Filled: the figures below come from the tables, not the fallback.
    auto db = store::Database::open(db_path(), store::OpenMode::read_only);
    ASSERT_TRUE(db.ok());
    auto h = store::stats_horizon(*db);
    ASSERT_TRUE(h.ok());
    EXPECT_TRUE(h->filled);
    EXPECT_FALSE(store::tallies(*db)->empty());
  }
  check("after filling");
  EXPECT_EQ(svc->stats(StatsFilter{})->cases, before.cases);
  auto rebuilt = svc->rebuild(true);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().message;
  EXPECT_EQ(rebuilt->difference, "");
  EXPECT_EQ(rebuilt->before, rebuilt->after);
  // Changes after the fill keep them equal.
  decide_some();
  check("a change after filling");
}

// Filled after migration 11 on a store whose last statements changed no
// case (manifest approvals): the fill's horizon is the log's latest
// statement, as the replay's is, so `rebuild --check` finds no difference.
TEST_F(StatsTallyTest, FillOfAnOlderDeploymentMatchesItsReplay) {
  import(12);
  for (int step = 0; step < 40; ++step) {
    env.advance(pick(40) * k_hour + pick(3600));
    if (pick(3) == 0)
      amend_or_close();
    else
      decide_some();
  }
  const core::Date day = svc->today().plus_days(6);
  auto cap = core::parse_capacity("exit/medical=3,exit/companion=3,exit/student=2,entry/total=3");
  ASSERT_TRUE(cap.ok());
  for (const char* p : {"egypt", "cogat"})
    ASSERT_TRUE(svc->change_crossing({"open", day, day, "t", *cap}, key(p)).ok());
  ASSERT_TRUE(svc->build_manifest(day, core::Direction::exit, key("pa")).ok());
  env.advance(4 * k_day);  // no case changes from here on
  for (const char* p : {"egypt", "cogat"})
    ASSERT_TRUE(svc->approve_manifest(day, core::Direction::exit, key(p)).ok());
  const core::Config config = svc->config();
  svc.reset();
  {
    auto db = store::Database::open(db_path(), store::OpenMode::read_write);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->exec("UPDATE stats_horizon SET at = NULL").ok());  // as migration 11 leaves it
    // Filled here, its sums written after every case: the same tables.
    auto filled = tally::fill_if_needed(*db, config, 1);
    ASSERT_TRUE(filled.ok()) << filled.error().message;
  }
  auto opened = Service::open(OpenOptions{db_path()}, env);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  svc = std::move(opened).value();
  check("after the fill");
  EXPECT_EQ(svc->stats_fallbacks(), 0u);
  auto rebuilt = svc->rebuild(true);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().message;
  EXPECT_EQ(rebuilt->difference, "");
  EXPECT_EQ(rebuilt->before, rebuilt->after);
}

}  // namespace
}  // namespace corridor::app
