// The public figures on a small scenario computed by hand (docs/figures.md).

#include <corridor/ledger/figures.hpp>

#include <gtest/gtest.h>

namespace corridor::ledger {
namespace {

constexpr core::Timestamp k_d0 = 1'769'990'400;  // 2026-02-02T00:00:00Z
constexpr core::Timestamp h(int hours) { return k_d0 + hours * 3600; }
const std::string k_sealed1 = "sealed-" + std::string(64, 'a');
const std::string k_sealed2 = "sealed-" + std::string(63, '0') + "7";

// exit/medical: referral (who, 48 h), then security (cogat, 24 h);
// exit/companion: security (cogat, 24 h). One (cogat, security) figure
// counts both workflows' security stage.
core::Config config() {
  core::Config c;
  c.crossing.time_zone = "UTC";
  c.log.origin = "test/log";
  core::WorkflowDef med;
  med.direction = core::Direction::exit;
  med.category = "medical";
  med.stages.push_back({"referral", "who", 1, {"no-hospital-bed"}, 48, 0});
  med.stages.push_back({"security", "cogat", 2, {"security-refusal"}, 24, 0});
  core::WorkflowDef comp;
  comp.direction = core::Direction::exit;
  comp.category = "companion";
  comp.stages.push_back({"security", "cogat", 1, {"security-refusal"}, 24, 0});
  c.workflows = {med, comp};
  return c;
}

core::Hash256 snap(const std::string& id) {
  core::Hash256 s{};
  for (std::size_t i = 0; i < id.size() && i < s.size(); ++i)
    s[i] = static_cast<std::uint8_t>(id[i]);
  return s;
}

Statement base(core::Timestamp t, const std::string& party, const std::string& id) {
  Statement s;
  s.log = "test/log";
  s.time = t;
  s.party = party;
  s.officer = "o";
  s.case_ref = id;
  return s;
}

Statement reg(int hour, const std::string& id, const std::string& category) {
  Statement s = base(h(hour), "who", id);
  s.body = Registration{category, core::Direction::exit, "", snap(id)};
  return s;
}

Statement dec(int hour, const std::string& party, const std::string& id, const std::string& stage,
              core::Outcome o, const std::string& reason = "") {
  Statement s = base(h(hour), party, id);
  s.body = Decision{stage, o, reason, std::nullopt, snap(id)};
  return s;
}

Statement gate(int hour, const std::string& id, GateOutcome o, const std::string& reason = "") {
  Statement s = base(h(hour), "pa", id);
  s.body = GateEvent{core::utc_date(h(hour)), o, reason, snap(id)};
  return s;
}

// The scenario, entry by entry (hours from 2026-02-02T00:00Z, UTC days):
std::vector<Statement> scenario() {
  using O = core::Outcome;
  std::vector<Statement> v;
  // Day 1, 2026-02-02.
  v.push_back(reg(1, "M1", "medical"));                       // e0
  v.push_back(reg(2, "M2", "medical"));                       // e1
  v.push_back(reg(3, "M3", "medical"));                       // e2
  v.push_back(reg(4, "C1", "companion"));                     // e3
  v.push_back(reg(6, "M4", "medical"));                       // e4
  v.push_back(reg(7, "C2", "companion"));                     // e5
  v.push_back(dec(12, "who", "M1", "referral", O::approve));  // e6
  Statement open = base(h(13), "egypt", "");                  // e7: opens day 3
  open.body = CrossingChange{core::Date{2026, 2, 4}, std::nullopt, CrossingAction::open,
                             "opened for medical cases",
                             core::parse_capacity("exit/companion=10,exit/medical=2").value()};
  v.push_back(open);
  // Day 2, 2026-02-03.
  v.push_back(dec(26, "cogat", "M1", "security", O::deny, "security-refusal"));  // e8
  v.push_back(dec(27, "who", "M3", "referral", O::deny, k_sealed1));             // e9
  v.push_back(dec(28, "who", "M2", "referral", O::approve));                     // e10
  v.push_back(dec(29, "who", "M4", "referral", O::ret));                         // e11
  v.push_back(dec(30, "cogat", "C1", "security", O::approve));                   // e12
  v.push_back(dec(32, "cogat", "M2", "security", O::approve));                   // e13
  v.push_back(reg(33, "M5", "medical"));                                         // e14
  v.push_back(reg(34, "M6", "medical"));                                         // e15
  v.push_back(dec(35, "who", "M5", "referral", O::approve));                     // e16
  v.push_back(dec(36, "who", "M6", "referral", O::approve));                     // e17
  v.push_back(dec(37, "cogat", "M5", "security", O::approve));                   // e18
  v.push_back(dec(38, "cogat", "M6", "security", O::approve));                   // e19
  // Day 3, 2026-02-04: the day opened.
  v.push_back(dec(50, "cogat", "C2", "security", O::approve));                // e20
  v.push_back(gate(58, "M2", GateOutcome::crossed));                          // e21
  v.push_back(gate(59, "C2", GateOutcome::no_show));                          // e22
  v.push_back(gate(60, "M5", GateOutcome::turned_back, "security-refusal"));  // e23
  v.push_back(gate(61, "M6", GateOutcome::turned_back, k_sealed2));           // e24
  v.push_back(gate(62, "C1", GateOutcome::crossed));                          // e25
  Statement death = base(h(63), "who", "M4");                                 // e26
  death.body = Closure{core::ClosureKind::deceased, std::nullopt, std::nullopt};
  v.push_back(death);
  // e27: the day's report; closing the day made C3 a no-show (no gate
  // statement), and lists C2 again.
  Statement report = base(h(64), "pa", "");
  report.body = DayReport{core::Date{2026, 2, 4},
                          core::parse_capacity("exit/companion=1,exit/medical=1").value(),
                          {{"M5", "security-refusal"}, {"M6", k_sealed2}},
                          {"C2", "C3"}};
  v.push_back(report);
  return v;
}

Figures compute(const DayClock& clock) {
  const core::Config c = config();
  FiguresBuilder b(c, clock);
  const auto all = scenario();
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_TRUE(b.add(i, all[i]).ok());
  return b.finish({"test/log", all.size(), "ROOT="});
}

void expect_pending(const PendingFigure& p, const char* party, const char* stage,
                    std::int64_t count, std::int64_t median, std::int64_t p90,
                    std::int64_t overdue) {
  SCOPED_TRACE(std::string(party) + "/" + stage);
  EXPECT_EQ(p.party, party);
  EXPECT_EQ(p.stage, stage);
  EXPECT_EQ(p.count, count);
  EXPECT_EQ(p.median_tenths, median);
  EXPECT_EQ(p.p90_tenths, p90);
  EXPECT_EQ(p.overdue, overdue);
}

TEST(Figures, HandComputedScenario) {
  const FixedOffsetClock utc;
  const Figures f = compute(utc);
  ASSERT_EQ(f.days.size(), 3u);
  const FiguresDay &d1 = f.days[0], &d2 = f.days[1], &d3 = f.days[2];
  EXPECT_EQ(d1.date, (core::Date{2026, 2, 2}));
  EXPECT_EQ(d3.date, (core::Date{2026, 2, 4}));

  // Day 1 ends at 24 h. who/referral: M2, M3, M4 waiting since 2, 3, 6 h:
  // waits 18, 21, 22 h. Median (rank ceil(3/2) = 2) 21 h = 0.875 d -> 0.9;
  // p90 (rank ceil(2.7) = 3) 22 h = 0.917 d -> 0.9. None past 48 h.
  // cogat/security: M1 since its referral's approval at 12 h, C1 and C2
  // since their registrations at 4 and 7 h: waits 12, 17, 20 h: median
  // 17 h = 0.708 d -> 0.7, p90 20 h = 0.833 d -> 0.8; none past 24 h.
  ASSERT_EQ(d1.pending.size(), 2u);
  expect_pending(d1.pending[0], "who", "referral", 3, 9, 9, 0);
  expect_pending(d1.pending[1], "cogat", "security", 3, 7, 8, 0);
  ASSERT_EQ(d1.decisions.size(), 1u);
  EXPECT_EQ(d1.decisions[0].party, "who");
  EXPECT_EQ(d1.decisions[0].outcome, "approve");
  EXPECT_TRUE(d1.crossing.empty());  // the opening signed today covers day 3
  EXPECT_TRUE(d1.crossings.empty());

  // Day 2 ends at 48 h. who/referral: only M4, returned at 29 h (a return
  // waits at its stage, but is never overdue): 19 h = 0.79 d -> 0.8. M3 is
  // denied (a sealed reason), M2, M5, M6 approved. cogat/security: only C2,
  // since 7 h: 41 h = 1.71 d -> 1.7, past its 24 h deadline (31 h < 48 h):
  // overdue 1. M1 was denied, M2, C1, M5, M6 approved.
  expect_pending(d2.pending[0], "who", "referral", 1, 8, 8, 0);
  expect_pending(d2.pending[1], "cogat", "security", 1, 17, 17, 1);
  // Decisions by party, stage, outcome (byte order): cogat approved C1, M2,
  // M5, M6 and denied M1; who approved M2, M5, M6, denied M3, returned M4.
  ASSERT_EQ(d2.decisions.size(), 5u);
  const std::pair<const char*, std::int64_t> want[] = {
      {"approve", 4}, {"deny", 1}, {"approve", 3}, {"deny", 1}, {"return", 1}};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(d2.decisions[i].party, i < 2 ? "cogat" : "who");
    EXPECT_EQ(d2.decisions[i].outcome, want[i].first);
    EXPECT_EQ(d2.decisions[i].count, want[i].second);
  }

