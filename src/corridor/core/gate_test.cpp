#include <corridor/core/crossing_test_config.hpp>
#include <corridor/core/gate.hpp>

#include <gtest/gtest.h>

namespace corridor::core {
namespace {

using testing::crossing_config;
using testing::rule_of;

const Date k_today{2026, 2, 2};
const Timestamp k_noon = k_today.days_since_epoch() * k_seconds_per_day + 10 * 3600;
const CrossingDay k_open{k_today, "open", {"cogat", "egypt"}, "exit/medical=50", "", false};

Hash256 hash(std::uint8_t n) {
  Hash256 h{};
  h[0] = n;
  return h;
}

CheckIn step(std::string outcome, std::string reason = "") {
  return CheckIn{k_today, std::move(outcome), std::move(reason), hash(1), k_noon + 60};
}

// A scheduled main-list medical traveller on an approved manifest.
AtGate scheduled() {
  AtGate at;
  at.ref = "MOH-1";
  at.category = "medical";
  at.snapshot = hash(1);
  at.state = CaseState::scheduled;
  at.standby = false;
  at.approved_by = {"cogat", "egypt"};
  at.no_show_from = k_noon;
  return at;
}

// A cleared standby medical traveller with a place freed.
AtGate standby() {
  AtGate at = scheduled();
  at.state = CaseState::cleared;
  at.standby = true;
  at.places = {1, 0};
  return at;
}

GateEvent event(std::string ref, std::string category, std::string outcome, bool standby,
                Direction d = Direction::exit, std::string reason = "") {
  GateEvent e;
  e.date = k_today;
  e.case_ref = std::move(ref);
  e.direction = d;
  e.category = std::move(category);
  e.outcome = std::move(outcome);
  e.reason = std::move(reason);
  e.standby = standby;
  return e;
}

TEST(Gate, ATypedNationalIdNeedsItsCheckDigit) {
  EXPECT_TRUE(check_document_number("039337423").ok());  // tests/vectors national_id.json
  auto typo = check_document_number("039337424");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.error().rule, "check-digit");
  EXPECT_EQ(typo.error().field, "document");
  EXPECT_NE(typo.error().message.find("found 4"), std::string::npos) << typo.error().message;
  // Passport numbers, and numbers of another length, are looked up as typed.
  EXPECT_TRUE(check_document_number("C9311195").ok());
  EXPECT_TRUE(check_document_number("12345678").ok());
}

TEST(CheckGateDay, TheOperatorRunsTheGateOnTheDayItself) {
  const Config config = crossing_config();
  EXPECT_TRUE(check_gate_day(config, "pa", k_today, k_today, k_open));
  EXPECT_EQ(rule_of(check_gate_day(config, "egypt", k_today, k_today, k_open)), "gate-party");
  EXPECT_EQ(rule_of(check_gate_day(config, "pa", k_today, k_today.plus_days(-1), k_open)),
            "not-today");
  EXPECT_EQ(rule_of(check_gate_day(config, "pa", k_today, k_today.plus_days(1), k_open)),
            "not-today");
}

TEST(CheckGateDay, TheDayMustBeOpen) {
  const Config config = crossing_config();
  EXPECT_EQ(rule_of(check_gate_day(config, "pa", k_today, k_today, std::nullopt)), "day-not-open");
  CrossingDay closed = k_open;
  closed.gate_closed = true;
  EXPECT_EQ(rule_of(check_gate_day(config, "pa", k_today, k_today, closed)), "day-closed");
}

TEST(CheckCheckin, AScheduledTravellerCrossesOrIsTurnedBack) {
  const Config config = crossing_config();
  auto crossed = check_checkin(config, step("crossed"), scheduled());
  ASSERT_TRUE(crossed) << crossed.error().message;
  EXPECT_EQ(crossed->travel, Travel::crossed);
  EXPECT_FALSE(crossed->standby);
  auto back = check_checkin(config, step("turned-back", "other"), scheduled());
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->travel, Travel::turned_back);
}

TEST(CheckCheckin, TheTravellerMustBeOnTheDaysManifest) {
  const Config config = crossing_config();
  AtGate at = scheduled();
  at.standby.reset();
  EXPECT_EQ(rule_of(check_checkin(config, step("crossed"), at)), "not-on-manifest");
}

