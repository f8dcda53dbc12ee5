#include <corridor/core/result.hpp>

#include <gtest/gtest.h>

namespace corridor::core {
namespace {

TEST(Refuse, CarriesTheRuleAsAMemberAndFirstInTheMessage) {
  const Error e = refuse("stage-party", "party cogat may not decide referral");
  EXPECT_EQ(e.code, Errc::refused);
  EXPECT_EQ(e.rule, "stage-party");
  EXPECT_EQ(e.field, "");
  EXPECT_EQ(e.message, "stage-party: party cogat may not decide referral");
  EXPECT_TRUE(e.details.empty());
}

TEST(Refuse, TakesAFieldAndAnotherCode) {
  const Error e = refuse("ref-taken", "case X exists", "ref", Errc::conflict);
  EXPECT_EQ(e.code, Errc::conflict);
  EXPECT_EQ(e.rule, "ref-taken");
  EXPECT_EQ(e.field, "ref");
  EXPECT_EQ(e.message, "ref-taken: case X exists");
}

TEST(Invalid, IsBadInputNamingTheFieldAsAMemberAndFirstInTheMessage) {
  const Error e = invalid("decisions[2].outcome", "'maybe' is not approve, deny, return or revoke");
  EXPECT_EQ(e.code, Errc::bad_input);
  EXPECT_EQ(e.field, "decisions[2].outcome");
  EXPECT_EQ(e.rule, "");
  EXPECT_EQ(e.message, "decisions[2].outcome: 'maybe' is not approve, deny, return or revoke");
}

TEST(MakeError, NamesNoRuleAndNoField) {
  // A message that looks like "rule: why" is still only text.
  const Error e = make_error(Errc::refused, "stage-party: looks like a rule");
  EXPECT_EQ(e.rule, "");
  EXPECT_EQ(e.field, "");
}

TEST(Result, KeepsTheMembersOfItsError) {
  const Result<int> r = refuse("replayed", "seen before", "", Errc::conflict);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().rule, "replayed");
  Result<void> v = invalid("outcome", "missing");
  ASSERT_FALSE(v);
  EXPECT_EQ(std::move(v).error().field, "outcome");
}

}  // namespace
}  // namespace corridor::core