  // Day 3: the opening (entry 7) covers it, with its capacities; M2
  // (medical) and C1 (companion) crossed, 56 h and 58 h after registering:
  // 2.33 d -> 2.3 (median, rank 1) and 2.42 d -> 2.4 (p90, rank 2). C2 did
  // not show, nor C3 (the day's report); M5 was turned back for a public reason, M6 for a sealed
  // one; M4 died. Nothing is pending: C2 is cleared, every other case ended.
  ASSERT_EQ(d3.crossing.size(), 1u);
  EXPECT_EQ(d3.crossing[0].action, "open");
  EXPECT_EQ(d3.crossing[0].party, "egypt");
  EXPECT_EQ(d3.crossing[0].entry, 7u);
  EXPECT_EQ(d3.crossing[0].reason, "opened for medical cases");
  ASSERT_EQ(d3.crossings.size(), 2u);
  EXPECT_EQ(d3.crossings[0].category, "companion");
  EXPECT_EQ(d3.crossings[0].crossed, 1);
  EXPECT_EQ(d3.crossings[0].capacity, 10);
  EXPECT_EQ(d3.crossings[1].category, "medical");
  EXPECT_EQ(d3.crossings[1].crossed, 1);
  EXPECT_EQ(d3.crossings[1].capacity, 2);
  EXPECT_EQ(d3.no_shows, 2);  // C2 (the gate, and the report) and C3 (the report)
  EXPECT_EQ(d3.turn_backs,
            (std::map<std::string, std::int64_t>{{"private", 1}, {"security-refusal", 1}}));
  EXPECT_EQ(d3.deaths, 1);
  EXPECT_EQ(d3.registration_to_crossing.count, 2);
  EXPECT_EQ(d3.registration_to_crossing.median_tenths, 23);
  EXPECT_EQ(d3.registration_to_crossing.p90_tenths, 24);
  expect_pending(d3.pending[0], "who", "referral", 0, 0, 0, 0);
  expect_pending(d3.pending[1], "cogat", "security", 0, 0, 0, 0);