TEST(CheckCheckin, EveryApproverMustHaveApprovedTheManifest) {
  const Config config = crossing_config();
  AtGate at = scheduled();
  at.approved_by = {"egypt"};
  auto r = check_checkin(config, step("crossed"), at);
  EXPECT_EQ(rule_of(r), "manifest-not-approved");
  EXPECT_NE(r.error().message.find("approval of cogat"), std::string::npos) << r.error().message;
}

TEST(CheckCheckin, OneOutcomePerTravellerAndDay) {
  const Config config = crossing_config();
  AtGate at = scheduled();
  at.recorded = "crossed";
  EXPECT_EQ(rule_of(check_checkin(config, step("turned-back", "other"), at)), "already-checked-in");
}

TEST(CheckCheckin, TheIdentityCheckedMustBeTheCurrentOne) {
  const Config config = crossing_config();
  AtGate at = scheduled();
  at.snapshot = hash(2);
  EXPECT_EQ(rule_of(check_checkin(config, step("crossed"), at)), "stale-snapshot");
}

TEST(CheckCheckin, AMainListTravellerMustBeScheduled) {
  const Config config = crossing_config();
  AtGate at = scheduled();
  at.state = CaseState::cleared;
  EXPECT_EQ(rule_of(check_checkin(config, step("crossed"), at)), "not-cleared");
  at.state = CaseState::expired;
  EXPECT_EQ(rule_of(check_checkin(config, step("turned-back", "other"), at)), "not-cleared");
}

TEST(CheckCheckin, TurnBackReasonsAreTheConfigsAndACrossingHasNone) {
  const Config config = crossing_config();
  auto unknown = check_checkin(config, step("turned-back", "too-tall"), scheduled());
  EXPECT_EQ(rule_of(unknown), "turn-back-reason");
  EXPECT_EQ(unknown.error().field, "reason");
  EXPECT_EQ(rule_of(check_checkin(config, step("turned-back"), scheduled())), "turn-back-reason");
  EXPECT_EQ(rule_of(check_checkin(config, step("crossed", "other"), scheduled())),
            "turn-back-reason");
}

TEST(CheckCheckin, APendingReexaminationHoldsACrossingNotATurnBack) {
  const Config config = crossing_config();
  AtGate at = scheduled();
  at.reexamination_ordered_on = k_today.plus_days(-1);
  auto r = check_checkin(config, step("crossed"), at);
  EXPECT_EQ(rule_of(r), "reexamination-pending");
  EXPECT_NE(r.error().message.find("eubam ordered a re-examination of case MOH-1 on 2026-02-01"),
            std::string::npos)
      << r.error().message;
  EXPECT_TRUE(check_checkin(config, step("turned-back", "other"), at));
}

TEST(CheckCheckin, AStandbyTravellerTakesAFreedPlace) {
  const Config config = crossing_config();
  auto r = check_checkin(config, step("crossed"), standby());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->standby);
  EXPECT_EQ(r->travel, Travel::crossed);
  // Already scheduled on a later day's list: going today frees that place.
  AtGate later = standby();
  later.state = CaseState::scheduled;
  EXPECT_TRUE(check_checkin(config, step("crossed"), later));
  AtGate review = standby();
  review.state = CaseState::in_review;
  EXPECT_EQ(rule_of(check_checkin(config, step("crossed"), review)), "not-cleared");
}

TEST(CheckCheckin, NoFreePlaceNoStandbyTraveller) {
  const Config config = crossing_config();
  AtGate at = standby();
  at.places = {2, 2};
  auto r = check_checkin(config, step("crossed"), at);
  EXPECT_EQ(rule_of(r), "no-free-place");
  EXPECT_NE(r.error().message.find("(2 no-shows, 2 taken from standby)"), std::string::npos)
      << r.error().message;
  at.places = {0, 0};
  EXPECT_EQ(rule_of(check_checkin(config, step("turned-back", "other"), at)), "no-free-place");
}

TEST(CheckCheckin, AStandbyCompanionGoesOnlyWithTheirPatient) {
  const Config config = crossing_config();
  AtGate at = standby();
  at.category = "companion";
  at.group_ref = "MOH-9";
  EXPECT_EQ(rule_of(check_checkin(config, step("crossed"), at)), "no-free-place");
  at.lead_outcome = "turned-back";
  EXPECT_EQ(rule_of(check_checkin(config, step("crossed"), at)), "no-free-place");
  at.lead_outcome = "crossed";
  EXPECT_TRUE(check_checkin(config, step("crossed"), at));
}

