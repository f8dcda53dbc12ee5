#include <corridor/core/crossing_test_config.hpp>
#include <corridor/core/manifest_rules.hpp>

#include <gtest/gtest.h>

namespace corridor::core {
namespace {

using testing::crossing_config;
using testing::rule_of;

const Date k_today{2026, 2, 2};
const CrossingDay k_open{k_today, "open", {"cogat", "egypt"}, "exit/medical=50", "", false};

Hash256 hash(std::uint8_t n) {
  Hash256 h{};
  h[0] = n;
  return h;
}

using Refs = std::vector<std::string>;

TEST(CheckManifest, TheOperatorBuildsForAnOpenDayNotStarted) {
  const Config config = crossing_config();
  EXPECT_TRUE(check_manifest(config, "pa", k_today, Direction::exit, k_today, k_open, false));
  EXPECT_TRUE(check_manifest(config, "pa", k_today.plus_days(3), Direction::exit, k_today,
                             CrossingDay{k_today.plus_days(3), "open", {}, "", "", false}, false));
}

TEST(CheckManifest, OnlyTheOperatorBuildsManifests) {
  const Config config = crossing_config();
  EXPECT_EQ(
      rule_of(check_manifest(config, "egypt", k_today, Direction::exit, k_today, k_open, false)),
      "manifest-party");
}

TEST(CheckManifest, NotForADayInThePast) {
  const Config config = crossing_config();
  EXPECT_EQ(rule_of(check_manifest(config, "pa", k_today, Direction::exit, k_today.plus_days(1),
                                   k_open, false)),
            "day-past");
}

TEST(CheckManifest, TheDayMustBeOpenAndNotClosedAtTheGate) {
  const Config config = crossing_config();
  EXPECT_EQ(
      rule_of(check_manifest(config, "pa", k_today, Direction::exit, k_today, std::nullopt, false)),
      "day-not-open");
  CrossingDay pending = k_open;
  pending.status = "pending";
  EXPECT_EQ(
      rule_of(check_manifest(config, "pa", k_today, Direction::exit, k_today, pending, false)),
      "day-not-open");
  CrossingDay closed = k_open;
  closed.gate_closed = true;
  EXPECT_EQ(rule_of(check_manifest(config, "pa", k_today, Direction::exit, k_today, closed, false)),
            "day-closed");
}

TEST(CheckManifest, NotOnceCheckInHasBegun) {
  const Config config = crossing_config();
  auto r = check_manifest(config, "pa", k_today, Direction::entry, k_today, k_open, true);
  EXPECT_EQ(rule_of(r), "manifest-in-use");
  EXPECT_NE(r.error().message.find("2026-02-02 entry"), std::string::npos) << r.error().message;
}

TEST(CheckManifestLists, TheListsMustBeThePolicysInOrder) {
  EXPECT_TRUE(check_manifest_lists({"A", "B"}, {"C"}, {"A", "B"}, {"C"}));
  auto swapped = check_manifest_lists({"A", "B"}, {"C"}, {"B", "A"}, {"C"});
  EXPECT_EQ(rule_of(swapped), "manifest-policy");
  EXPECT_NE(swapped.error().message.find(
                "main list is not the policy's: at position 1 the policy gives A, the "
                "statement has B"),
            std::string::npos)
      << swapped.error().message;
  auto shorter = check_manifest_lists({"A", "B"}, {}, {"A"}, {});
  EXPECT_NE(shorter.error().message.find("at position 2 the policy gives B, the statement has "
                                         "(end)"),
            std::string::npos)
      << shorter.error().message;
  auto standby = check_manifest_lists({"A"}, {"C", "D"}, {"A"}, {"C"});
  EXPECT_EQ(rule_of(standby), "manifest-policy");
  EXPECT_NE(standby.error().message.find("standby list"), std::string::npos);
}

TEST(LeftOff, ThoseOfThePreviousMainListNotOnTheNext) {
  EXPECT_EQ(left_off({"A", "B", "C"}, {"C", "D", "A"}), Refs{"B"});
  EXPECT_EQ(left_off({}, {"A"}), Refs{});
}

TEST(CheckApproval, AnApproverApprovesTheCurrentManifestOnce) {
  const Config config = crossing_config();
  ManifestState m{hash(1), {"cogat"}};
  EXPECT_TRUE(check_approval(config, "egypt", k_today, Direction::exit, m, hash(1)));
}

TEST(CheckApproval, OnlyTheConfigsApproversApprove) {
  const Config config = crossing_config();
  ManifestState m{hash(1), {}};
  auto r = check_approval(config, "pa", k_today, Direction::exit, m, hash(1));
  EXPECT_EQ(rule_of(r), "approval-party");
  EXPECT_NE(r.error().message.find("egypt, cogat"), std::string::npos) << r.error().message;
}

TEST(CheckApproval, ThereMustBeAManifest) {
  const Config config = crossing_config();
  EXPECT_EQ(
      rule_of(check_approval(config, "egypt", k_today, Direction::exit, std::nullopt, hash(1))),
      "no-manifest");
}

TEST(CheckApproval, ItMustNameTheCurrentManifest) {
  const Config config = crossing_config();
  ManifestState m{hash(2), {}};
  EXPECT_EQ(rule_of(check_approval(config, "egypt", k_today, Direction::exit, m, hash(1))),
            "stale-manifest");
}

TEST(CheckApproval, AnApproverApprovesOnce) {
  const Config config = crossing_config();
  ManifestState m{hash(1), {"egypt"}};
  EXPECT_EQ(rule_of(check_approval(config, "egypt", k_today, Direction::exit, m, hash(1))),
            "already-approved");
}

}  // namespace
}  // namespace corridor::core