  // Eight registered; two crossed; one death; one case still open (C2).
  EXPECT_EQ(f.registered, 8);
  EXPECT_EQ(f.crossed, 2);
  EXPECT_EQ(f.deaths, 1);
  EXPECT_EQ(f.pending, 1);
}

TEST(Figures, TheJsonIsCanonical) {
  const FixedOffsetClock utc;
  const std::string json = figures_json(compute(utc));
  EXPECT_EQ(
      json.rfind(R"({"checkpoint":{"origin":"test/log","root":"ROOT=","size":28},"days":[)", 0),
      0u);
  EXPECT_NE(json.find(R"({"crossing":[{"action":"open","entry":7,"party":"egypt","reason":)"
                      R"("opened for medical cases"}],"crossings":[{"capacity":10,"category":)"
                      R"("companion","crossed":1,"direction":"exit"},)"),
            std::string::npos);
  EXPECT_NE(
      json.find(
          R"("pending":[{"count":1,"median_days":0.8,"overdue":0,"p90_days":0.8,"party":"who",)"
          R"("stage":"referral"},{"count":1,"median_days":1.7,"overdue":1,"p90_days":1.7,)"
          R"("party":"cogat","stage":"security"}])"),
      std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("registration_to_crossing":{"count":2,"median_days":2.3,"p90_days":2.4})"
                      R"(,"turn_backs":[{"count":1,"reason":"private"},{"count":1,"reason":)"
                      R"("security-refusal"}]})"),
            std::string::npos);
  const std::string tail =
      R"(],"format":"corridor-figures/v1","timezone":"UTC","totals":{"crossed":2,"deaths":1,)"
      R"("pending":1,"registered":8}})"
      "\n";
  EXPECT_EQ(json.substr(json.size() - tail.size()), tail);
  EXPECT_EQ(json.find(' '), json.find("opened for") + 6);  // no whitespace but in values
}