TEST(CheckCheckin, ANoShowFromTheConfigsHourSendsAScheduledTravellerBack) {
  const Config config = crossing_config();
  auto r = check_checkin(config, step("no-show"), scheduled());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->travel);
  EXPECT_FALSE(r->standby);
  CheckIn early = step("no-show");
  early.at = k_noon - 1;
  EXPECT_EQ(rule_of(check_checkin(config, early, scheduled())), "too-early");
}

TEST(CheckCheckin, ANoShowIsAScheduledMainListTravellerWithoutReason) {
  const Config config = crossing_config();
  EXPECT_EQ(rule_of(check_checkin(config, step("no-show"), standby())), "not-on-manifest");
  EXPECT_EQ(rule_of(check_checkin(config, step("no-show", "other"), scheduled())),
            "turn-back-reason");
  AtGate cleared = scheduled();
  cleared.state = CaseState::cleared;
  EXPECT_EQ(rule_of(check_checkin(config, step("no-show"), cleared)), "not-cleared");
}

TEST(FreePlaces, NoShowsAndEarlierTravellersFreeStandbyTravellersUse) {
  const std::vector<GateEvent> events = {
      event("A", "medical", "no-show", false),
      event("B", "medical", "crossed", false),
      event("C", "medical", "crossed", true),
      event("D", "companion", "no-show", false),
      event("E", "medical", "no-show", false, Direction::entry),
      event("F", "medical", "turned-back", true, Direction::exit, "other"),
  };
  FreePlaces p = free_places(events, Direction::exit, "medical", 3);
  EXPECT_EQ(p.freed, 4);  // A, and the 3 gone earlier
  EXPECT_EQ(p.used, 2);   // C and F
  EXPECT_EQ(free_places(events, Direction::exit, "companion", 0).freed, 1);
}

TEST(AbsentFromGate, MainListTravellersWithoutAMainListEvent) {
  const std::vector<GateEvent> events = {event("A", "medical", "crossed", false),
                                         event("B", "medical", "crossed", true)};
  EXPECT_EQ(absent_from_gate({"A", "B", "C"}, events), (std::vector<std::string>{"B", "C"}));
}

TEST(CheckReexamination, TheMonitorOrdersOneForATravellerOnTheList) {
  const Config config = crossing_config();
  ReexaminationFacts f{true, std::nullopt, std::nullopt};
  EXPECT_TRUE(check_reexamination(config, "eubam", "ordered", "MOH-1", k_today, f));
  EXPECT_EQ(rule_of(check_reexamination(config, "pa", "ordered", "MOH-1", k_today, f)),
            "reexamination-party");
  f.on_list = false;
  EXPECT_EQ(rule_of(check_reexamination(config, "eubam", "ordered", "MOH-1", k_today, f)),
            "not-on-manifest");
  f.on_list = true;
  f.recorded = "crossed";
  EXPECT_EQ(rule_of(check_reexamination(config, "eubam", "ordered", "MOH-1", k_today, f)),
            "already-checked-in");
  f.recorded.reset();
  f.order_recorded = false;
  EXPECT_EQ(rule_of(check_reexamination(config, "eubam", "ordered", "MOH-1", k_today, f)),
            "already-ordered");
}

TEST(CheckReexamination, TheMonitorRecordsAWaitingOrder) {
  const Config config = crossing_config();
  ReexaminationFacts f{true, std::nullopt, false};
  EXPECT_TRUE(check_reexamination(config, "eubam", "recorded", "MOH-1", k_today, f));
  // The party whose crossing it holds cannot lift it.
  EXPECT_EQ(rule_of(check_reexamination(config, "pa", "recorded", "MOH-1", k_today, f)),
            "reexamination-party");
  f.order_recorded = true;
  EXPECT_EQ(rule_of(check_reexamination(config, "eubam", "recorded", "MOH-1", k_today, f)),
            "no-reexamination");
  f.order_recorded.reset();
  EXPECT_EQ(rule_of(check_reexamination(config, "eubam", "recorded", "MOH-1", k_today, f)),
            "no-reexamination");
}

}  // namespace
}  // namespace corridor::core
