#include <corridor/demo/arrivals.hpp>

#include <gtest/gtest.h>

namespace corridor::demo {
namespace {

TEST(Arrivals, SplitsEvenlyAndKeepsCompanionsWithTheirPatient) {
  const std::string csv =
      "ref,x\n"
      "A,1\nA-C1,1\nA-C2,1\nB,1\nC,1\nC-C1,1\nD,1\nE,1\n";
  const auto parts = split_arrivals(csv, 3);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "ref,x\nA,1\nA-C1,1\nA-C2,1\n");
  EXPECT_EQ(parts[1], "ref,x\nB,1\nC,1\nC-C1,1\n");
  EXPECT_EQ(parts[2], "ref,x\nD,1\nE,1\n");
  std::string joined = "ref,x\n";
  for (const std::string& p : parts) joined += p.substr(6);
  EXPECT_EQ(joined, csv);
}

TEST(Arrivals, GivesEmptyPartsWhenThereAreFewerCasesThanDays) {
  const auto parts = split_arrivals("ref,x\nA,1\n", 3);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "ref,x\nA,1\n");
  EXPECT_EQ(parts[2], "ref,x\n");
}

TEST(Arrivals, BacklogIsTheOlderRowsAndSplitsAtAPatient) {
  const std::string csv =
      "ref,x\n"
      "A,1\nA-C1,1\nB,1\nB-C1,1\nB-C2,1\nC,1\nD,1\nD-C1,1\n";
  // Half the bytes falls inside B's companions: the split moves on to C.
  const BacklogSplit half = split_backlog(csv, 0.5);
  EXPECT_EQ(half.backlog, "ref,x\nA,1\nA-C1,1\nB,1\nB-C1,1\nB-C2,1\n");
  EXPECT_EQ(half.recent, "ref,x\nC,1\nD,1\nD-C1,1\n");
  EXPECT_EQ(half.backlog + half.recent.substr(6), csv);
  // Everything recent: no backlog, the whole file.
  const BacklogSplit all = split_backlog(csv, 1.0);
  EXPECT_EQ(all.backlog, "ref,x\n");
  EXPECT_EQ(all.recent, csv);
  // Nothing recent: the whole file is the backlog.
  const BacklogSplit none = split_backlog(csv, 0.0);
  EXPECT_EQ(none.backlog, csv);
  EXPECT_EQ(none.recent, "ref,x\n");
}

}  // namespace
}  // namespace corridor::demo