TEST(Figures, DaysFollowTheClocksZone) {
  // Two hours east of UTC, 23:00Z on day 1 is 01:00 on day 2: the first
  // day is 2026-02-02 (registrations at 01:00Z..07:00Z are 03:00..09:00
  // local), and the last entry (63 h = 2026-02-04T15:00Z) is on 2026-02-04.
  const FixedOffsetClock east(2 * 3600);
  EXPECT_EQ(east.day_of(h(22)), (core::Date{2026, 2, 3}));
  EXPECT_EQ(east.end_of(core::Date{2026, 2, 2}), h(22));
  const Figures f = compute(east);
  ASSERT_EQ(f.days.size(), 3u);
  // Day 1 now ends at 22 h: waits at who/referral are 16, 19, 20 h.
  expect_pending(f.days[0].pending[0], "who", "referral", 3, 8, 8, 0);
}

TEST(Figures, ReasonsAndRounding) {
  EXPECT_EQ(public_reason(k_sealed1), "private");
  EXPECT_EQ(public_reason("security-refusal"), "security-refusal");
  EXPECT_EQ(public_reason("sealed-" + std::string(63, 'a')), "sealed-" + std::string(63, 'a'));
  EXPECT_EQ(public_reason("sealed-" + std::string(64, 'A')), "sealed-" + std::string(64, 'A'));
  EXPECT_EQ(tenths_of_days(0), 0);
  EXPECT_EQ(tenths_of_days(4320 - 1), 0);  // just under half a tenth
  EXPECT_EQ(tenths_of_days(4320), 1);      // half a tenth rounds up
  EXPECT_EQ(tenths_of_days(86400 * 11), 110);
}

TEST(Figures, AStatementTenYearsAwayIsRefused) {
  const core::Config c = config();
  const FixedOffsetClock utc;
  FiguresBuilder b(c, utc);
  ASSERT_TRUE(b.add(0, reg(1, "M1", "medical")).ok());
  Statement far = reg(1, "M2", "medical");
  far.time += (k_figures_max_days + 1) * core::k_seconds_per_day;
  auto r = b.add(1, far);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Errc::bad_input);
  EXPECT_NE(r.error().message.find("entry 1: "), std::string::npos);
  far.time -= core::k_seconds_per_day;  // exactly the limit
  EXPECT_TRUE(b.add(1, far).ok());
}

TEST(Figures, AnEmptyLogHasNoDays) {
  const core::Config c = config();
  const FixedOffsetClock utc;
  FiguresBuilder b(c, utc);
  const std::string json = figures_json(b.finish({"test/log", 0, "AA=="}));
  EXPECT_EQ(json,
            R"({"checkpoint":{"origin":"test/log","root":"AA==","size":0},"days":[],)"
            R"("format":"corridor-figures/v1","timezone":"UTC","totals":{"crossed":0,"deaths":0,)"
            R"("pending":0,"registered":0}})"
            "\n");
}

}  // namespace
}  // namespace corridor::ledger
